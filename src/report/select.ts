import type { Certainty, Report, ReportedFinding } from "../core/model/index.js";
import { countsInScope } from "../core/engine/in-scope.js";
import { bySeverity } from "../core/engine/severity.js";

/** How many findings of each kind a report holds. Suppressed ones are counted once, as suppressed. */
export interface FindingCounts {
  /** New on the head (or every head finding when no base was compared), not suppressed. */
  new: number;
  /** Already on the base ("inherited"), not suppressed. */
  existing: number;
  /** Head findings (new or existing) suppressed inline or by the repo config. */
  suppressed: number;
  /** On the base only: the change removes them. */
  fixed: number;
  /** Among the findings in scope (see {@link inScope}), by severity. */
  errors: number;
  warnings: number;
  infos: number;
}

/** A broken repo config is always shown, inherited or not (as `analyze` weighs it). */
/**
 * The findings that count: unsuppressed head findings, restricted to new ones when a base was compared
 * and the scope is `new`. These are the ones shown in full, annotated and weighed against `fail_on`.
 */
export function inScope(report: Report): ReportedFinding[] {
  return report.findings.filter((f) => countsInScope(f, report));
}

/** Unsuppressed head findings that are not in scope (inherited from the base). */
export function inherited(report: Report): ReportedFinding[] {
  const shown = new Set(inScope(report));
  return report.findings.filter((f) => f.status !== "fixed" && f.suppressed === null && !shown.has(f));
}

/** The report's findings counted by status and, for those in scope, by severity. */
export function countFindings(report: Report): FindingCounts {
  const counts: FindingCounts = {
    new: 0,
    existing: 0,
    suppressed: 0,
    fixed: 0,
    errors: 0,
    warnings: 0,
    infos: 0,
  };
  for (const f of report.findings) {
    if (f.status === "fixed") counts.fixed += 1;
    else if (f.suppressed !== null) counts.suppressed += 1;
    else if (f.status === "new") counts.new += 1;
    else counts.existing += 1;
  }
  for (const f of inScope(report)) {
    if (f.severity === "error") counts.errors += 1;
    else if (f.severity === "warning") counts.warnings += 1;
    else counts.infos += 1;
  }
  return counts;
}

const STATUS_RANK: Record<ReportedFinding["status"], number> = { new: 0, existing: 1, fixed: 2 };

/** By file, then line, column and rule: for output grouped by file. */
export function byLocation(a: ReportedFinding, b: ReportedFinding): number {
  return (
    compareText(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** New first, then inherited, then suppressed, then fixed; within each, errors first, then by location. */
export function byImportance(a: ReportedFinding, b: ReportedFinding): number {
  return rank(a) - rank(b) || bySeverity(a.severity, b.severity) || byLocation(a, b);
}

function rank(f: ReportedFinding): number {
  if (f.status === "fixed") return 3;
  if (f.suppressed !== null) return 2;
  return STATUS_RANK[f.status];
}

/** Code-point order, independent of the machine's locale (outputs must be byte-stable). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `certain`, `inferred` or `unknown: <what is unknown>`. */
export function certaintyText(certainty: Certainty): string {
  if (certainty.level === "unknown") return certainty.detail ? `unknown: ${certainty.detail}` : "unknown";
  if (certainty.level === "inferred" && certainty.detail) return `inferred: ${certainty.detail}`;
  return certainty.level;
}

/** How many findings are in scope, whatever their severity. */
export function inScopeTotal(counts: FindingCounts): number {
  return counts.errors + counts.warnings + counts.infos;
}

/**
 * The counts that follow the in-scope one in every output's counts line: `1 inherited`, `0 suppressed`,
 * `2 fixed` (inherited and fixed only when a base was compared).
 */
export function otherCounts(report: Report, counts: FindingCounts): string[] {
  if (!report.compared) return [`${counts.suppressed} suppressed`];
  return [`${counts.existing} inherited`, `${counts.suppressed} suppressed`, `${counts.fixed} fixed`];
}

/** `1 error`, `2 warnings` (`pluralNoun` for irregular plurals: `2 more entries`) */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** `2 errors, 1 warning, 3 info` for the findings in scope (the severities' own names); empty when none. */
export function severitySummary(counts: FindingCounts): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, "error"));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, "warning"));
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  return parts.join(", ");
}

/** The first line of a message (the rest explains; tables and titles show only this). */
export function headline(message: string): string {
  return message.split(/\r\n|\r|\n/, 1)[0] ?? "";
}
