import { validRange } from "@renovatebot/pep440";
import { checkMarker } from "./marker.js";
import type { Range } from "./vcs.js";

/** A PEP 508 dependency specifier, taken apart with the index ranges of its pieces. */
export interface Pep508 {
  name: Range;
  extras: string[];
  /** The version specifier set (inside the parentheses when written `name (>=1)`), or null. */
  specifier: Range | null;
  /** The URL of a direct reference `name @ url`, or null. */
  url: Range | null;
  /** The marker after `;`, trimmed, or null. */
  marker: Range | null;
}

/** Where a specifier is wrong and why, in words a user can act on. */
export interface SyntaxProblem {
  message: string;
  range: Range;
}

export type Pep508Parse = { ok: true; value: Pep508 } | { ok: false; problem: SyntaxProblem };

const OPERATOR = /^(?:===|~=|==|!=|<=|>=|<|>)/;

function isSpace(c: string): boolean {
  return c === " " || c === "\t";
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charAt(i))) i++;
  return i;
}

function fail(message: string, start: number, end = start + 1): Pep508Parse {
  return { ok: false, problem: { message, range: { start, end: Math.max(end, start + 1) } } };
}

function isNameChar(c: string): boolean {
  return /[A-Za-z0-9._-]/.test(c);
}

function isAlnum(c: string): boolean {
  return /[A-Za-z0-9]/.test(c);
}

/**
 * Parses `s` as a PEP 508 dependency specifier, as `packaging.requirements.Requirement` does:
 * `name [extras] (specifiers | @ url) ; marker`. Specifiers are checked with `@renovatebot/pep440`.
 */
export function parsePep508(s: string): Pep508Parse {
  let i = skipSpace(s, 0);
  const nameStart = i;
  while (i < s.length && isNameChar(s.charAt(i))) i++;
  // A name ends on a letter or digit; trailing `-`, `_` or `.` are left for the error below.
  while (i > nameStart && !isAlnum(s.charAt(i - 1))) i--;
  if (i === nameStart || !isAlnum(s.charAt(nameStart))) {
    return fail("expected a package name at the start of the requirement", nameStart);
  }
  const name = { start: nameStart, end: i };
  i = skipSpace(s, i);

  const extras: string[] = [];
  if (s.charAt(i) === "[") {
    const close = s.indexOf("]", i);
    if (close < 0) return fail("expected `]` to close the extras", i, s.length);
    const inner = s.slice(i + 1, close);
    if (inner.trim() !== "") {
      let pos = i + 1;
      for (const piece of inner.split(",")) {
        const extra = piece.trim();
        if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(extra)) {
          const at = pos + piece.length - piece.trimStart().length;
          return fail(
            `invalid extra name ${extra === "" ? "(empty)" : `\`${extra}\``}`,
            at,
            at + Math.max(1, extra.length),
          );
        }
        extras.push(extra);
        pos += piece.length + 1;
      }
    }
    i = skipSpace(s, close + 1);
  }

  let specifier: Range | null = null;
  let url: Range | null = null;
  let after = "name";
  if (s.charAt(i) === "@") {
    i = skipSpace(s, i + 1);
    const urlStart = i;
    while (i < s.length && !isSpace(s.charAt(i))) i++;
    if (i === urlStart) return fail("expected a URL after `@`", urlStart);
    url = { start: urlStart, end: i };
    const next = skipSpace(s, i);
    if (next < s.length && next === i) return fail("expected whitespace after the URL", i);
    i = next;
    after = "URL";
  } else if (s.charAt(i) === "(") {
    const close = s.indexOf(")", i);
    if (close < 0) return fail("expected `)` to close the version specifier", i, s.length);
    const inner = scanSpecifiers(s, i + 1, close);
    if ("message" in inner) return { ok: false, problem: inner };
    if (skipSpace(s, inner.end) !== close) {
      return fail("expected `,` or `)` after the version specifier", skipSpace(s, inner.end));
    }
    specifier = inner;
    i = skipSpace(s, close + 1);
    after = "version specifier";
  } else if (OPERATOR.test(s.slice(i, i + 3)) || s.charAt(i) === "=") {
    const scanned = scanSpecifiers(s, i, markerStart(s, i));
    if ("message" in scanned) return { ok: false, problem: scanned };
    specifier = scanned;
    i = skipSpace(s, scanned.end);
    after = "version specifier";
  }

  let marker: Range | null = null;
  if (i < s.length) {
    if (s.charAt(i) !== ";") return fail(unexpectedAfter(s, i, after), i, tokenEnd(s, i));
    const start = skipSpace(s, i + 1);
    let end = s.length;
    while (end > start && isSpace(s.charAt(end - 1))) end--;
    const problem = checkMarker(s.slice(start, end));
    if (problem) return fail(`invalid environment marker: ${problem.message}`, start + problem.at);
    marker = { start, end };
  }
  return { ok: true, value: { name, extras, specifier, url, marker } };
}

function markerStart(s: string, from: number): number {
  const semi = s.indexOf(";", from);
  return semi >= 0 ? semi : s.length;
}

function tokenEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && !isSpace(s.charAt(j))) j++;
  return j;
}

function unexpectedAfter(s: string, i: number, after: string): string {
  const c = s.charAt(i);
  if (after === "name" && /[0-9]/.test(c)) {
    return "expected a version operator before the version (for example `==` or `>=`), or the end of the requirement";
  }
  if (after === "version specifier" && /[<>=!~]/.test(c)) {
    return "expected `,` between version specifiers, `;` before a marker, or the end of the requirement";
  }
  if (after === "URL")
    return "expected `;` and a marker after the URL and whitespace, or the end of the requirement";
  return `unexpected \`${c}\` after the ${after}: expected ${after === "name" ? "extras, a version specifier, `@ url`, " : ""}\`;\` and a marker, or the end of the requirement`;
}

/**
 * Scans `op version (, op version)*` in `s[from..to)`, checking each clause with PEP 440. Returns the
 * range of the whole set (trimmed), or the first problem with its place.
 */
function scanSpecifiers(s: string, from: number, to: number): Range | SyntaxProblem {
  let i = skipSpace(s, from);
  const start = i;
  let end = i;
  for (;;) {
    const opStart = i;
    const op = OPERATOR.exec(s.slice(i, i + 3));
    if (!op) {
      if (s.charAt(i) === "=") {
        return {
          message: "`=` is not a version operator: use `==` for an exact version (pip rejects a single `=`)",
          range: { start: i, end: i + 1 },
        };
      }
      return {
        message: "expected a version operator (`==`, `>=`, `<`, `~=`, `!=`, ...)",
        range: { start: i, end: i + 1 },
      };
    }
    i = skipSpace(s, i + op[0].length);
    const versionStart = i;
    while (i < to && !/[\s,;)]/.test(s.charAt(i))) i++;
    if (i === versionStart) {
      return {
        message: `expected a version after \`${op[0]}\``,
        range: { start: opStart, end: versionStart },
      };
    }
    const clause = op[0] + s.slice(versionStart, i);
    if (!validRange(clause)) {
      return {
        message: `\`${clause.length > 60 ? `${clause.slice(0, 59)}…` : clause}\` is not a valid PEP 440 version specifier`,
        range: { start: opStart, end: i },
      };
    }
    end = i;
    const next = skipSpace(s, i);
    if (s.charAt(next) !== ",") break;
    const after = skipSpace(s, next + 1);
    if (after >= to || s.charAt(after) === ";" || s.charAt(after) === ")") {
      return {
        message: "trailing `,` in the version specifier: pip rejects it",
        range: { start: next, end: next + 1 },
      };
    }
    i = after;
  }
  return { start, end };
}
