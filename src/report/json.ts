import type { Diagnostic, Report, ReportedFinding, Span } from "../core/model/index.js";
import { groupFindings } from "./group-findings.js";
import { byImportance, countFindings, type FindingCounts } from "./select.js";

/** The version of the `check --format json` contract (docs/cli.md). Bumped only on breaking changes. */
export const REPORT_JSON_VERSION = 1;

/** The JSON form of a report: a stable contract, every field always present (null when absent). */
export interface ReportJson {
  version: typeof REPORT_JSON_VERSION;
  failed: boolean;
  failOn: Report["failOn"];
  scope: Report["scope"];
  compared: boolean;
  counts: FindingCounts;
  files: Report["files"];
  findings: FindingJson[];
  diagnostics: DiagnosticJson[];
}

export interface FindingJson {
  ruleId: string;
  ruleName: string;
  severity: ReportedFinding["severity"];
  status: ReportedFinding["status"];
  messageId: string;
  message: string;
  location: Span;
  related: Array<{ label: string; location: Span }>;
  advisory: string | null;
  certainty: { level: ReportedFinding["certainty"]["level"]; detail: string | null };
  fix: { description: string; edits: Array<{ span: Span; replacement: string }> } | null;
  suppressed: { by: "inline" | "config"; reason: string; at: Span | null } | null;
  fingerprint: string;
  /** The root cause it belongs to: the fingerprint of the group's lead (equal to `fingerprint` for the lead). */
  group: string;
  docsUrl: string;
}

export interface DiagnosticJson {
  path: string;
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  code: string;
  message: string;
}

/** The report as `ReportJson`, findings ordered new, inherited, suppressed, fixed (then by place). */
export function toReportJson(report: Report): ReportJson {
  // Root causes are formed among findings of one kind: in scope, inherited, suppressed, fixed.
  const groupOf = new Map<ReportedFinding, string>();
  const kinds = new Map<string, ReportedFinding[]>();
  for (const f of report.findings) {
    const kind = `${f.status}\u0000${f.suppressed === null ? "" : "suppressed"}`;
    const list = kinds.get(kind);
    if (list === undefined) kinds.set(kind, [f]);
    else list.push(f);
  }
  for (const list of kinds.values()) {
    for (const group of groupFindings(list)) for (const f of group.findings) groupOf.set(f, group.id);
  }
  return {
    version: REPORT_JSON_VERSION,
    failed: report.failed,
    failOn: report.failOn,
    scope: report.scope,
    compared: report.compared,
    counts: countFindings(report),
    files: { configs: [...report.files.configs], dependencies: [...report.files.dependencies] },
    findings: [...report.findings]
      .sort(byImportance)
      .map((f) => findingJson(f, groupOf.get(f) ?? f.fingerprint)),
    diagnostics: report.diagnostics.map(diagnosticJson),
  };
}

/** `check --format json`: {@link toReportJson}, pretty-printed, ending with a newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(toReportJson(report), null, 2)}\n`;
}

function findingJson(f: ReportedFinding, group: string): FindingJson {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    severity: f.severity,
    status: f.status,
    messageId: f.messageId,
    message: f.message,
    location: spanJson(f.location),
    related: f.related.map((r) => ({ label: r.label, location: spanJson(r.location) })),
    advisory: f.advisory,
    certainty: { level: f.certainty.level, detail: f.certainty.detail ?? null },
    fix:
      f.fix === null
        ? null
        : {
            description: f.fix.description,
            edits: f.fix.edits.map((e) => ({ span: spanJson(e.span), replacement: e.replacement })),
          },
    suppressed:
      f.suppressed === null
        ? null
        : {
            by: f.suppressed.by,
            reason: f.suppressed.reason,
            at: f.suppressed.at === null ? null : spanJson(f.suppressed.at),
          },
    fingerprint: f.fingerprint,
    group,
    docsUrl: f.docsUrl,
  };
}

/** Fixed key order, whatever order the span was built in. */
function spanJson(s: Span): Span {
  return { path: s.path, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    path: d.path,
    line: d.line,
    column: d.column,
    endLine: d.endLine ?? null,
    endColumn: d.endColumn ?? null,
    code: d.code,
    message: d.message,
  };
}
