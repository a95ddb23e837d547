import type { DependencyFile } from "../../../model/index.js";
import { pinFromPep508Text } from "../shared/pep508-pin.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { decodeBackslashEscapes } from "../shared/backslash-escapes.js";
import { contiguous, lineIndex, pinnedTo } from "../shared/text.js";

interface Token {
  kind: "name" | "string" | "punct";
  text: string;
  start: number;
  end: number;
  /** For strings: the value when it is a plain literal (no escapes, not an f-string), else null. */
  value?: string | null;
  /** For strings: where the characters between the quotes start. */
  contentStart?: number;
  /** For strings with escapes that can be decoded (not raw, not f- or b-strings): the text between the quotes. */
  body?: string;
}

/**
 * Reads `setup.py` without running it (best effort): the string literals of `install_requires=[...]`
 * and of the lists inside `extras_require={...}`, whether given as keyword arguments or dict entries.
 * Requirements computed at run time (read from a file, built in a loop) are not seen.
 */
export function parseSetupPy(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "setup.py", text, (body, file, sink) => {
    const lines = lineIndex(path, body);
    const tokens = tokenize(body);
    const site = { lines, source: "setup.py" as const, constraint: false };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!t) break;
      const key = t.kind === "name" ? t.text : t.kind === "string" ? t.value : null;
      if (key !== "install_requires" && key !== "extras_require") continue;
      const sep = tokens[i + 1];
      const open = tokens[i + 2];
      if (sep?.kind !== "punct" || (sep.text !== "=" && sep.text !== ":") || open?.kind !== "punct") continue;
      // install_requires: the list's own elements; extras_require: the elements of the lists in the dict.
      const wanted = key === "install_requires" ? ["[", "("] : ["{"];
      if (!wanted.includes(open.text)) continue;
      const listDepth = key === "install_requires" ? 1 : 2;
      let depth = 0;
      let j = i + 2;
      for (; j < tokens.length; j++) {
        const u = tokens[j];
        if (!u || sink.enough(file.pins.length)) break;
        if (u.kind === "punct" && "[({".includes(u.text)) depth++;
        else if (u.kind === "punct" && "])}".includes(u.text)) {
          depth--;
          if (depth === 0) break;
        } else if (u.kind === "string" && depth === listDepth && u.contentStart !== undefined) {
          const next = tokens[j + 1];
          // A dict key inside extras_require is followed by `:`; it is the extra's name, not a requirement.
          if (next?.kind === "punct" && next.text === ":") continue;
          const m =
            u.value !== null && u.value !== undefined
              ? contiguous(u.value, u.contentStart)
              : u.body !== undefined
                ? pinnedTo(decodeEscapes(u.body), u.start, u.end)
                : null;
          if (!m) continue;
          const pin = pinFromPep508Text(m, site, sink);
          if (pin) file.pins.push(pin);
        }
      }
      i = j;
    }
  });
}

/** A Python token stream good enough to find list literals: names, strings, single-character punctuation. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "#") {
      while (i < text.length && text.charAt(i) !== "\n") i++;
      continue;
    }
    const str = /^(?<prefix>[rRuUbBfF]{0,2})(?<quote>'''|"""|'|")/.exec(text.slice(i, i + 5));
    if (str?.groups && (str.groups.prefix === "" || /[A-Za-z_0-9]/.test(text.charAt(i - 1)) === false)) {
      const prefix = str.groups.prefix ?? "";
      const quote = str.groups.quote ?? '"';
      const contentStart = i + prefix.length + quote.length;
      const raw = /[rR]/.test(prefix);
      let j = contentStart;
      let escaped = false;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text.charAt(j) === "\\") {
          escaped = true;
          j++;
        } else if (quote.length === 1 && text.charAt(j) === "\n") break;
        j++;
      }
      const end = Math.min(text.length, j + quote.length);
      const content = text.slice(contentStart, Math.min(j, text.length));
      const plain = !/[fFbB]/.test(prefix) && (raw || !escaped);
      const decodable = !plain && !/[fFbB]/.test(prefix);
      tokens.push({
        kind: "string",
        text: text.slice(i, end),
        start: i,
        end,
        value: plain ? content : null,
        contentStart,
        ...(decodable ? { body: content } : {}),
      });
      i = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 128));
    if (name) {
      tokens.push({ kind: "name", text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (!/\s/.test(c)) tokens.push({ kind: "punct", text: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "\n": "",
};

/** The value of a non-raw string literal's body with escapes (`deepspeed\x3d=1`); unknown escapes stay as written. */
function decodeEscapes(body: string): string {
  return decodeBackslashEscapes(body, SIMPLE_ESCAPES);
}
