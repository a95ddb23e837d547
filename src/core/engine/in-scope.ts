import type { Report, ReportedFinding } from "../model/index.js";

/** NXC001 (a broken repo config) always counts, inherited or not: it changes what every other rule does. */
const REPO_CONFIG_RULE = "NXC001";

/**
 * Whether a finding counts (shown in full, annotated, weighed against `fail_on`): an unsuppressed head
 * finding, and only a new one when a base was compared and the scope is `new`.
 */
export function countsInScope(finding: ReportedFinding, report: Pick<Report, "scope" | "compared">): boolean {
  return (
    finding.status !== "fixed" &&
    finding.suppressed === null &&
    (report.scope === "all" ||
      !report.compared ||
      finding.status === "new" ||
      finding.ruleId === REPO_CONFIG_RULE)
  );
}
