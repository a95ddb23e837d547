import type { Report, Severity, Span } from "../core/model/index.js";
import { escapeMarkdown, oneLine, stripUnsafe, truncate, type LinkContext } from "./escape.js";
import { editedLine, type LineText } from "./fix-preview.js";
import { firstSentence, groupFindings, groupTitle, type FindingGroup } from "./group-findings.js";
import { countsLine, fitBlocks, groupDetails, groupsTable, verdict } from "./markdown.js";
import {
  certaintyText,
  headline,
  countFindings,
  inScope,
  inScopeTotal,
  inherited,
  plural,
  severitySummary,
} from "./select.js";

/** A check-run annotation, in the shape of GitHub's Checks API. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only when the annotation is on one line (GitHub rejects columns across lines). */
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title: string;
  raw_details?: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  conclusion: "success" | "failure" | "neutral";
  annotations: Annotation[];
}

/** GitHub's limit for `output.summary` and `output.text`. */
const OUTPUT_LIMIT = 65535;
/** Leave room for the truncation note. */
const OUTPUT_BUDGET = OUTPUT_LIMIT - 500;
/** Annotation message and raw details are capped at 64 KB by GitHub. */
const ANNOTATION_TEXT_MAX = 60000;
const ANNOTATION_TITLE_MAX = 255;
/**
 * At most this many annotations (GitHub takes 50 per request; the App batches them). Findings in scope
 * come first, so the ones that matter are never the ones dropped.
 */
export const MAX_ANNOTATIONS = 500;
const MAX_TABLE_ROWS = 200;
/** Places listed per root cause in the details. */
const MAX_PLACES = 20;
/** File problems listed before "…and N more". */
const MAX_DIAGNOSTICS = 100;

const LEVEL: Record<Severity, Annotation["annotation_level"]> = {
  error: "failure",
  warning: "warning",
  info: "notice",
};

/**
 * The `neox-check` check run's output: a title in a few words, a summary with the verdict, the counts
 * and one row per root cause (new, then inherited), the details of each root cause as text, the
 * conclusion (`failure` when the report fails, `success` otherwise) and annotations: one per location
 * (each place a root cause bites, and the line its fix changes), never two on one line for one cause.
 * Inherited findings are annotated as notices; suppressed and fixed ones are not annotated. Every
 * field stays within GitHub's limits and says what it left out.
 */
export function renderCheckRun(
  report: Report,
  link: LinkContext,
  options: { lineText?: LineText } = {},
): CheckRunOutput {
  const current = groupFindings(inScope(report));
  const old = groupFindings(inherited(report));
  // One annotation per line: the first (new before inherited, stronger first) speaks for it.
  const lines = new Set<string>();
  const all = [
    ...current.flatMap((g) => annotationsFor(g, false, options.lineText)),
    ...old.flatMap((g) => annotationsFor(g, true, options.lineText)),
  ].filter((a) => {
    const key = `${a.path}\u0000${a.start_line}`;
    if (lines.has(key)) return false;
    lines.add(key);
    return true;
  });
  const annotations = all.slice(0, MAX_ANNOTATIONS);

  const { icon, line } = verdict(report);
  const summaryParts = [
    `${icon} ${line}`,
    "",
    countsLine(report),
    "",
    escapeMarkdown(
      oneLine(`Judged against: NeoX: ${report.environment.neox}; DeepSpeed: ${report.environment.deepspeed}`),
    ),
  ];
  if (report.files.configs.length + report.files.dependencies.length === 0) {
    summaryParts.push("", "No GPT-NeoX config or dependency file in this commit: nothing to check.");
  } else {
    summaryParts.push(
      "",
      `Checked ${plural(report.files.configs.length, "config")} and ${plural(
        report.files.dependencies.length,
        "dependency file",
      )}.`,
    );
  }
  if (all.length > annotations.length) {
    summaryParts.push(
      "",
      `_${plural(all.length - annotations.length, "more annotation")} left out (GitHub shows at most ${MAX_ANNOTATIONS} here); every root cause is listed below._`,
    );
  }
  if (report.diagnostics.length > 0) {
    summaryParts.push(
      "",
      `${plural(report.diagnostics.length, "file problem")} reported: see the details below.`,
    );
  }
  const heading = report.compared ? "New in this pull request" : "Found";
  for (const [groups, title] of [
    [current, heading],
    [old, "Inherited from the base branch (not blocking)"],
  ] as const) {
    if (groups.length === 0) continue;
    const room = OUTPUT_BUDGET - summaryParts.join("\n").length - 400;
    if (room <= 0) break;
    const table = groupsTable(groups, title, link, {
      lineText: options.lineText,
      maxRows: MAX_TABLE_ROWS,
      maxChars: room,
    });
    if (table.text !== "") summaryParts.push("", table.text);
    if (table.omitted > 0) {
      summaryParts.push("", `_${plural(table.omitted, "more root cause")} left out (GitHub's size limit)._`);
    }
  }

  // One fix per line across new and inherited root causes: the inherited one yields.
  const fixLines = new Map(
    current.filter((g) => g.edits.length > 0).map((g) => [`${g.anchor.path}\u0000${g.anchor.line}`, g]),
  );
  const yieldsTo = (g: FindingGroup): FindingGroup | undefined =>
    old.includes(g) && g.edits.length > 0
      ? fixLines.get(`${g.anchor.path}\u0000${g.anchor.line}`)
      : undefined;
  const blocks = [...current, ...old].map((g) =>
    groupDetails(g, link, {
      lineText: options.lineText,
      maxPlaces: MAX_PLACES,
      moreWhere: "(run `npx neox-check check` for all)",
      yieldsTo: yieldsTo(g),
    }),
  );
  const fitted = fitBlocks(blocks, OUTPUT_BUDGET - 20000);
  const textParts = fitted.text === "" ? [] : [fitted.text];
  if (fitted.omitted > 0) {
    textParts.push(
      `_Details of ${plural(fitted.omitted, "more root cause")} are left out (GitHub's size limit); run \`npx neox-check check\` for all._`,
    );
  }
  if (report.diagnostics.length > 0) {
    const shown = report.diagnostics.slice(0, MAX_DIAGNOSTICS);
    textParts.push(
      [
        "#### File problems",
        "",
        ...shown.map((d) => `- ${escapeMarkdown(`${d.path}:${d.line}:${d.column} ${d.code}: ${d.message}`)}`),
        ...(report.diagnostics.length > shown.length
          ? ["", `_…and ${plural(report.diagnostics.length - shown.length, "more file problem")}._`]
          : []),
      ].join("\n"),
    );
  }

  return {
    title: title(report),
    summary: cap(summaryParts.join("\n")),
    text: cap(textParts.join("\n\n")),
    conclusion: report.failed ? "failure" : "success",
    annotations,
  };
}

/** `2 new errors`, `1 new warning (not blocking)`, `No new problems`, `Nothing to check`. */
function title(report: Report): string {
  const counts = countFindings(report);
  if (inScopeTotal(counts) === 0) {
    if (report.files.configs.length + report.files.dependencies.length === 0) return "Nothing to check";
    const inheritedNote = counts.existing > 0 ? ` (${plural(counts.existing, "inherited finding")})` : "";
    return `${report.compared ? "No new problems" : "No problems"}${inheritedNote}`;
  }
  const what = severitySummary(counts);
  const scoped = report.compared ? what.replace(/(\d+) /g, "$1 new ") : what;
  return report.failed ? scoped : `${scoped} (not blocking)`;
}

/**
 * One annotation per line a root cause touches: the line its fix changes gets the cause, the fix and
 * the lead's message; every other place says it is one of the group and where the cause is.
 */
function annotationsFor(group: FindingGroup, isInherited: boolean, lineText?: LineText): Annotation[] {
  const level = isInherited ? "notice" : LEVEL[group.severity];
  const { lead } = group;
  const suffix = isInherited ? " (inherited)" : "";
  const groupTitleText = groupTitle(group, lineText).replace(/`/g, "");
  const anchorKey = `${group.anchor.path}\u0000${group.anchor.line}`;
  const details = rawDetails(group);
  const fixText = fixWords(group, lineText);
  const out: Annotation[] = [
    annotation(
      { ...group.anchor, ...(group.edits.length > 0 ? editColumns(group) : {}) },
      level,
      truncate(stripUnsafe(`${lead.message}${fixText}`), ANNOTATION_TEXT_MAX),
      `${lead.ruleId} ${lead.ruleName}${suffix}`,
      details,
    ),
  ];
  const seen = new Set([anchorKey]);
  for (const f of group.findings) {
    const key = `${f.location.path}\u0000${f.location.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const same = f.ruleId === lead.ruleId && f.messageId === lead.messageId;
    const message = same
      ? `${groupTitleText}: this is one of them. The cause and its fix: ${group.anchor.path}:${group.anchor.line}.`
      : `${firstSentence(headline(f.message))} (with ${lead.ruleId}; the fix: ${group.anchor.path}:${group.anchor.line})`;
    out.push(
      annotation(
        f.location,
        isInherited ? "notice" : LEVEL[f.severity],
        truncate(stripUnsafe(message), ANNOTATION_TEXT_MAX),
        `${f.ruleId} ${f.ruleName}${suffix}`,
        "",
      ),
    );
  }
  return out;
}

function editColumns(group: FindingGroup): { column: number; endColumn: number } {
  return {
    column: Math.min(...group.edits.map((e) => e.span.column)),
    endColumn: Math.max(...group.edits.map((e) => e.span.endColumn)),
  };
}

/** `\nFix: replace with "==0.13.0".` when the group has a mechanical fix whose line is known. */
function fixWords(group: FindingGroup, lineText?: LineText): string {
  if (group.edits.length === 0) return "";
  const edited = editedLine(
    { path: group.anchor.path, line: group.anchor.line, edits: group.edits },
    lineText,
  );
  if (edited === null) return "";
  return `\nFix: change this line to ${edited.after.trim()}`;
}

function annotation(
  span: Span,
  level: Annotation["annotation_level"],
  message: string,
  title: string,
  rawDetails: string,
): Annotation {
  const a: Annotation = {
    path: span.path,
    start_line: Math.max(1, span.line),
    end_line: Math.max(1, span.line, span.endLine),
    annotation_level: level,
    message,
    title: truncate(oneLine(title), ANNOTATION_TITLE_MAX),
    ...(rawDetails === "" ? {} : { raw_details: rawDetails }),
  };
  if (a.start_line === a.end_line) {
    a.start_column = Math.max(1, span.column);
    // GitHub's end column is inclusive; spans end exclusively.
    a.end_column = Math.max(a.start_column, span.endColumn - 1);
  }
  return a;
}

function rawDetails(group: FindingGroup): string {
  const f = group.lead;
  const lines = [`Certainty: ${certaintyText(f.certainty)}`];
  const places = group.findings.filter((g) => g.ruleId === f.ruleId && g.messageId === f.messageId);
  if (places.length > 1) {
    lines.push(
      `Where (${places.length}):`,
      ...places.slice(0, 50).map((p) => `  ${p.location.path}:${p.location.line}`),
    );
    if (places.length > 50) lines.push(`  …and ${places.length - 50} more`);
  }
  for (const r of f.related) lines.push(`${r.label}: ${r.location.path}:${r.location.line}`);
  if (f.advisory !== null) lines.push(`Advisory: ${f.advisory}`);
  lines.push(`Docs: ${f.docsUrl}`);
  return truncate(stripUnsafe(lines.join("\n")), ANNOTATION_TEXT_MAX);
}

function cap(text: string): string {
  if (text.length <= OUTPUT_LIMIT) return text;
  const note = "\n\n_…truncated to GitHub's 65535-character limit._";
  return text.slice(0, OUTPUT_LIMIT - note.length) + note;
}
