/**
 * Root causes: findings that share a cause and a fix become one group that lists every place it bites.
 * Every renderer shows groups (one table row, one details block, one inline comment, one text block);
 * counts, exit codes and SARIF results stay per finding.
 */
import type { ReportedFinding, Severity, Span, TextEdit } from "../core/model/index.js";
import { bySeverity } from "../core/engine/severity.js";
import { compareVersions, isVersion } from "../core/versioning/index.js";
import { editsByLine, type LineEdits, type LineText } from "./fix-preview.js";
import { byLocation, headline, plural } from "./select.js";

export interface FindingGroup {
  /** Stable id: the lead finding's fingerprint (it carries the group's inline comment marker). */
  id: string;
  /** The finding that speaks for the group: the most severe and most certain. */
  lead: ReportedFinding;
  /** Every finding of the group, the lead first, then by location. */
  findings: ReportedFinding[];
  severity: Severity;
  /** The one line the group's fix changes, or the lead's line when there is no mechanical fix. */
  anchor: Span;
  /**
   * The edits of the one suggestion on the anchor line: the lead's, or, when several errors on the line
   * want a newer version of the same pin, the newest one (which fixes them all). Empty when none.
   */
  edits: TextEdit[];
  /** Findings whose own fix on the anchor line differs from {@link edits}: it is not offered. */
  yielded: ReportedFinding[];
}

const CERTAINTY_RANK: Record<ReportedFinding["certainty"]["level"], number> = {
  certain: 0,
  inferred: 1,
  unknown: 2,
};

/** The line a finding's fix changes first (single-line edits), or null. */
function fixLine(f: ReportedFinding): LineEdits | null {
  if (f.fix === null || f.fix.edits.length === 0) return null;
  const cached = FIX_LINES.get(f);
  if (cached !== undefined) return cached;
  const line = editsByLine(f.fix.edits)[0] ?? null;
  FIX_LINES.set(f, line);
  return line;
}
const FIX_LINES = new WeakMap<ReportedFinding, LineEdits | null>();

/** Where a finding's comment belongs: the line its fix changes, else its own line. */
function anchorOf(f: ReportedFinding): { path: string; line: number } {
  return fixLine(f) ?? { path: f.location.path, line: f.location.line };
}

/** Stronger first: severity, certainty, then having a mechanical fix, then place. */
function byStrength(a: ReportedFinding, b: ReportedFinding): number {
  return (
    bySeverity(a.severity, b.severity) ||
    CERTAINTY_RANK[a.certainty.level] - CERTAINTY_RANK[b.certainty.level] ||
    Number(fixLine(b) !== null) - Number(fixLine(a) !== null) ||
    byLocation(a, b)
  );
}

/**
 * Groups findings by root cause. Two findings share one when they are the same statement (same rule,
 * message and fix: one unknown key in many files, one pin that endangers many configs) or when their
 * fixes (or, without a fix, their locations) land on the same line (one fix per line). Groups come
 * strongest first, then by place; the input's order does not matter.
 */
export function groupFindings(findings: readonly ReportedFinding[]): FindingGroup[] {
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[i] !== root) {
      const next = parent[i] ?? root;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const first = new Map<string, number>();
  const link = (key: string, i: number): void => {
    const j = first.get(key);
    if (j === undefined) first.set(key, i);
    else parent[find(i)] = find(j);
  };
  for (const [i, f] of findings.entries()) {
    link(`s\u0000${f.ruleId}\u0000${f.messageId}\u0000${f.message}\u0000${f.fix?.description ?? ""}`, i);
    const at = anchorOf(f);
    link(`l\u0000${at.path}\u0000${at.line}`, i);
  }
  const members = new Map<number, ReportedFinding[]>();
  for (const [i, f] of findings.entries()) {
    const root = find(i);
    const list = members.get(root);
    if (list === undefined) members.set(root, [f]);
    else list.push(f);
  }
  const groups = [...members.values()].map(buildGroup);
  return groups.sort((a, b) => byStrength(a.lead, b.lead));
}

function buildGroup(list: ReportedFinding[]): FindingGroup {
  const strongest = [...list].sort(byStrength);
  const lead = strongest[0] as ReportedFinding;
  const leadLine = fixLine(lead);
  const anchor = leadLine ? (leadLine.edits[0]?.span ?? lead.location) : lead.location;
  let edits = leadLine?.edits ?? [];
  const yielded: ReportedFinding[] = [];
  if (leadLine !== null) {
    const onLine = (f: ReportedFinding): LineEdits | undefined =>
      editsByLine(f.fix?.edits ?? []).find((g) => g.path === leadLine.path && g.line === leadLine.line);
    // Errors that want a newer version of the same pin agree on the newest: it removes them all.
    for (const f of strongest) {
      if (f.severity !== "error") continue;
      const theirs = onLine(f);
      if (theirs !== undefined && newerPin(theirs.edits, edits)) edits = theirs.edits;
    }
    for (const f of strongest) {
      const theirs = onLine(f);
      if (theirs !== undefined && !sameEdits(theirs.edits, edits) && !newerPin(edits, theirs.edits))
        yielded.push(f);
    }
  }
  const findings = [lead, ...list.filter((f) => f !== lead).sort(byLocation)];
  return { id: lead.fingerprint, lead, findings, severity: lead.severity, anchor, edits, yielded };
}

function sameEdits(a: TextEdit[], b: TextEdit[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (e, i) =>
        e.replacement === b[i]?.replacement &&
        e.span.column === b[i]?.span.column &&
        e.span.endColumn === b[i]?.span.endColumn,
    )
  );
}

/** `==V` / `>=V` on the same span as `than`, with a newer V: a stronger pin that also satisfies `than`. */
function newerPin(edits: TextEdit[], than: TextEdit[]): boolean {
  const [a] = edits;
  const [b] = than;
  if (edits.length !== 1 || than.length !== 1 || a === undefined || b === undefined) return false;
  if (a.span.column !== b.span.column || a.span.endColumn !== b.span.endColumn) return false;
  const va = /^(?<op>==|>=)(?<v>[^,;\s]+)$/.exec(a.replacement)?.groups;
  const vb = /^(?<op>==|>=)(?<v>[^,;\s]+)$/.exec(b.replacement)?.groups;
  if (!va?.v || !vb?.v || va.op !== vb.op || !isVersion(va.v) || !isVersion(vb.v)) return false;
  return compareVersions(va.v, vb.v) > 0;
}

/** The findings of a group that say the same as its lead (same rule and message): where it bites. */
export function sameAsLead(group: FindingGroup): ReportedFinding[] {
  return group.findings.filter((f) => f.ruleId === group.lead.ruleId && f.messageId === group.lead.messageId);
}

/** Whether the group's cause is on another line than where it bites (a pin for configs). */
export function causeElsewhere(group: FindingGroup): boolean {
  return !sameAsLead(group).some(
    (f) => f.location.path === group.anchor.path && f.location.line === group.anchor.line,
  );
}

/** The text at the anchor's edit span (`deepspeed==0.12.6`), from the head line, or null. */
export function anchorText(group: FindingGroup, lineText?: LineText): string | null {
  if (group.edits.length === 0 || lineText === undefined) return null;
  const line = lineText(group.anchor.path, group.anchor.line);
  if (line === null) return null;
  const start = /^\s*/.exec(line)?.[0].length ?? 0;
  const text = line
    .slice(start)
    .replace(/\s+#.*$/, "")
    .trim();
  return text === "" ? null : text;
}

/** What kind of file a group's findings are in, for counts: configs, dependency files, files. */
function fileNoun(findings: ReportedFinding[]): string {
  if (findings.every((f) => /\.ya?ml$/i.test(f.location.path))) return "config";
  return "file";
}

/** The distinct files a group bites in. */
export function groupFiles(group: FindingGroup): string[] {
  return [...new Set(group.findings.map((f) => f.location.path))];
}

/**
 * A one-line title for the group, short enough for a table: for a cause on another line (a pin), what
 * it does to how many configs (`deepspeed==0.12.6 makes 7 bf16 finetune configs train from scratch`);
 * otherwise the lead's first sentence, with how many places when there are several.
 */
export function groupTitle(group: FindingGroup, lineText?: LineText): string {
  const { lead } = group;
  const same = group.findings.filter((f) => f.ruleId === lead.ruleId && f.messageId === lead.messageId);
  const files = [...new Set(same.map((f) => f.location.path))];
  const subject = anchorText(group, lineText);
  const known = CAUSE_TITLES[`${lead.ruleId}/${lead.messageId}`];
  if (causeElsewhere(group) && subject !== null && known !== undefined) {
    return `\`${subject}\` ${known(files.length)}`;
  }
  const sentence = firstSentence(headline(lead.message));
  if (group.findings.length === 1) return sentence;
  const where =
    files.length > 1
      ? `in ${plural(files.length, fileNoun(same))}`
      : `${plural(group.findings.length, "finding")} on one line`;
  return `${sentence.replace(/[.:]$/, "")} (${where})`;
}

/** Titles for causes that bite elsewhere, keyed by `rule/messageId`: the count is of configs. */
const CAUSE_TITLES: Record<string, (configs: number) => string> = {
  "NXC101/affected": (n) => `makes ${plural(n, "bf16 finetune config")} train from scratch`,
  "NXC101/fp32Zero": (n) => `likely makes ${plural(n, "fp32 ZeRO finetune config")} train from scratch`,
  "NXC101/unknown": (n) => `may make ${plural(n, "finetune config")} train from scratch`,
};

/**
 * The first sentence: up to a period or a colon followed by a space, outside backticks (the rest of a
 * message explains; a title says what).
 */
export function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "`") inCode = !inCode;
    if (!inCode && (ch === "." || ch === ":") && text[i + 1] === " " && i > 20) {
      return ch === "." ? text.slice(0, i + 1) : text.slice(0, i);
    }
  }
  return text;
}
