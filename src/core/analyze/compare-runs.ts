import type { Finding, FindingStatus, ReportedFinding } from "../model/index.js";
import { bySeverity } from "../engine/severity.js";
import type { Suppressor } from "./apply-suppressions.js";

/**
 * Head and base compared by fingerprint: a head finding is `new`, or `existing` when the base has it; a
 * base finding the head no longer has is `fixed` (suppressed as the base's files say). Each finding is
 * checked for suppression; the result is sorted for reading (new first, unsuppressed first, worst first,
 * then by place and rule).
 */
export async function compareRuns(
  head: { findings: Finding[]; suppressor: Suppressor },
  base: { findings: Finding[]; suppressor: Suppressor } | null,
): Promise<ReportedFinding[]> {
  const baseFingerprints = new Set(base?.findings.map((f) => f.fingerprint) ?? []);
  const headFingerprints = new Set(head.findings.map((f) => f.fingerprint));
  const findings: ReportedFinding[] = [];
  for (const finding of dedupe(head.findings)) {
    const status: FindingStatus = base && baseFingerprints.has(finding.fingerprint) ? "existing" : "new";
    findings.push({ ...finding, status, suppressed: await head.suppressor(finding) });
  }
  for (const finding of dedupe(base?.findings ?? [])) {
    if (headFingerprints.has(finding.fingerprint)) continue;
    findings.push({ ...finding, status: "fixed", suppressed: (await base?.suppressor(finding)) ?? null });
  }
  return findings.sort(compareFindings);
}

/** Two findings with one fingerprint are one finding (a rule reporting the same thing twice). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => (seen.has(f.fingerprint) ? false : (seen.add(f.fingerprint), true)));
}

const STATUS_ORDER: Record<FindingStatus, number> = { new: 0, existing: 1, fixed: 2 };

function compareFindings(a: ReportedFinding, b: ReportedFinding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    Number(a.suppressed !== null) - Number(b.suppressed !== null) ||
    bySeverity(a.severity, b.severity) ||
    a.location.path.localeCompare(b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
