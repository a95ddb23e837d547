import type { Report, ReportedFinding, Severity, Span } from "../core/model/index.js";
import { escapeMarkdown, oneLine, stripUnsafe, truncate, type LinkContext } from "./escape.js";
import { editsByLine, type LineText } from "./fix-preview.js";
import { countsLine, findingDetails, findingsTable, fitBlocks, verdict } from "./markdown.js";
import {
  byImportance,
  certaintyText,
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
  raw_details: string;
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

const LEVEL: Record<Severity, Annotation["annotation_level"]> = {
  error: "failure",
  warning: "warning",
  info: "notice",
};

/**
 * The `neox-check` check run's output: a title in a few words, a summary with the verdict and the
 * findings table (links to the head SHA), the details as text, the conclusion (`failure` when the
 * report fails, `success` otherwise) and annotations: one on each finding's primary location, and one
 * on each line a fix edits elsewhere (NXC101 points at `finetune`; its fix edits the pin).
 * Inherited findings are annotated as notices; suppressed and fixed ones are not annotated.
 */
export function renderCheckRun(
  report: Report,
  link: LinkContext,
  options: { lineText?: LineText } = {},
): CheckRunOutput {
  const current = [...inScope(report)].sort(byImportance);
  const old = [...inherited(report)].sort(byImportance);
  const all = [
    ...current.map((f) => annotationsFor(f, false)),
    ...old.map((f) => annotationsFor(f, true)),
  ].flat();
  const annotations = all.slice(0, MAX_ANNOTATIONS);

  const { icon, line } = verdict(report);
  const ordered = [...report.findings].sort(byImportance);
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
      `_${plural(all.length - annotations.length, "annotation")} left out (at most ${MAX_ANNOTATIONS})._`,
    );
  }
  if (report.diagnostics.length > 0) {
    summaryParts.push(
      "",
      `${plural(report.diagnostics.length, "file problem")} reported: see the details below.`,
    );
  }
  if (ordered.length > 0) {
    const room = OUTPUT_BUDGET - summaryParts.join("\n").length;
    summaryParts.push("", findingsTable(ordered, report, link, MAX_TABLE_ROWS, room));
  }

  const blocks = [...current, ...old].map((f) => findingDetails(f, report, link, options.lineText));
  const fitted = fitBlocks(blocks, OUTPUT_BUDGET);
  const textParts = fitted.text === "" ? [] : [fitted.text];
  if (fitted.omitted > 0) {
    textParts.push(
      `_Details of ${plural(fitted.omitted, "more finding")} are left out (GitHub's size limit)._`,
    );
  }
  if (report.diagnostics.length > 0) {
    textParts.push(
      [
        "#### File problems",
        "",
        ...report.diagnostics.map(
          (d) => `- ${escapeMarkdown(`${d.path}:${d.line}:${d.column} ${d.code}: ${d.message}`)}`,
        ),
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

function annotationsFor(f: ReportedFinding, isInherited: boolean): Annotation[] {
  const level = isInherited ? "notice" : LEVEL[f.severity];
  const label = `${f.ruleId} ${f.ruleName}${isInherited ? " (inherited)" : ""}`;
  const details = rawDetails(f);
  const out = [
    annotation(f.location, level, truncate(stripUnsafe(f.message), ANNOTATION_TEXT_MAX), label, details),
  ];
  const seen = new Set([`${f.location.path}\u0000${f.location.line}`]);
  for (const group of editsByLine(f.fix?.edits ?? [])) {
    const key = `${group.path}\u0000${group.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const first = group.edits[0];
    if (first === undefined) continue;
    const replacements = group.edits.map((e) => JSON.stringify(e.replacement)).join(", ");
    const message = `The fix for ${f.ruleId} (found at ${f.location.path}:${f.location.line}) changes this line: replace with ${replacements}. ${
      f.fix?.description ?? ""
    }`;
    out.push(
      annotation(
        {
          ...first.span,
          column: Math.min(...group.edits.map((e) => e.span.column)),
          endColumn: Math.max(...group.edits.map((e) => e.span.endColumn)),
        },
        level,
        truncate(stripUnsafe(message), ANNOTATION_TEXT_MAX),
        `${label}: fix`,
        details,
      ),
    );
  }
  return out;
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
    raw_details: rawDetails,
  };
  if (a.start_line === a.end_line) {
    a.start_column = Math.max(1, span.column);
    // GitHub's end column is inclusive; spans end exclusively.
    a.end_column = Math.max(a.start_column, span.endColumn - 1);
  }
  return a;
}

function rawDetails(f: ReportedFinding): string {
  const lines = [`Certainty: ${certaintyText(f.certainty)}`];
  if (f.fix !== null) lines.push(`Fix: ${f.fix.description}`);
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
