import { scattered, type Mapped } from "./text.js";

/** A word of a command line, with quotes and escapes removed, and where each character came from. */
export interface Word {
  kind: "word";
  value: string;
  /** Index in the input of each character of `value`, and one more: the index just past the word. */
  offsets: number[];
  start: number;
  end: number;
  /** The word holds an unquoted `$` (a variable or command substitution the shell expands). */
  expands: boolean;
}

/** A shell control or redirection operator (`&&`, `||`, `;`, `|`, `&`, `>`, `>>`, `<`, `(`, `)`). */
export interface Operator {
  kind: "op";
  op: string;
  start: number;
}

export type ShellToken = Word | Operator;

/** A word's characters mapped to the file, through the text it was split from (`words` was split from `line.text`). */
export function wordIn(word: Word, line: Mapped): Mapped {
  return scattered(
    word.value,
    word.offsets.map((o) => line.at(o)),
  );
}

export type SplitResult = { ok: true; tokens: ShellToken[] } | { ok: false; message: string; at: number };

const OPERATORS = ["&&", "||", ">>", "<<", ";", "|", "&", ">", "<", "(", ")"];

/**
 * Splits `text` into words the way a POSIX shell (`shell: true`) or Python's `shlex.split` (`shell:
 * false`, which pip uses for requirement-line options) does: single quotes keep everything, double
 * quotes let `\` escape `\`, `"`, `$` and a backquote, an unquoted `\` escapes the next character. In
 * shell mode, control and redirection operators are tokens of their own and an unquoted `#` at the
 * start of a word starts a comment. Variables are not expanded.
 */
export function splitWords(text: string, shell: boolean): SplitResult {
  const tokens: ShellToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (shell && c === "\n") tokens.push({ kind: "op", op: ";", start: i });
      i++;
      continue;
    }
    if (shell && c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (shell) {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        tokens.push({ kind: "op", op, start: i });
        i += op.length;
        continue;
      }
    }
    const word = readWord(text, i, shell);
    if ("message" in word) return { ok: false, ...word };
    tokens.push(word);
    i = word.end;
  }
  return { ok: true, tokens };
}

function readWord(text: string, start: number, shell: boolean): Word | { message: string; at: number } {
  let value = "";
  const offsets: number[] = [];
  let expands = false;
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") break;
    if (shell && OPERATORS.some((o) => text.startsWith(o, i))) break;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { message: "unterminated single quote", at: i };
      for (let j = i + 1; j < close; j++) {
        value += text.charAt(j);
        offsets.push(j);
      }
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return { message: "unterminated double quote", at: i };
        const d = text.charAt(j);
        if (d === '"') break;
        if (d === "\\" && j + 1 < text.length && '\\"$`'.includes(text.charAt(j + 1))) {
          value += text.charAt(j + 1);
          offsets.push(j + 1);
          j += 2;
          continue;
        }
        if (d === "$" && shell) expands = true;
        value += d;
        offsets.push(j);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === "\\" && i + 1 < text.length) {
      value += text.charAt(i + 1);
      offsets.push(i + 1);
      i += 2;
      continue;
    }
    if (c === "$" || c === "`") expands = expands || shell;
    value += c;
    offsets.push(i);
    i++;
  }
  offsets.push(i);
  return { kind: "word", value, offsets, start, end: i, expands };
}
