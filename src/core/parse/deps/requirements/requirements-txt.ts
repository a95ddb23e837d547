import type { DependencyFile, Pin, PinSource } from "../../../model/index.js";
import { pinOrDiagnostic } from "../shared/pep508-pin.js";
import type { PinSite } from "../shared/pin-factory.js";
import { parsePipRequirement } from "../requirement/pip-requirement.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { recordInclude } from "../shared/record-include.js";
import { dirnameOf } from "../shared/repo-path.js";
import { splitWords, wordIn, type Word } from "../shared/shell-words.js";
import {
  joined,
  lineIndex,
  mappedSpan,
  MAX_LINE_CHARS,
  physicalLines,
  quote,
  type DiagnosticSink,
  type Mapped,
} from "../shared/text.js";

/** Where the lines of one requirements text go: its pins, its includes, its diagnostics. */
export interface RequirementsTarget {
  site: PinSite;
  /** Folder of the file, for `-r`/`-c` paths (pip joins them with the including file's folder). */
  dir: string;
  sink: DiagnosticSink;
  pins: Pin[];
  includes: DependencyFile["includes"];
}

interface OptionSpec {
  name: string;
  takesValue: boolean;
  role?: "requirement" | "constraint" | "editable";
}

/** Options pip accepts in a requirements file (`SUPPORTED_OPTIONS` and `SUPPORTED_OPTIONS_REQ`). */
const OPTIONS: OptionSpec[] = [
  { name: "--index-url", takesValue: true },
  { name: "--extra-index-url", takesValue: true },
  { name: "--no-index", takesValue: false },
  { name: "--constraint", takesValue: true, role: "constraint" },
  { name: "--requirement", takesValue: true, role: "requirement" },
  { name: "--editable", takesValue: true, role: "editable" },
  { name: "--find-links", takesValue: true },
  { name: "--no-binary", takesValue: true },
  { name: "--only-binary", takesValue: true },
  { name: "--prefer-binary", takesValue: false },
  { name: "--require-hashes", takesValue: false },
  { name: "--pre", takesValue: false },
  { name: "--trusted-host", takesValue: true },
  { name: "--use-feature", takesValue: true },
  { name: "--global-option", takesValue: true },
  { name: "--hash", takesValue: true },
  { name: "--config-settings", takesValue: true },
  // Removed in pip 23.1; older pips accept it, so it is not worth an error here.
  { name: "--install-option", takesValue: true },
];

const SHORT: Record<string, string> = {
  i: "--index-url",
  c: "--constraint",
  r: "--requirement",
  e: "--editable",
  f: "--find-links",
  C: "--config-settings",
};

/** optparse accepts any unambiguous prefix of a long option. */
function longOption(name: string): OptionSpec | "ambiguous" | null {
  const exact = OPTIONS.find((o) => o.name === name);
  if (exact) return exact;
  const matches = OPTIONS.filter((o) => o.name.startsWith(name));
  if (matches.length > 1) return "ambiguous";
  return matches[0] ?? null;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t";
}

/** The end of the text before a comment: `#` at the start or after whitespace (pip's `COMMENT_RE`). */
function commentStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charAt(i) !== "#") continue;
    if (i === 0) return 0;
    if (/\s/.test(text.charAt(i - 1))) {
      let j = i;
      while (j > 0 && /\s/.test(text.charAt(j - 1))) j--;
      return j;
    }
  }
  return text.length;
}

interface OptionValue {
  word: Word;
  /** Index in the line where the option itself (`-r`, `--editable`) starts. */
  optionStart: number;
}

/**
 * Reads one logical line of a requirements file (already joined across `\` continuations): a
 * requirement, an include (`-r`/`-c`), an editable (`-e`), or an option line that changes nothing we
 * model (`--index-url`, `--pre`, ...). Problems pip would reject become `invalid-requirement` diagnostics.
 */
export function readRequirementLine(m: Mapped, target: RequirementsTarget): void {
  const text = m.text;
  let end = commentStart(text);
  let start = 0;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  if (start === end) return;
  const span = (a: number, b: number) => mappedSpan(target.site.lines, m, a, b);
  const invalid = (message: string, a: number, b = a + 1) =>
    target.sink.add("invalid-requirement", message, span(a, b));

  // pip's break_args_options: options start at the first space-separated token that starts with `-`.
  let optionsAt = -1;
  for (let i = start; i < end; i++) {
    if (text.charAt(i) === "-" && (i === start || text.charAt(i - 1) === " ")) {
      optionsAt = i;
      break;
    }
  }
  let argsEnd = optionsAt < 0 ? end : optionsAt;
  while (argsEnd > start && isSpace(text.charAt(argsEnd - 1))) argsEnd--;

  let requirement: OptionValue | null = null;
  let constraint: OptionValue | null = null;
  let editable: OptionValue | null = null;
  if (optionsAt >= 0) {
    const split = splitWords(text.slice(optionsAt, end), false);
    if (!split.ok) {
      invalid(`could not split the options: ${split.message}`, optionsAt + split.at);
      return;
    }
    const words = split.tokens.filter((t): t is Word => t.kind === "word");
    for (let k = 0; k < words.length; k++) {
      const word = words[k];
      if (!word) break;
      const at = optionsAt + word.start;
      const v = word.value;
      if (v === "--") break;
      if (!v.startsWith("-") || v === "-") continue;
      let spec: OptionSpec | null;
      let inline: Word | null = null;
      if (v.startsWith("--")) {
        const eq = v.indexOf("=");
        const found = longOption(eq >= 0 ? v.slice(0, eq) : v);
        if (found === "ambiguous") {
          invalid(`ambiguous option ${quote(v)}`, at, optionsAt + word.end);
          return;
        }
        spec = found;
        if (spec && eq >= 0) {
          if (!spec.takesValue) {
            invalid(`the \`${spec.name}\` option does not take a value`, at, optionsAt + word.end);
            return;
          }
          inline = subWord(word, eq + 1);
        }
      } else {
        const long = SHORT[v.charAt(1)];
        spec = long ? (OPTIONS.find((o) => o.name === long) ?? null) : null;
        if (spec && v.length > 2) inline = subWord(word, 2);
      }
      if (!spec) {
        invalid(
          `pip does not know the option ${quote(v.split("=")[0] ?? v)} in a requirements file`,
          at,
          optionsAt + word.end,
        );
        return;
      }
      if (!spec.takesValue) continue;
      let value = inline;
      if (!value) {
        value = words[k + 1] ?? null;
        if (!value) {
          invalid(`the \`${spec.name}\` option needs a value`, at, optionsAt + word.end);
          return;
        }
        k++;
      }
      const shifted = { word: shiftWord(value, optionsAt), optionStart: at };
      if (spec.role === "requirement") requirement ??= shifted;
      else if (spec.role === "constraint") constraint ??= shifted;
      else if (spec.role === "editable") editable ??= shifted;
    }
  }

  if (argsEnd > start) {
    addRequirement(m, start, argsEnd, false, target);
    return;
  }
  if (editable) {
    const w = editable.word;
    const value = wordIn(w, m);
    const before = target.pins.length;
    addRequirement(value, 0, value.text.length, true, target);
    const pin = target.pins[before];
    if (pin) pin.span = span(editable.optionStart, w.end);
    return;
  }
  const include = requirement ?? constraint;
  if (include) addInclude(include.word, m, requirement === null, target);
}

function subWord(word: Word, from: number): Word {
  return {
    ...word,
    value: word.value.slice(from),
    offsets: word.offsets.slice(from),
    start: word.offsets[from] ?? word.end,
  };
}

function shiftWord(word: Word, by: number): Word {
  return { ...word, offsets: word.offsets.map((o) => o + by), start: word.start + by, end: word.end + by };
}

function addRequirement(
  m: Mapped,
  from: number,
  to: number,
  editable: boolean,
  target: RequirementsTarget,
): void {
  const pin = pinOrDiagnostic(parsePipRequirement(m.text, editable, from, to), m, target.site, target.sink);
  if (pin) target.pins.push(pin);
}

function addInclude(word: Word, m: Mapped, constraint: boolean, target: RequirementsTarget): void {
  const value = wordIn(word, m);
  const span = mappedSpan(target.site.lines, value, 0, value.text.length);
  recordInclude(target, word.value, span, constraint, `${constraint ? "-c" : "-r"} ${word.value}`);
}

/**
 * Joins physical lines as pip's `join_lines` does: a line ending in `\` continues on the next one (the
 * backslashes are dropped, nothing is inserted); a comment line ends a continuation. Lines longer than
 * `MAX_LINE_CHARS` are skipped with a diagnostic.
 */
function logicalLines(text: string, sink: DiagnosticSink, lines: ReturnType<typeof lineIndex>): Mapped[] {
  const out: Mapped[] = [];
  let pieces: Array<{ text: string; start: number }> = [];
  let length = 0;
  for (const line of physicalLines(text)) {
    let t = line.text;
    if (t.length > MAX_LINE_CHARS) {
      sink.add(
        "line-too-long",
        `line has ${t.length} characters, more than the ${MAX_LINE_CHARS} a requirement line may have; it was skipped`,
        mappedSpan(lines, { text: t, at: (i) => line.start + i }, 0, 1),
      );
      t = "";
    }
    const comment = /^\s*#/.test(t);
    if (!t.endsWith("\\") || comment) {
      const piece =
        comment && pieces.length > 0
          ? [
              { text: " ", start: line.start },
              { text: t, start: line.start },
            ]
          : [{ text: t, start: line.start }];
      out.push(joined([...pieces, ...piece]));
      pieces = [];
      length = 0;
      continue;
    }
    let a = 0;
    let b = t.length;
    while (a < b && t.charAt(a) === "\\") a++;
    while (b > a && t.charAt(b - 1) === "\\") b--;
    length += b - a;
    if (length > MAX_LINE_CHARS) {
      sink.add(
        "line-too-long",
        `continued line is longer than ${MAX_LINE_CHARS} characters; it was skipped`,
        mappedSpan(lines, { text: t, at: (i) => line.start + i }, 0, 1),
      );
      pieces = [];
      length = 0;
      continue;
    }
    pieces.push({ text: t.slice(a, b), start: line.start + a });
  }
  if (pieces.length > 0) out.push(joined(pieces));
  return out;
}

/** Parses a requirements or constraints file (`requirements*.txt`, `constraints*.txt`, `-r` targets). */
export function parseRequirementsFile(path: string, text: string, source: PinSource): DependencyFile {
  return readDependencyFile(path, source, text, (body, file, sink) => {
    const lines = lineIndex(path, body);
    const target: RequirementsTarget = {
      site: { lines, source, constraint: source === "constraints" },
      dir: dirnameOf(path),
      sink,
      pins: file.pins,
      includes: file.includes,
    };
    for (const line of logicalLines(body, sink, lines)) {
      if (sink.enough(file.pins.length)) break;
      readRequirementLine(line, target);
    }
  });
}
