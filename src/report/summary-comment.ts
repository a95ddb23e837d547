import type { Report } from "../core/model/index.js";
import type { LinkContext } from "./escape.js";
import type { LineText } from "./fix-preview.js";
import { commitLink, countsLine, findingDetails, findingsTable, fitBlocks, verdict } from "./markdown.js";
import { byImportance, inScope, inherited, plural } from "./select.js";

/** Hidden marker that identifies the App's one summary comment on a PR (found and edited in place). */
export const SUMMARY_MARKER = "<!-- neox-check:summary -->";

/** GitHub rejects comment bodies over 65536 characters; keep a margin for the marker and footer. */
const COMMENT_BUDGET = 60000;
/** The table gets at most this much of the comment; the details get the rest. */
const TABLE_BUDGET = 25000;
/** Rows in the findings table before it says "…and N more". */
const MAX_TABLE_ROWS = 100;

export interface SummaryOptions {
  /** Head lines, to show suggested changes as diffs. */
  lineText?: LineText;
}

/**
 * The PR's summary comment: the verdict first, the counts, a table (new, then inherited, then
 * suppressed, then fixed) with certainty and links to the exact lines at the head SHA, then per finding
 * what / why / how to fix with references in a collapsible block, and suggested changes. Truncated to
 * fit a comment, saying how much was left out.
 */
export function renderSummaryComment(
  report: Report,
  link: LinkContext,
  options: SummaryOptions = {},
): string {
  const { icon, line } = verdict(report);
  const ordered = [...report.findings].sort(byImportance);
  const parts = [SUMMARY_MARKER, `### ${icon} neox-check: ${line}`, "", countsLine(report)];
  if (ordered.length > 0) {
    parts.push("", findingsTable(ordered, report, link, MAX_TABLE_ROWS, TABLE_BUDGET));
  }

  const explained = [...inScope(report), ...inherited(report)].sort(byImportance);
  const footer = footerLine(link);
  if (explained.length > 0) {
    const head = parts.join("\n");
    const budget = COMMENT_BUDGET - head.length - footer.length - 200;
    const blocks = explained.map((f) => findingDetails(f, report, link, options.lineText));
    const { text, omitted } = fitBlocks(blocks, budget);
    parts.push("", "#### Details", "");
    if (text !== "") parts.push(text);
    if (omitted > 0) {
      parts.push(
        "",
        `_Details of ${plural(omitted, "more finding")} are left out to fit in a comment: see the check run, or run \`npx neox-check check\` locally._`,
      );
    }
  }
  parts.push("", footer);
  return parts.join("\n");
}

/**
 * The summary comment once nothing in scope remains: says everything is resolved, lists what the
 * change fixed, and how many inherited findings remain (not introduced by this pull request).
 */
export function renderResolvedComment(report: Report, link: LinkContext): string {
  const fixed = report.findings.filter((f) => f.status === "fixed").sort(byImportance);
  const remaining = inherited(report).length;
  const parts = [
    SUMMARY_MARKER,
    "### ✅ neox-check: all resolved",
    "",
    `Everything neox-check reported on this pull request is resolved as of ${commitLink(link)}.`,
  ];
  if (fixed.length > 0) {
    parts.push("", `This pull request fixes ${plural(fixed.length, "finding")} present on the base:`, "");
    parts.push(findingsTable(fixed, report, link, MAX_TABLE_ROWS, COMMENT_BUDGET));
  }
  if (remaining > 0) {
    parts.push(
      "",
      remaining === 1
        ? "1 inherited finding from the base branch remains; this pull request did not introduce it."
        : `${remaining} inherited findings from the base branch remain; this pull request did not introduce them.`,
    );
  }
  parts.push("", footerLine(link));
  return parts.join("\n");
}

function footerLine(link: LinkContext): string {
  return `<sub>Checked ${commitLink(link)} · comment \`/neox-check help\` for commands · suppress with \`# neox-check: ignore <RULE> -- reason\`</sub>`;
}
