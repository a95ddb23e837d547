/**
 * Where things are in a TOML document. TOML parsers (smol-toml included) give values, not positions,
 * so this scanner walks the text once and records, for every key, table header and array element, the
 * offsets of the entry, its key and its value. It relies on the document being valid TOML (the caller
 * parses it with smol-toml first) and only has to be right about structure, never about values.
 */

import { decodeBackslashEscapes } from "../shared/backslash-escapes.js";

export interface TomlLoc {
  /** The whole entry: `key = value`, a table header `[a.b]`, or an array element. */
  entryStart: number;
  entryEnd: number;
  /** The last segment of the key as written (`foo` in `[a.b.foo]`); for array elements, the element. */
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** For a string value: where its characters are and its raw text between the quotes. */
  content?: { start: number; end: number; raw: string };
}

export type TomlPath = Array<string | number>;

/** The map key for a path (`["tool", "poetry", "dependencies", "deepspeed"]`, `["package", 3, "name"]`). */
export function pathKey(path: TomlPath): string {
  return path.map(String).join("\u0000");
}

export type TomlLocations = Map<string, TomlLoc>;

const MAX_DEPTH = 64;

interface Scanner {
  text: string;
  i: number;
  locs: TomlLocations;
}

/** Locates every key, table and array element of `text`. */
export function locateToml(text: string): TomlLocations {
  const s: Scanner = { text, i: 0, locs: new Map() };
  let table: TomlPath = [];
  // Arrays of tables seen so far (resolved path → index of their last element).
  const arrays = new Map<string, number>();
  const resolve = (segments: string[]): TomlPath => {
    const out: TomlPath = [];
    for (const seg of segments) {
      out.push(seg);
      const index = arrays.get(pathKey(out));
      if (index !== undefined) out.push(index);
    }
    return out;
  };

  while (s.i < text.length) {
    const before = s.i;
    skipBlank(s, true);
    if (s.i >= text.length) break;
    const c = text.charAt(s.i);
    if (c === "[") {
      const start = s.i;
      const isArray = text.charAt(s.i + 1) === "[";
      s.i += isArray ? 2 : 1;
      skipBlank(s, false);
      const key = readKey(s);
      skipBlank(s, false);
      s.i += isArray ? 2 : 1;
      const end = s.i;
      if (isArray) {
        const parent = resolve(key.segments.slice(0, -1));
        const full = [...parent, key.segments[key.segments.length - 1] ?? ""];
        const index = (arrays.get(pathKey(full)) ?? -1) + 1;
        arrays.set(pathKey(full), index);
        table = [...full, index];
      } else {
        table = resolve(key.segments);
      }
      s.locs.set(pathKey(table), {
        entryStart: start,
        entryEnd: end,
        keyStart: key.last,
        keyEnd: key.end,
        valueStart: start,
        valueEnd: end,
      });
    } else if (c === "#") {
      skipComment(s);
    } else {
      readKeyValue(s, table, 0);
    }
    if (s.i === before) s.i++;
  }
  return s.locs;
}

function skipComment(s: Scanner): void {
  while (s.i < s.text.length && s.text.charAt(s.i) !== "\n") s.i++;
}

/** Skips spaces and tabs, and with `newlines` also line breaks and comments. */
function skipBlank(s: Scanner, newlines: boolean): void {
  while (s.i < s.text.length) {
    const c = s.text.charAt(s.i);
    if (c === " " || c === "\t") s.i++;
    else if (newlines && (c === "\n" || c === "\r")) s.i++;
    else if (newlines && c === "#") skipComment(s);
    else break;
  }
}

function readKey(s: Scanner): { segments: string[]; start: number; end: number; last: number } {
  const segments: string[] = [];
  const start = s.i;
  let end = s.i;
  let last = s.i;
  for (;;) {
    skipBlank(s, false);
    last = s.i;
    const c = s.text.charAt(s.i);
    if (c === '"') {
      const close = basicEnd(s.text, s.i + 1);
      segments.push(decodeBasic(s.text.slice(s.i + 1, close)));
      s.i = close + 1;
    } else if (c === "'") {
      const close = s.text.indexOf("'", s.i + 1);
      const stop = close < 0 ? s.text.length : close;
      segments.push(s.text.slice(s.i + 1, stop));
      s.i = stop + 1;
    } else {
      const from = s.i;
      while (s.i < s.text.length && /[A-Za-z0-9_-]/.test(s.text.charAt(s.i))) s.i++;
      if (s.i === from) break;
      segments.push(s.text.slice(from, s.i));
    }
    end = s.i;
    skipBlank(s, false);
    if (s.text.charAt(s.i) !== ".") break;
    s.i++;
  }
  return { segments, start, end, last };
}

function readKeyValue(s: Scanner, table: TomlPath, depth: number): void {
  const key = readKey(s);
  if (key.segments.length === 0) {
    s.i++;
    return;
  }
  skipBlank(s, false);
  if (s.text.charAt(s.i) !== "=") return;
  s.i++;
  skipBlank(s, false);
  const path = [...table, ...key.segments];
  const value = readValue(s, path, depth);
  s.locs.set(pathKey(path), {
    entryStart: key.start,
    entryEnd: value.end,
    keyStart: key.last,
    keyEnd: key.end,
    valueStart: value.start,
    valueEnd: value.end,
    ...(value.content ? { content: value.content } : {}),
  });
}

interface ValueLoc {
  start: number;
  end: number;
  content?: { start: number; end: number; raw: string };
}

function readValue(s: Scanner, path: TomlPath, depth: number): ValueLoc {
  const text = s.text;
  const start = s.i;
  const c = text.charAt(s.i);
  if (text.startsWith('"""', s.i) || text.startsWith("'''", s.i)) {
    const quote = text.slice(s.i, s.i + 3);
    let from = s.i + 3;
    let close = quote === '"""' ? multiBasicEnd(text, from) : text.indexOf("'''", from);
    if (close < 0) close = text.length;
    // A run of up to five quotes closes the string: the first one or two belong to the content.
    let run = 0;
    while (run < 5 && text.charAt(close + run) === quote.charAt(0)) run++;
    if (run > 3) close += run - 3;
    // A line break right after the opening delimiter is not part of the string.
    if (text.startsWith("\r\n", from)) from += 2;
    else if (text.charAt(from) === "\n") from += 1;
    s.i = Math.min(text.length, close + 3);
    return { start, end: s.i, content: { start: from, end: close, raw: text.slice(from, close) } };
  }
  if (c === '"') {
    const close = basicEnd(text, s.i + 1);
    s.i = Math.min(text.length, close + 1);
    return { start, end: s.i, content: { start: start + 1, end: close, raw: text.slice(start + 1, close) } };
  }
  if (c === "'") {
    let close = text.indexOf("'", s.i + 1);
    if (close < 0) close = text.length;
    s.i = Math.min(text.length, close + 1);
    return { start, end: s.i, content: { start: start + 1, end: close, raw: text.slice(start + 1, close) } };
  }
  if (c === "[" && depth < MAX_DEPTH) {
    s.i++;
    let index = 0;
    for (;;) {
      skipBlank(s, true);
      if (s.i >= text.length) break;
      if (text.charAt(s.i) === "]") {
        s.i++;
        break;
      }
      if (text.charAt(s.i) === ",") {
        s.i++;
        continue;
      }
      const before = s.i;
      const element = readValue(s, [...path, index], depth + 1);
      s.locs.set(pathKey([...path, index]), {
        entryStart: element.start,
        entryEnd: element.end,
        keyStart: element.start,
        keyEnd: element.end,
        valueStart: element.start,
        valueEnd: element.end,
        ...(element.content ? { content: element.content } : {}),
      });
      index++;
      if (s.i === before) s.i++;
    }
    return { start, end: s.i };
  }
  if (c === "{" && depth < MAX_DEPTH) {
    s.i++;
    for (;;) {
      skipBlank(s, true);
      if (s.i >= text.length) break;
      const d = text.charAt(s.i);
      if (d === "}") {
        s.i++;
        break;
      }
      if (d === ",") {
        s.i++;
        continue;
      }
      const before = s.i;
      readKeyValue(s, path, depth + 1);
      if (s.i === before) s.i++;
    }
    return { start, end: s.i };
  }
  // A number, boolean or date: up to the next delimiter (dates may hold one space).
  while (s.i < text.length && !/[,\]}\n\r#]/.test(text.charAt(s.i))) s.i++;
  let end = s.i;
  while (end > start && /[ \t]/.test(text.charAt(end - 1))) end--;
  return { start, end };
}

/** Index of the `"` closing a basic string whose content starts at `from` (or the line end). */
function basicEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === '"' || c === "\n") return i;
  }
  return text.length;
}

/** Index of the `"""` closing a multi-line basic string whose content starts at `from`. */
function multiBasicEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "\\") i++;
    else if (c === '"' && text.startsWith('"""', i)) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  e: "\u001b",
  '"': '"',
  "\\": "\\",
};

/** Decodes the escapes of a basic string's content (for quoted keys). */
function decodeBasic(raw: string): string {
  return decodeBackslashEscapes(raw, ESCAPES);
}
