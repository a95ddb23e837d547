import { styleText } from "node:util";
import type { Report, ReportedFinding, Severity } from "../core/model/index.js";
import { stripUnsafe } from "./escape.js";
import { editedLine, type LineText } from "./fix-preview.js";
import {
  causeElsewhere,
  firstSentence,
  groupFindings,
  groupTitle,
  sameAsLead,
  type FindingGroup,
} from "./group-findings.js";
import { alsoHere } from "./markdown.js";
import {
  certaintyText,
  headline,
  countFindings,
  inScope,
  inScopeTotal,
  otherCounts,
  severitySummary,
} from "./select.js";

export interface TextOptions {
  /** ANSI colours (the CLI turns them on for a TTY). */
  color: boolean;
  /** The text of a line of the head, for a code frame. */
  lineText?: LineText;
}

/** Longest source line shown in a code frame; longer lines are cut around the finding. */
const MAX_FRAME_WIDTH = 160;

type Style = "bold" | "dim" | "red" | "yellow" | "cyan" | "green" | "underline";
const SEVERITY_STYLE: Record<Severity, Style> = { error: "red", warning: "yellow", info: "cyan" };

/** Places listed under a root cause before "…and N more". */
const MAX_PLACES = 20;

/**
 * The report for a terminal: one block per root cause in scope (`severity  RULE  title`), the lead's
 * message once, its certainty, a code frame of the line the fix changes (or of the finding), every
 * place it bites (`path:line:col`), the one fix, and the other rules on the same line; then diagnostics
 * and the counts (new, inherited, suppressed, fixed). All user text is stripped of control characters.
 */
export function renderText(report: Report, options: TextOptions): string {
  // The caller decided (`--color`, FORCE_COLOR, NO_COLOR, a terminal): styleText must not decide again.
  const paint = (style: Style, text: string): string =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const out: string[] = [];
  const indent = "    ";

  for (const group of groupFindings(inScope(report))) {
    const { lead } = group;
    const title = oneLineClean(groupTitle(group, options.lineText));
    out.push(
      `${paint(SEVERITY_STYLE[group.severity], group.severity)}  ${paint("bold", lead.ruleId)}  ${title}`,
    );
    // The title is often the message's first sentence: the body says the rest, not the title again.
    for (const line of withoutTitle(clean(lead.message), title).split("\n")) {
      if (line !== "") out.push(`${indent}${line}`);
    }
    if (lead.certainty.level !== "certain") {
      out.push(`${indent}${paint("yellow", "certainty:")} ${oneLineClean(certaintyText(lead.certainty))}`);
    }
    const places = sameAsLead(group);
    const elsewhere = causeElsewhere(group);
    if (elsewhere) {
      out.push(
        `${indent}${paint("dim", "cause:")} ${clean(`${group.anchor.path}:${group.anchor.line}:${group.anchor.column}`)}`,
      );
    }
    out.push(...codeFrame(elsewhere ? { ...lead, location: group.anchor } : lead, indent, options, paint));
    if (places.length > 1 || elsewhere) {
      out.push(`${indent}${paint("dim", `where (${places.length}):`)}`);
      for (const f of places.slice(0, MAX_PLACES)) {
        out.push(
          `${indent}  ${paint("underline", clean(f.location.path))}:${f.location.line}:${f.location.column}`,
        );
      }
      if (places.length > MAX_PLACES)
        out.push(`${indent}  …and ${places.length - MAX_PLACES} more (--format json lists all)`);
    } else {
      out.push(
        `${indent}${paint("underline", clean(lead.location.path))}:${lead.location.line}:${lead.location.column}`,
      );
    }
    const fix = fixText(group, options.lineText);
    if (fix !== null) out.push(`${indent}${paint("green", "fix:")} ${fix}`);
    for (const f of alsoHere(group)) {
      out.push(
        `${indent}${paint(SEVERITY_STYLE[f.severity], "also")} ${f.ruleId} (${f.severity}) at ${clean(f.location.path)}:${f.location.line}: ${oneLineClean(firstSentence(headline(f.message)))}`,
      );
    }
    out.push("");
  }

  if (report.diagnostics.length > 0) {
    out.push(paint("bold", "Diagnostics"));
    for (const d of report.diagnostics) {
      out.push(
        `  ${clean(d.path)}:${d.line}:${d.column}  ${paint("dim", d.code)}  ${oneLineClean(d.message)}`,
      );
    }
    out.push("");
  }

  out.push(footer(report, paint));
  return `${out.join("\n")}\n`;
}

/** The one fix: the edited anchor line when it is known, else the fix in words. */
function fixText(group: FindingGroup, lineText?: LineText): string | null {
  if (group.edits.length > 0) {
    const edited = editedLine(
      { path: group.anchor.path, line: group.anchor.line, edits: group.edits },
      lineText,
    );
    if (edited !== null) {
      return `${clean(group.anchor.path)}:${group.anchor.line}: ${oneLineClean(edited.before.trim())} -> ${oneLineClean(edited.after.trim())}`;
    }
  }
  const fix = group.lead.fix ?? group.findings.find((f) => f.fix !== null)?.fix ?? null;
  return fix === null ? null : oneLineClean(fix.description);
}

function footer(report: Report, paint: (style: Style, text: string) => string): string {
  const counts = countFindings(report);
  const total = inScopeTotal(counts);
  const severities = severitySummary(counts);
  const label = report.compared ? "new" : total === 1 ? "finding" : "findings";
  const head = `${total} ${label}${severities ? ` (${severities})` : ""}`;
  const parts = [
    total === 0 ? paint("green", head) : paint(counts.errors > 0 ? "red" : "yellow", head),
    ...otherCounts(report, counts),
  ];
  if (nothingToCheck(report)) return "No GPT-NeoX config or dependency file found: nothing to check.";
  const verdict = report.failed
    ? paint("red", `failed (fail-on: ${report.failOn})`)
    : paint("green", `passed (fail-on: ${report.failOn})`);
  return `${parts.join(", ")} — ${verdict}`;
}

/** No config, no dependency file and no finding (a broken repo config is one): "passed" would mislead. */
export function nothingToCheck(report: Report): boolean {
  return (
    report.files.configs.length === 0 &&
    report.files.dependencies.length === 0 &&
    report.findings.length === 0 &&
    report.diagnostics.length === 0
  );
}

/** `    3 | finetune: true` and a caret line under the span, when the line is known. */
function codeFrame(
  f: ReportedFinding,
  indent: string,
  options: TextOptions,
  paint: (style: Style, text: string) => string,
): string[] {
  const raw = options.lineText?.(f.location.path, f.location.line);
  if (raw === null || raw === undefined) return [];
  const { line, column, endColumn } = window(
    clean(raw).replace(/\n/g, " "),
    f.location.column,
    f.location.endLine === f.location.line ? f.location.endColumn : raw.length + 1,
  );
  const number = String(f.location.line);
  const gutter = " ".repeat(number.length);
  // Tabs before the span stay tabs, so the carets line up in any terminal.
  const lead = [...line.slice(0, column - 1)].map((ch) => (ch === "\t" ? "\t" : " ")).join("");
  const carets = "^".repeat(Math.max(1, endColumn - column));
  return [
    `${indent}${paint("dim", `${number} |`)} ${line}`,
    `${indent}${paint("dim", `${gutter} |`)} ${lead}${paint(SEVERITY_STYLE[f.severity], carets)}`,
  ];
}

/** Cuts a long line to a window around the span, moving the columns with it. */
function window(
  text: string,
  column: number,
  endColumn: number,
): { line: string; column: number; endColumn: number } {
  const start = Math.min(Math.max(1, column), text.length + 1);
  const end = Math.min(Math.max(start + 1, endColumn), text.length + 1);
  if (text.length <= MAX_FRAME_WIDTH) return { line: text, column: start, endColumn: end };
  const from = Math.max(0, start - 1 - 40);
  const cut = text.slice(from, from + MAX_FRAME_WIDTH);
  const prefix = from > 0 ? "…" : "";
  const suffix = from + MAX_FRAME_WIDTH < text.length ? "…" : "";
  const shift = from - prefix.length;
  return {
    line: `${prefix}${cut}${suffix}`,
    column: start - shift,
    endColumn: Math.min(end - shift, prefix.length + cut.length + 1),
  };
}

/** User text for a terminal: no escape sequences, newlines kept. */
function clean(text: string): string {
  return stripUnsafe(text.replace(/\r\n?/g, "\n"));
}

function oneLineClean(text: string): string {
  // Each maximal run of white space is matched once (`\s*\n\s*` backtracked quadratically on spaces).
  return clean(text).replace(/\s+/g, (run) => (run.includes("\n") ? " " : run));
}

/** `message` without a leading `title` (and the `: ` or `. ` after it): the title line already says it. */
function withoutTitle(message: string, title: string): string {
  if (!message.startsWith(title)) return message;
  let rest = message.slice(title.length);
  if (rest.startsWith(":") || rest.startsWith(".")) rest = rest.slice(1);
  return rest.trimStart();
}
