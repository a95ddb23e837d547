import type { Report } from "../core/model/index.js";
import { safeUrl, type LinkContext } from "./escape.js";
import type { LineText } from "./fix-preview.js";
import { groupFindings } from "./group-findings.js";
import { commitLink, countsLine, fitBlocks, groupDetails, groupsTable, verdict } from "./markdown.js";
import { inScope, inherited, plural } from "./select.js";

/** Hidden marker that identifies the App's one summary comment on a PR (found and edited in place). */
export const SUMMARY_MARKER = "<!-- neox-check:summary -->";

/**
 * GitHub rejects comment bodies over 65536 characters; a comment is read, not archived, so it stays
 * far below: what does not fit is counted and left to the check run.
 */
export const COMMENT_BUDGET = 40000;
/** The table gets at most this much of the comment; the details get the rest. */
const TABLE_BUDGET = 12000;
/** Rows in the table before "N more in the check run". */
const MAX_TABLE_ROWS = 25;
/** Places listed per entry before "…and N more". */
const MAX_PLACES = 10;

export interface SummaryOptions {
  /** Head lines, to show the fix as a diff and the pin in titles. */
  lineText?: LineText;
  /** The check run's page, where everything left out of the comment is. */
  checkRunUrl?: string;
}

/** `[check run](url)`, or "check run" when there is no URL. */
function checkRunLink(link: LinkContext, url?: string): string {
  const target =
    url ??
    (link.repoUrl !== "" && link.headSha !== ""
      ? `${link.repoUrl.replace(/\/+$/, "")}/commit/${encodeURIComponent(link.headSha)}/checks`
      : undefined);
  const safe = target === undefined ? null : safeUrl(target);
  return safe === null ? "the check run" : `[the check run](${safe})`;
}

/**
 * The PR's summary comment: the verdict first, the counts, then what this pull request introduced,
 * one row per root cause (verdict, what, where) and one collapsible block per root cause (why, where
 * it bites, the one fix, references). Inherited findings are a count with a link to the check run.
 * Capped far below GitHub's limit, saying how many entries are left to the check run.
 */
export function renderSummaryComment(
  report: Report,
  link: LinkContext,
  options: SummaryOptions = {},
): string {
  const { icon, line } = verdict(report);
  const groups = groupFindings(inScope(report));
  const parts = [SUMMARY_MARKER, `### ${icon} neox-check: ${line}`, "", countsLine(report)];
  const checks = checkRunLink(link, options.checkRunUrl);
  const old = inherited(report).length;
  if (old > 0) {
    parts.push(
      "",
      `${plural(old, "inherited finding")} from the base branch ${old === 1 ? "is" : "are"} not from this pull request: see ${checks}.`,
    );
  }
  const footer = footerLine(link);
  if (groups.length > 0) {
    const heading = report.compared ? "What this pull request introduces" : "What neox-check found";
    const table = groupsTable(groups, heading, link, {
      lineText: options.lineText,
      maxRows: MAX_TABLE_ROWS,
      maxChars: TABLE_BUDGET,
    });
    parts.push("", table.text);
    const head = parts.join("\n");
    const budget = COMMENT_BUDGET - head.length - footer.length - 400;
    const shown = groups.length - table.omitted;
    const blocks = groups
      .slice(0, shown)
      .map((g) => groupDetails(g, link, { lineText: options.lineText, maxPlaces: MAX_PLACES }));
    const { text, omitted } = fitBlocks(blocks, budget);
    if (text !== "") parts.push("", text);
    const left = table.omitted + omitted;
    if (left > 0) {
      parts.push(
        "",
        `**${plural(left, "more entry", "more entries")} in ${checks}** (left out to keep this comment readable).`,
      );
    }
  }
  parts.push("", footer);
  return parts.join("\n");
}

/**
 * The summary comment once nothing in scope remains: says it is resolved, what was fixed (the entries
 * of the comment it replaces, and what the change fixed on the base), and inherited findings only as
 * a count.
 */
export function renderResolvedComment(
  report: Report,
  link: LinkContext,
  options: { previous?: string; checkRunUrl?: string } = {},
): string {
  const parts = [
    SUMMARY_MARKER,
    "### ✅ neox-check: all resolved",
    "",
    `Everything neox-check reported on this pull request is resolved as of ${commitLink(link)}.`,
  ];
  const before = previousEntries(options.previous ?? "");
  if (before.length > 0) parts.push("", "Fixed:", "", ...before.map((e) => `- ✅ ${e}`));
  const fixed = groupFindings(report.findings.filter((f) => f.status === "fixed"));
  if (fixed.length > 0) {
    const { text, omitted } = groupsTable(fixed, "Also fixed: present on the base branch", link, {
      maxRows: MAX_TABLE_ROWS,
      maxChars: TABLE_BUDGET,
      onHead: false,
    });
    parts.push("", text);
    if (omitted > 0) parts.push("", `…and ${plural(omitted, "more")}.`);
  }
  const remaining = inherited(report).length;
  if (remaining > 0) {
    parts.push(
      "",
      `${plural(remaining, "inherited finding")} from the base branch ${remaining === 1 ? "remains" : "remain"}, not introduced by this pull request: see ${checkRunLink(link, options.checkRunUrl)}.`,
    );
  }
  parts.push("", footerLine(link));
  return parts.join("\n");
}

/** The What cells of the table in a summary comment this App wrote (already escaped when written). */
function previousEntries(body: string): string[] {
  if (!body.includes(SUMMARY_MARKER) || body.includes("### ✅ neox-check: all resolved")) return [];
  const out: string[] = [];
  for (const line of body.split("\n")) {
    const m = /^\| (?:❌|⚠️|ℹ️) \[?NXC\d+[^|]* \| (?<what>.+) \| (?<where>.+) \|$/.exec(line);
    if (m?.groups?.what) out.push(`${m.groups.what} (${m.groups.where})`);
    if (out.length >= MAX_TABLE_ROWS) break;
  }
  return out;
}

function footerLine(link: LinkContext): string {
  return `<sub>Checked ${commitLink(link)} · comment \`/neox-check help\` for commands · suppress with \`# neox-check: ignore <RULE> -- reason\`</sub>`;
}
