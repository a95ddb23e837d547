import { lineStarts } from "../parse/line-breaks.js";

/** An inline suppression comment: `# neox-check: ignore NXC101, NXC208 -- reason` or `ignore-file`. */
export interface InlineSuppression {
  /** Rule ids, or `*` for all. */
  rules: string[];
  reason: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** A whole-file suppression (`ignore-file`). */
  file: boolean;
}

/** Counts the characters a scan looks at, so tests can assert the work is linear in the text's size. */
export interface ScanWork {
  steps: number;
}

const MARKER = "neox-check:";

/**
 * Finds suppression comments in a YAML, requirements or TOML text. A directive without a rule id
 * applies to every rule; one without a reason is kept, with the reason "no reason given".
 *
 * The text is untrusted (any pull request can write it), so it is read by a hand-written scan that
 * looks at each character a bounded number of times: no regular expression, whose backtracking made
 * a directive followed by a million spaces cost minutes. The grammar, after a `#`:
 * `\s* neox-check: \s* (ignore-file | ignore) ( \s* ,? \s* (NXC### | *) )* \s* ( -- reason )? \s* <end>`,
 * tried at each `#` of the line until one fits. Lines end as PyYAML ends them (see `line-breaks.ts`).
 */
export function parseSuppressions(text: string, work?: ScanWork): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  const starts = lineStarts(text);
  // The next marker at or after the current line, found by `indexOf` (native, linear) and searched for
  // again only once the lines have passed it: the text is searched once in all.
  let marker = text.indexOf(MARKER);
  for (const [index, start] of starts.entries()) {
    if (marker < 0) break;
    if (marker < start) marker = text.indexOf(MARKER, start);
    const next = starts[index + 1];
    const end = next === undefined ? text.length : lineEnd(text, next);
    if (marker < 0 || marker >= end) continue;
    const directive = scanLine(text, start, end, work);
    if (directive) found.push({ ...directive, line: index + 1 });
  }
  return found;
}

/** The offset just after the last content character of the line that ends with the break before `next`. */
function lineEnd(text: string, next: number): number {
  return text.charCodeAt(next - 1) === 0x0a && text.charCodeAt(next - 2) === 0x0d ? next - 2 : next - 1;
}

/**
 * The directive on `text[start, end)`, trying each `#` in turn. An attempt stops at the first character
 * that does not fit, and no attempt reads past the next `#` (the grammar has none) except the last,
 * whose tail it reads once: every character is read a bounded number of times.
 */
function scanLine(
  text: string,
  start: number,
  end: number,
  work: ScanWork | undefined,
): Omit<InlineSuppression, "line"> | null {
  for (let hash = start; hash < end; hash++) {
    if (work) work.steps += 1;
    if (text.charCodeAt(hash) !== 0x23 /* # */) continue;
    const directive = matchAt(text, hash, end, work);
    if (directive) return { ...directive, column: hash - start + 1 };
  }
  return null;
}

function matchAt(
  text: string,
  hash: number,
  end: number,
  work: ScanWork | undefined,
): Omit<InlineSuppression, "line" | "column"> | null {
  const s = { text, i: hash + 1, end, work };
  skipSpace(s);
  if (!take(s, MARKER)) return null;
  skipSpace(s);
  const file = take(s, "ignore-file");
  if (!file && !take(s, "ignore")) return null;

  const rules: string[] = [];
  for (;;) {
    const before = s.i;
    skipSpace(s);
    if (s.text.charCodeAt(s.i) === 0x2c /* , */ && s.i < s.end) s.i += 1;
    skipSpace(s);
    const rule = takeRule(s);
    if (rule === null) {
      s.i = before;
      break;
    }
    rules.push(rule);
  }

  skipSpace(s);
  let reason = "";
  if (take(s, "--")) {
    skipSpace(s);
    reason = trimEndSpace(text, s.i, end, work);
  } else if (s.i < end) {
    return null;
  }
  return { rules: rules.length === 0 ? ["*"] : rules, reason: reason || "no reason given", file };
}

interface Cursor {
  text: string;
  i: number;
  end: number;
  work: ScanWork | undefined;
}

function skipSpace(s: Cursor): void {
  while (s.i < s.end && isSpace(s.text.charCodeAt(s.i))) {
    s.i += 1;
    if (s.work) s.work.steps += 1;
  }
}

function take(s: Cursor, word: string): boolean {
  if (s.i + word.length > s.end || !s.text.startsWith(word, s.i)) return false;
  s.i += word.length;
  if (s.work) s.work.steps += word.length;
  return true;
}

/** `NXC` and exactly three ASCII digits, or `*`. */
function takeRule(s: Cursor): string | null {
  if (take(s, "*")) return "*";
  if (s.i + 6 > s.end || !s.text.startsWith("NXC", s.i)) return null;
  for (let k = 3; k < 6; k++) if (!isDigit(s.text.charCodeAt(s.i + k))) return null;
  const rule = s.text.slice(s.i, s.i + 6);
  s.i += 6;
  if (s.work) s.work.steps += 6;
  return rule;
}

/** `text[from, end)` without trailing white space, found by one backward pass. */
function trimEndSpace(text: string, from: number, end: number, work: ScanWork | undefined): string {
  let last = end;
  while (last > from && isSpace(text.charCodeAt(last - 1))) {
    last -= 1;
    if (work) work.steps += 1;
  }
  if (work) work.steps += last - from;
  return text.slice(from, last);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** JavaScript's `\s`: the characters the previous regex treated as white space. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The suppression that covers a finding of `ruleId` on `line`: on that line, the line above, or the whole file. */
export function findSuppression(
  suppressions: readonly InlineSuppression[],
  ruleId: string,
  line: number,
): InlineSuppression | null {
  for (const s of suppressions) {
    if (!s.rules.includes(ruleId) && !s.rules.includes("*")) continue;
    if (s.file || s.line === line || s.line === line - 1) return s;
  }
  return null;
}
