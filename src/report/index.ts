/** The pure renderers of a report: one per output, no I/O. */
export { renderText, type TextOptions } from "./text.js";
export { renderJson, toReportJson, REPORT_JSON_VERSION, type ReportJson, type FindingJson } from "./json.js";
export { renderSarif, SARIF_FINGERPRINT_KEY, type SarifLog } from "./sarif.js";
export { renderGithubCommands } from "./github-commands.js";
export {
  renderSummaryComment,
  renderResolvedComment,
  SUMMARY_MARKER,
  type SummaryOptions,
} from "./summary-comment.js";
export { renderCheckRun, MAX_ANNOTATIONS, type Annotation, type CheckRunOutput } from "./check-run.js";
export {
  renderReviewComments,
  findingMarker,
  parseFindingMarker,
  type ReviewComment,
  type ReviewOptions,
} from "./review-comments.js";
export {
  renderNothingToCheck,
  renderSuperseded,
  renderBrokenConfig,
  renderRunFailure,
  RERUN_ACTION,
  type OutcomeOutput,
  type RunFailure,
} from "./check-run-outcomes.js";
export { renderHelp, renderExplain, type ExplainAdvisory } from "./help.js";
export type { LinkContext } from "./escape.js";
export { countFindings, inScope, type FindingCounts } from "./select.js";
