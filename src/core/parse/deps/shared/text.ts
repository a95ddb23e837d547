import type { Diagnostic, Span } from "../../../model/index.js";
import { textTooLarge } from "../../decode-text.js";
import { diagnosticAt } from "../../diagnostic.js";
import { lastAtOrBefore, lineSlices, lineStarts, newlineBreakAt, positionIn } from "../../line-breaks.js";

/**
 * Positions in a dependency file. Offsets are UTF-16 indices into the file's text; lines and columns
 * are 1-based, columns count UTF-16 code units, and `endColumn` is exclusive. A line ends at `\n`,
 * `\r\n` or a lone `\r`.
 */
export interface LineIndex {
  path: string;
  /** Offset of the first character of each line. */
  starts: number[];
}

/** Builds the line table of `text`. */
export function lineIndex(path: string, text: string): LineIndex {
  return { path, starts: lineStarts(text, newlineBreakAt) };
}

/** The 1-based line and column of `offset`. */
export function positionAt(index: LineIndex, offset: number): { line: number; column: number } {
  return positionIn(index.starts, offset);
}

/** The span from `start` to `end` (exclusive offsets). */
export function spanOf(index: LineIndex, start: number, end: number): Span {
  const a = positionAt(index, start);
  const b = positionAt(index, Math.max(start, end));
  return { path: index.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/**
 * A piece of text whose characters come from known places in the file: a logical requirements line
 * joined from several physical lines, a shell word with quotes removed, a TOML or YAML string's content.
 * `at(i)` is the file offset of `text[i]`; `at(text.length)` is just past the last character.
 */
export interface Mapped {
  text: string;
  at(i: number): number;
}

/** Text that sits contiguously in the file from `offset`. */
export function contiguous(text: string, offset: number): Mapped {
  return { text, at: (i) => offset + i };
}

/** Text whose characters sit at the given offsets (one per character, plus one past the end). */
export function scattered(text: string, offsets: number[]): Mapped {
  const end = offsets[text.length] ?? (offsets[text.length - 1] ?? 0) + 1;
  return { text, at: (i) => (i >= text.length ? end : (offsets[i] ?? end)) };
}

/** Text decoded from a quoted string whose escapes break the 1:1 mapping: every index maps to the string. */
export function pinnedTo(text: string, start: number, end: number): Mapped {
  return { text, at: (i) => (i >= text.length ? end : start) };
}

/** The file span of `text[start..end)`. */
export function mappedSpan(index: LineIndex, m: Mapped, start: number, end: number): Span {
  const a = m.at(start);
  const b = end > start ? m.at(end - 1) + 1 : a;
  return spanOf(index, a, Math.max(a, b));
}

/** Most diagnostics one file reports; the rest are summed up in one last diagnostic. */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/** Most pins read from one file. Real files have hundreds (a big lock file a few thousand). */
export const MAX_PINS_PER_FILE = 5_000;

/** Collects the diagnostics of one file, capped so that a hostile file cannot flood the report. */
export interface DiagnosticSink {
  readonly list: Diagnostic[];
  add(code: string, message: string, span: Span): void;
  /**
   * True once the file has given enough: `pins` reached `MAX_PINS_PER_FILE`, or the diagnostics their
   * cap (a file with that many problems is not a dependency file). Says so once; callers stop reading.
   */
  enough(pins: number): boolean;
}

export function diagnosticSink(path: string): DiagnosticSink {
  const list: Diagnostic[] = [];
  let dropped = 0;
  let summary: Diagnostic | null = null;
  let stopped = false;
  return {
    list,
    add(code, message, span) {
      if (list.length - (summary ? 1 : 0) < MAX_DIAGNOSTICS_PER_FILE) {
        list.push({ ...diagnosticAt(span, code, message), path });
        return;
      }
      dropped++;
      const text = `${dropped} more problem(s) in ${path} not shown${stopped ? "; the rest of the file was not read" : ""}`;
      if (summary) summary.message = text;
      else {
        summary = { path, line: span.line, column: span.column, code: "too-many-problems", message: text };
        list.push(summary);
      }
    },
    enough(pins) {
      if (stopped) return true;
      if (pins >= MAX_PINS_PER_FILE) {
        stopped = true;
        list.push({
          path,
          line: 1,
          column: 1,
          code: "too-many-requirements",
          message: `${path} has more than ${MAX_PINS_PER_FILE} requirements; the rest of the file was not read`,
        });
        return true;
      }
      if (summary) {
        stopped = true;
        summary.message += "; the rest of the file was not read";
      }
      return stopped;
    },
  };
}

/** Longest line looked at in line-based formats (requirements, setup.cfg, Dockerfile). */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Checks that `text` is worth parsing: not binary (a NUL character), not huge. Returns the text
 * without a leading byte-order mark (which editors do not count as a column), or a diagnostic.
 */
export function screenText(path: string, text: string): { text: string } | { diagnostic: Diagnostic } {
  // The one size limit of every file read (decode-text.ts), for callers that hand text in directly.
  const tooLarge = textTooLarge(text);
  if (tooLarge !== null) {
    return {
      diagnostic: { path, line: 1, column: 1, code: "too-large", message: `${path} ${tooLarge.message}` },
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const at = positionAt(lineIndex(path, text.slice(0, nul + 1)), nul);
    return {
      diagnostic: {
        path,
        line: at.line,
        column: at.column,
        code: "binary",
        message: `${path} contains a NUL character: it is not a text file and was not read`,
      },
    };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Physical lines of `text` with their start offsets (without the line break). */
export function physicalLines(text: string): Array<{ text: string; start: number }> {
  const out = lineSlices(text, newlineBreakAt);
  // A trailing line break does not start one more (empty) line.
  if (out.length > 1 && out.at(-1)?.start === text.length) out.pop();
  return out;
}

/** Quotes a piece of user text for a message: short, on one line, control characters shown as `?`. */
export function quote(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, "?");
  return "`" + (clean.length > max ? `${clean.slice(0, max - 1)}…` : clean) + "`";
}

/** Text joined from pieces that each sit contiguously in the file. */
export function joined(pieces: Array<{ text: string; start: number }>): Mapped {
  const text = pieces.map((p) => p.text).join("");
  const bounds: number[] = [];
  let acc = 0;
  for (const p of pieces) {
    bounds.push(acc);
    acc += p.text.length;
  }
  const last = pieces[pieces.length - 1];
  const end = last ? last.start + last.text.length : 0;
  return {
    text,
    at(i) {
      if (i >= text.length) return end;
      // The last piece that starts at or before i (pieces may be empty: take the last of equals).
      const n = lastAtOrBefore(bounds, i);
      return (pieces[n]?.start ?? 0) + i - (bounds[n] ?? 0);
    },
  };
}
