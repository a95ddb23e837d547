import { PROJECT_URL } from "../core/project.js";
import type { Report, ReportedFinding, RuleInfo, Severity, Span } from "../core/model/index.js";
import { encodePath, escapeMessage } from "./escape.js";
import { groupFindings, type FindingGroup } from "./group-findings.js";
import { byLocation, compareText } from "./select.js";

/** The fingerprint key in `partialFingerprints`: versioned, so a change of scheme never collides. */
export const SARIF_FINGERPRINT_KEY = "neoxCheck/v1";
/** The `partialFingerprints` key shared by every result of one root cause (see `groupFindings`). */
export const SARIF_GROUP_KEY = "neoxCheckRootCause/v1";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = PROJECT_URL;
/** Artifact URIs are relative to the checkout's root, which code scanning knows as `%SRCROOT%`. */
const URI_BASE_ID = "%SRCROOT%";

type SarifLevel = "error" | "warning" | "note";
const LEVEL: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region: SarifRegion;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  message?: { text: string };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; advisories: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  baselineState?: "new" | "unchanged";
  suppressions?: Array<{
    kind: "inSource" | "external";
    status: "accepted";
    justification: string;
    location?: SarifLocation;
  }>;
  fixes?: Array<{
    description: { text: string };
    artifactChanges: Array<{
      artifactLocation: { uri: string; uriBaseId: string };
      replacements: Array<{ deletedRegion: SarifRegion; insertedContent: { text: string } }>;
    }>;
  }>;
  properties: {
    certainty: ReportedFinding["certainty"]["level"];
    certaintyDetail?: string;
    advisory?: string;
    status: ReportedFinding["status"];
  };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri: string;
        rules: SarifRule[];
      };
    };
    columnKind: "utf16CodeUnits";
    results: SarifResult[];
  }>;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: every head finding (new and inherited, suppressed ones with
 * their suppression, so code scanning can track and dismiss them), with rule metadata, levels, exact
 * regions, related locations, a stable `partialFingerprints` entry and fixes where there are edits.
 * Findings the change fixed are not on the head and are left out.
 */
export function renderSarif(report: Report, rules: RuleInfo[], toolVersion: string): SarifLog {
  const findings = report.findings.filter((f) => f.status !== "fixed").sort(byLocation);
  const known = new Map(rules.map((r) => [r.id, r]));
  // Rules the caller did not describe (an internal finding, an older rule list) still get an entry.
  for (const f of findings) {
    if (!known.has(f.ruleId)) {
      known.set(f.ruleId, {
        id: f.ruleId,
        name: f.ruleName,
        severity: f.severity,
        description: f.ruleName,
        docsUrl: f.docsUrl,
        advisories: [],
      });
    }
  }
  const ruleList = [...known.values()].sort((a, b) => compareText(a.id, b.id));
  // One result per location; the results of one root cause share a fingerprint and point at its cause.
  const groupOf = new Map<ReportedFinding, FindingGroup>();
  for (const group of groupFindings(findings)) for (const f of group.findings) groupOf.set(f, group);
  const index = new Map(ruleList.map((r, i) => [r.id, i]));

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "neox-check",
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: INFORMATION_URI,
            rules: ruleList.map(sarifRule),
          },
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) =>
          sarifResult(f, index.get(f.ruleId) ?? 0, report.compared, groupOf.get(f) ?? null),
        ),
      },
    ],
  };
}

function sarifRule(rule: RuleInfo): SarifRule {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: {
      text: `${rule.description}. See ${rule.docsUrl}`,
      markdown: `${escapeMessage(rule.description.replace(/\.$/, ""))}. See [${rule.id} ${rule.name}](${rule.docsUrl}).`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ["neox-check", "gpt-neox", "deepspeed"], advisories: rule.advisories },
  };
}

function sarifResult(
  f: ReportedFinding,
  ruleIndex: number,
  compared: boolean,
  group: FindingGroup | null,
): SarifResult {
  const result: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.location) }],
    partialFingerprints: {
      [SARIF_FINGERPRINT_KEY]: f.fingerprint,
      ...(group === null ? {} : { [SARIF_GROUP_KEY]: group.id }),
    },
    properties: { certainty: f.certainty.level, status: f.status },
  };
  if (f.certainty.detail) result.properties.certaintyDetail = f.certainty.detail;
  if (f.advisory !== null) result.properties.advisory = f.advisory;
  if (compared) result.baselineState = f.status === "new" ? "new" : "unchanged";
  const related = f.related.map((r) => ({ location: r.location, label: r.label }));
  const cause = group?.anchor;
  if (
    cause !== undefined &&
    !(cause.path === f.location.path && cause.line === f.location.line) &&
    !related.some((r) => r.location.path === cause.path && r.location.line === cause.line)
  ) {
    related.push({ location: cause, label: `the cause, shared with ${group?.findings.length ?? 1} results` });
  }
  if (related.length > 0) {
    result.relatedLocations = related.map((r, i) => ({
      id: i + 1,
      physicalLocation: physical(r.location),
      message: { text: r.label },
    }));
  }
  if (f.suppressed !== null) {
    const suppression: NonNullable<SarifResult["suppressions"]>[number] = {
      kind: f.suppressed.by === "inline" ? "inSource" : "external",
      status: "accepted",
      justification: f.suppressed.reason,
    };
    if (f.suppressed.at !== null) suppression.location = { physicalLocation: physical(f.suppressed.at) };
    result.suppressions = [suppression];
  }
  if (f.fix !== null && f.fix.edits.length > 0) {
    const byFile = new Map<
      string,
      Array<{ deletedRegion: SarifRegion; insertedContent: { text: string } }>
    >();
    for (const edit of f.fix.edits) {
      const replacements = byFile.get(edit.span.path) ?? [];
      replacements.push({
        deletedRegion: region(edit.span, true),
        insertedContent: { text: edit.replacement },
      });
      byFile.set(edit.span.path, replacements);
    }
    result.fixes = [
      {
        description: { text: f.fix.description },
        artifactChanges: [...byFile].map(([path, replacements]) => ({
          artifactLocation: artifact(path),
          replacements,
        })),
      },
    ];
  }
  return result;
}

function artifact(path: string): { uri: string; uriBaseId: string } {
  return { uri: encodePath(path), uriBaseId: URI_BASE_ID };
}

function physical(span: Span): SarifPhysicalLocation {
  return { artifactLocation: artifact(span.path), region: region(span) };
}

/**
 * SARIF regions are 1-based with an exclusive end column, as spans are. An empty span is an insertion
 * point for an edit, and is widened to one character for a location (so viewers highlight something).
 */
function region(span: Span, allowEmpty = false): SarifRegion {
  const startLine = Math.max(1, span.line);
  const startColumn = Math.max(1, span.column);
  const endLine = Math.max(startLine, span.endLine);
  const minEnd = allowEmpty ? startColumn : startColumn + 1;
  const endColumn = endLine === startLine ? Math.max(minEnd, span.endColumn) : Math.max(1, span.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}
