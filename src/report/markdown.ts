/**
 * Markdown building blocks shared by the summary comment, the check run and the review comments:
 * the verdict, the findings table and the per-finding details. Every piece of user text goes through
 * `escape.ts`.
 */
import type { Report, ReportedFinding, Severity, Span } from "../core/model/index.js";
import {
  blobUrl,
  codeFence,
  codeSpan,
  escapeHtml,
  escapeHtmlWithReferences,
  escapeMarkdown,
  escapeMarkdownLines,
  escapeMessage,
  escapeWithReferences,
  markdownLink,
  safeUrl,
  tableCodeSpan,
  truncate,
  type LinkContext,
} from "./escape.js";
import { editedLine, editsByLine, type LineText } from "./fix-preview.js";
import {
  causeElsewhere,
  firstSentence,
  groupTitle,
  sameAsLead,
  type FindingGroup,
} from "./group-findings.js";

export { sameAsLead };
import {
  certaintyText,
  countFindings,
  headline,
  inScopeTotal,
  otherCounts,
  plural,
  severitySummary,
} from "./select.js";

export const SEVERITY_ICON: Record<Severity, string> = { error: "❌", warning: "⚠️", info: "ℹ️" };
const SEVERITY_LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

/** Longest finding text in a table cell (the details carry the whole message). */
const CELL_MAX = 200;

/** `[path:line](link at the head SHA)`; plain text for a finding the change fixed (it is not on the head). */
export function locationLink(span: Pick<Span, "path" | "line">, link: LinkContext, onHead = true): string {
  const label = `${span.path}:${span.line}`;
  return markdownLink(label, onHead ? blobUrl(link, span.path, span.line) : null);
}

/** One word for where a finding stands: new, inherited, suppressed (and by what), fixed. */
export function statusText(f: ReportedFinding, compared: boolean): string {
  if (f.status === "fixed") return "✅ fixed";
  if (f.suppressed !== null) {
    return `suppressed (${f.suppressed.by === "inline" ? "inline" : "repo config"}: ${escapeMarkdown(
      truncate(f.suppressed.reason, 80),
    )})`;
  }
  if (f.status === "existing") return "inherited";
  return compared ? "**new**" : "found";
}

/** `❌ error`, `⚠️ warning`, `ℹ️ info` */
export function severityText(severity: Severity): string {
  return `${SEVERITY_ICON[severity]} ${SEVERITY_LABEL[severity]}`;
}

/** A rule reference: its id linked to its docs, and its name. */
export function ruleText(f: ReportedFinding): string {
  return `${markdownLink(f.ruleId, safeUrl(f.docsUrl))} ${tableCodeSpan(f.ruleName)}`;
}

/**
 * The findings table: one row per finding, in the order given, at most `maxRows` rows and `maxChars`
 * characters (a last row then says how many more there are).
 */
export function findingsTable(
  findings: ReportedFinding[],
  report: Report,
  link: LinkContext,
  maxRows: number,
  maxChars = Number.POSITIVE_INFINITY,
): string {
  const rows = [
    "| Severity | Status | Rule | Location | Finding | Certainty |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  let used = rows.join("\n").length + 100;
  let shown = 0;
  for (const f of findings.slice(0, maxRows)) {
    const row = `| ${severityText(f.severity)} | ${statusText(f, report.compared)} | ${ruleText(f)} | ${locationLink(
      f.location,
      link,
      f.status !== "fixed",
    )} | ${escapeMessage(truncate(headline(f.message), CELL_MAX), { inTable: true })} | ${escapeMarkdown(
      truncate(certaintyText(f.certainty), CELL_MAX),
    )} |`;
    if (used + row.length + 1 > maxChars) break;
    rows.push(row);
    used += row.length + 1;
    shown += 1;
  }
  if (findings.length > shown) {
    rows.push(`| | | | | …and ${plural(findings.length - shown, "more finding")} | |`);
  }
  return rows.join("\n");
}

/**
 * The verdict, first thing a reader sees: blocking or not, and how many problems the change brings
 * (the caller puts the product name in front where the context does not already give it).
 */
export function verdict(report: Report): { icon: string; line: string } {
  const counts = countFindings(report);
  const total = inScopeTotal(counts);
  const what = severitySummary(counts);
  if (report.failed) {
    return { icon: "❌", line: report.compared ? `this pull request introduces ${what}` : `found ${what}` };
  }
  if (total > 0) {
    const scope = report.compared ? `${plural(total, "new finding")} (${what})` : `found ${what}`;
    return { icon: "⚠️", line: `${scope}, not blocking (fail on: ${report.failOn})` };
  }
  return { icon: "✅", line: report.compared ? "no new problems" : "no problems found" };
}

/** `**2 new** (2 errors) · 1 inherited · 2 suppressed · 1 fixed` */
export function countsLine(report: Report): string {
  const counts = countFindings(report);
  const total = inScopeTotal(counts);
  const what = severitySummary(counts);
  const label = report.compared ? "new" : total === 1 ? "finding" : "findings";
  return [`**${total} ${label}**${what ? ` (${what})` : ""}`, ...otherCounts(report, counts)].join(" · ");
}

/**
 * A fix's edits shown as a diff of the lines they change, when the lines are known; otherwise where
 * to put which text.
 */
export function fixPreview(f: ReportedFinding, link: LinkContext, lineText?: LineText): string[] {
  if (f.fix === null || f.fix.edits.length === 0) return [];
  const out: string[] = [];
  const groups = editsByLine(f.fix.edits);
  for (const group of groups) {
    const where = locationLink(group, link);
    const edited = editedLine(group, lineText);
    if (edited !== null) {
      const { before, after } = edited;
      const body = [...before.split("\n").map((l) => `-${l}`), ...after.split("\n").map((l) => `+${l}`)].join(
        "\n",
      );
      const fence = codeFence(body);
      out.push(`Suggested change in ${where}:`, "", `${fence}diff`, body, fence, "");
    } else {
      for (const edit of group.edits) {
        out.push(
          `Suggested change in ${where}: replace columns ${edit.span.column}–${Math.max(
            edit.span.column,
            edit.span.endColumn - 1,
          )} with ${codeSpan(edit.replacement)}`,
          "",
        );
      }
    }
  }
  const multiLine = f.fix.edits.filter((e) => e.span.endLine !== e.span.line);
  for (const edit of multiLine) {
    const where = markdownLink(
      `${edit.span.path}:${edit.span.line}-${edit.span.endLine}`,
      blobUrl(link, edit.span.path, edit.span.line),
    );
    out.push(`Suggested change in ${where}: replace with ${codeSpan(edit.replacement)}`, "");
  }
  return out;
}

/** A collapsible block with what / why / how to fix and the references of one finding. */
export function findingDetails(
  f: ReportedFinding,
  report: Report,
  link: LinkContext,
  lineText?: LineText,
): string {
  const onHead = f.status !== "fixed";
  const summary = `${SEVERITY_ICON[f.severity]} <b>${escapeHtml(f.ruleId)}</b> ${escapeHtml(
    f.ruleName,
  )} — ${escapeHtml(`${f.location.path}:${f.location.line}`)}${
    f.status === "existing" ? " (inherited)" : ""
  }`;
  const lines = [
    "<details>",
    `<summary>${summary}</summary>`,
    "",
    `**What and why** (${locationLink(f.location, link, onHead)})`,
    "",
    escapeMarkdownLines(f.message),
    "",
    `**Certainty:** ${escapeMarkdown(certaintyText(f.certainty))}`,
    "",
  ];
  if (f.related.length > 0) {
    const related = f.related.map(
      (r) => `${escapeMarkdown(r.label)}: ${locationLink(r.location, link, onHead)}`,
    );
    lines.push(`**Involved:** ${related.join(" · ")}`, "");
  }
  if (f.fix !== null) {
    lines.push(`**How to fix:** ${escapeMarkdownLines(f.fix.description)}`, "");
    lines.push(...fixPreview(f, link, lineText));
  }
  const refs = references(f);
  if (refs.length > 0) lines.push(`**References:** ${refs.join(" · ")}`, "");
  lines.push("</details>");
  return lines.join("\n");
}

/** A finding's references: its rule's documentation (when the URL is safe) and its advisory. */
export function references(f: ReportedFinding): string[] {
  const out: string[] = [];
  const docs = safeUrl(f.docsUrl);
  if (docs !== null) out.push(`[${escapeMarkdown(f.ruleId)} documentation](${docs})`);
  if (f.advisory !== null) out.push(`advisory ${codeSpan(f.advisory)}`);
  return out;
}

/**
 * Appends blocks while they fit in `budget` characters; returns what fit and how many did not.
 * Keeps big reports inside GitHub's 65535-character bodies.
 */
export function fitBlocks(blocks: string[], budget: number): { text: string; omitted: number } {
  const kept: string[] = [];
  let used = 0;
  for (const block of blocks) {
    if (used + block.length + 2 > budget) break;
    kept.push(block);
    used += block.length + 2;
  }
  return { text: kept.join("\n\n"), omitted: blocks.length - kept.length };
}

/** Short SHA linked to the commit, or just the short SHA. */
export function commitLink(link: LinkContext): string {
  const short = link.headSha.slice(0, 7);
  if (link.repoUrl === "" || short === "") return codeSpan(short || "working tree");
  const url = safeUrl(`${link.repoUrl.replace(/\/+$/, "")}/commit/${encodeURIComponent(link.headSha)}`);
  return url === null ? codeSpan(short) : `[${codeSpan(short)}](${url})`;
}

/** Longest location label in a table cell: longer paths keep their last segments (the link has all). */
const LABEL_MAX = 40;

/** `…/benchmarking/mistral-dpo.yml:122`: a location label that fits a narrow column. */
export function shortLocation(span: Pick<Span, "path" | "line">): string {
  const full = `${span.path}:${span.line}`;
  if (full.length <= LABEL_MAX) return full;
  const segments = full.split("/");
  let label = segments.pop() ?? full;
  while (segments.length > 0 && label.length + (segments.at(-1)?.length ?? 0) + 1 <= LABEL_MAX - 2) {
    label = `${segments.pop() ?? ""}/${label}`;
  }
  return `…/${label}`;
}

/** A short location label linked to the line at the head. */
export function shortLocationLink(
  span: Pick<Span, "path" | "line">,
  link: LinkContext,
  onHead = true,
): string {
  return markdownLink(shortLocation(span), onHead ? blobUrl(link, span.path, span.line) : null);
}

/** The other findings of a group (another rule or message on the same line), one per rule and message. */
export function alsoHere(group: FindingGroup): ReportedFinding[] {
  const seen = new Set<string>();
  const out: ReportedFinding[] = [];
  for (const f of group.findings) {
    if (f.ruleId === group.lead.ruleId && f.messageId === group.lead.messageId) continue;
    const key = `${f.ruleId}\u0000${f.messageId}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** The Where cell: the cause's line and how many places it bites, or the first place and how many more. */
export function whereCell(group: FindingGroup, link: LinkContext, onHead = true): string {
  const places = sameAsLead(group);
  const files = new Set(places.map((f) => f.location.path));
  if (causeElsewhere(group)) {
    const noun = places.every((f) => /\.ya?ml$/i.test(f.location.path)) ? "config" : "file";
    return `${shortLocationLink(group.anchor, link, onHead)} → ${plural(files.size, noun)}`;
  }
  const first = places[0] ?? group.lead;
  const more = places.length - 1;
  return `${shortLocationLink(first.location, link, onHead)}${more > 0 ? ` +${more} more` : ""}`;
}

/** Longest title in a table cell. */
const TITLE_MAX = 160;

/** A title cut to {@link TITLE_MAX}, never inside a code span (an odd backtick would show). */
function shortTitle(title: string): string {
  const cut = truncate(title, TITLE_MAX);
  if (cut === title || (cut.match(/`/g) ?? []).length % 2 === 0) return cut;
  return `${cut.slice(0, cut.lastIndexOf("`")).trimEnd()}…`;
}

/** One table row per group: verdict, what, where. */
export function groupRow(group: FindingGroup, link: LinkContext, lineText?: LineText, onHead = true): string {
  const what = escapeMessage(shortTitle(groupTitle(group, lineText)), { inTable: true });
  const rule = markdownLink(group.lead.ruleId, safeUrl(group.lead.docsUrl));
  return `| ${SEVERITY_ICON[group.severity]} ${rule} | ${what} | ${whereCell(group, link, onHead)} |`;
}

/**
 * A table of groups (verdict, what, where) under `heading`, at most `maxRows` rows and `maxChars`
 * characters; returns how many groups did not fit.
 */
export function groupsTable(
  groups: FindingGroup[],
  heading: string,
  link: LinkContext,
  options: { lineText?: LineText; maxRows: number; maxChars: number; onHead?: boolean },
): { text: string; omitted: number } {
  const rows = [`| | ${heading} | Where |`, "| --- | --- | --- |"];
  let used = rows.join("\n").length;
  let shown = 0;
  for (const group of groups.slice(0, options.maxRows)) {
    const row = groupRow(group, link, options.lineText, options.onHead);
    if (used + row.length + 1 > options.maxChars) break;
    rows.push(row);
    used += row.length + 1;
    shown += 1;
  }
  return { text: shown === 0 ? "" : rows.join("\n"), omitted: groups.length - shown };
}

/** The group's one fix: the suggested change at the anchor as a diff, else the fix in words. */
export function groupFix(group: FindingGroup, link: LinkContext, lineText?: LineText): string[] {
  if (group.edits.length > 0) {
    const where = locationLink(group.anchor, link);
    const edited = editedLine(
      { path: group.anchor.path, line: group.anchor.line, edits: group.edits },
      lineText,
    );
    if (edited !== null && edited.after !== edited.before) {
      const body = `-${edited.before}\n+${edited.after}`;
      const fence = codeFence(body);
      return [`**Fix** (${where}):`, "", `${fence}diff`, body, fence];
    }
  }
  const fix = group.lead.fix ?? group.findings.find((f) => f.fix !== null)?.fix ?? null;
  if (fix === null) return [];
  return [`**How to fix:** ${escapeMarkdownLines(fix.description)}`];
}

/** The places a group bites, as a list of links: at most `max`, then how many more. */
export function whereList(
  group: FindingGroup,
  link: LinkContext,
  max: number,
  onHead = true,
  moreWhere = "in the check run",
): string[] {
  const places = sameAsLead(group);
  const lines = places.slice(0, max).map((f) => `- ${locationLink(f.location, link, onHead)}`);
  if (places.length > max) lines.push(`- …and ${places.length - max} more ${moreWhere}`);
  return lines;
}

/**
 * A group in a collapsible block: why (the lead's message, once), where it bites, the one fix, the other
 * findings on the same line (by their first sentence) and the references.
 */
export function groupDetails(
  group: FindingGroup,
  link: LinkContext,
  options: {
    lineText?: LineText;
    maxPlaces: number;
    onHead?: boolean;
    moreWhere?: string;
    /** A stronger root cause whose fix changes the same line: this one's fix yields to it. */
    yieldsTo?: FindingGroup;
  },
): string {
  const { lead } = group;
  const onHead = options.onHead ?? true;
  const places = sameAsLead(group);
  const summary = `${SEVERITY_ICON[group.severity]} <b>${escapeHtml(lead.ruleId)}</b> ${escapeHtmlWithReferences(
    truncate(groupTitle(group, options.lineText), TITLE_MAX).replace(/`/g, ""),
  )}`;
  const lines = ["<details>", `<summary>${summary}</summary>`, "", escapeMarkdownLines(lead.message), ""];
  if (lead.certainty.level !== "certain") {
    lines.push(`**Certainty:** ${escapeWithReferences(certaintyText(lead.certainty))}`, "");
  }
  const files = new Set(places.map((f) => f.location.path)).size;
  const whereHead =
    places.length === 1
      ? "**Where:**"
      : `**Where** (${plural(places.length, "place")} in ${plural(files, "file")}):`;
  lines.push(whereHead, "", ...whereList(group, link, options.maxPlaces, onHead, options.moreWhere), "");
  if (causeElsewhere(group)) lines.push(`**Cause:** ${locationLink(group.anchor, link, onHead)}`, "");
  const fix =
    options.yieldsTo === undefined
      ? groupFix(group, link, options.lineText)
      : [
          `**Fix:** this line's fix is the one for ${escapeMarkdown(options.yieldsTo.lead.ruleId)} above (one fix per line).`,
        ];
  if (fix.length > 0) lines.push(...fix, "");
  const others = alsoHere(group);
  if (others.length > 0) {
    lines.push("**Also here:**", "");
    for (const f of others) {
      lines.push(
        `- ${SEVERITY_ICON[f.severity]} ${markdownLink(f.ruleId, safeUrl(f.docsUrl))} at ${locationLink(
          f.location,
          link,
          onHead,
        )}: ${escapeMessage(firstSentence(headline(f.message)))}`,
      );
    }
    lines.push("");
  }
  const refs = references(lead);
  if (refs.length > 0) lines.push(`**References:** ${refs.join(" · ")}`, "");
  lines.push("</details>");
  return lines.join("\n");
}
