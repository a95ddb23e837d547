/**
 * The report renderers the App publishes with, in one place, plus the few decisions about them that
 * belong to the App (when a comment is worth posting, which findings are still present).
 */
import { listRuleInfo } from "../core/analyze.js";
import { loadKnowledge } from "../core/knowledge/index.js";
import type { Report } from "../core/model/index.js";
import { inScope, renderExplain } from "../report/index.js";

export {
  SUMMARY_MARKER,
  parseFindingMarker,
  renderCheckRun,
  renderHelp,
  renderResolvedComment,
  renderReviewComments,
  renderSummaryComment,
} from "../report/index.js";

/** A summary comment is posted only when the findings in scope are not empty (new ones, by default). */
export function hasSomethingToSay(report: Report): boolean {
  return inScope(report).length > 0;
}

/** Fingerprints of findings still on the head and not suppressed: their inline comments stay visible. */
export function presentFingerprints(report: Report): Set<string> {
  return new Set(
    report.findings.filter((f) => f.status !== "fixed" && f.suppressed === null).map((f) => f.fingerprint),
  );
}

/** The body of the review that carries the inline comments (one per root cause). */
export function renderReviewBody(count: number): string {
  const what = count === 1 ? "1 new problem" : `${count} new problems`;
  return `neox-check: ${what} on lines this pull request changes, each with its fix. The summary comment has the rest.`;
}

/**
 * The reply to `/neox-check explain <rule>`: the rule with its advisories, or, for no rule or an
 * unknown one, the list of known rule ids.
 */
export function renderExplainReply(ruleId: string | null): string {
  const rules = listRuleInfo();
  const rule = ruleId === null ? undefined : rules.find((r) => r.id === ruleId);
  if (rule === undefined) {
    const ids = rules.map((r) => `\`${r.id}\``).join(", ");
    return `Which rule? Try \`/neox-check explain NXC101\`. Known rules: ${ids}.`;
  }
  const advisories = loadKnowledge()
    .advisories.filter((a) => rule.advisories.includes(a.id))
    .map((a) => ({ id: a.id, title: a.title, summary: a.summary, references: a.references }));
  return renderExplain(rule, { advisories });
}
