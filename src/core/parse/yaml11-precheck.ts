import { CST, Lexer } from "yaml";

/**
 * Checks on the raw text, before and beside the `yaml` package: what PyYAML rejects but the package
 * accepts (tabs, control characters), and what would make the package slow (deep flow nesting).
 */

/** A problem at a character offset of the text. */
export interface TextProblem {
  offset: number;
  message: string;
}

// PyYAML's Reader.NON_PRINTABLE: everything else makes `yaml.load` fail before parsing.
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The first character PyYAML refuses to read, with PyYAML's message. */
export function findUnacceptableCharacter(text: string): TextProblem | null {
  const match = NON_PRINTABLE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return {
    offset: match.index,
    message: `unacceptable character #x${hex}: special characters are not allowed`,
  };
}

/**
 * The offset where `[`/`{` nesting first goes deeper than `max`, or -1. Quotes and comments are skipped
 * roughly; this only guards the parser against pathological input, real configs nest a few levels.
 */
export function findDeepFlowNesting(text: string, max: number): number {
  let depth = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === "\n") comment = false;
      continue;
    }
    if (quote !== null) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      comment = true;
    } else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) return i;
    } else if ((c === "]" || c === "}") && depth > 0) {
      depth--;
    }
  }
  return -1;
}

const TAB_MESSAGE = "found character '\\t' that cannot start any token";

/**
 * The first tab PyYAML rejects. PyYAML never skips tabs between tokens, nor accepts them in plain scalars
 * or in the indentation of block scalars (`a:\t1`, `a: x\ty` and a tab-indented line all fail), while the
 * `yaml` package accepts most of them. Tabs inside quotes, comments and block scalar text are fine.
 */
export function findRejectedTab(text: string): TextProblem | null {
  if (!text.includes("\t")) return null;
  let offset = 0;
  let afterBlockHeader = false;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Marker tokens of the lexer are not source text.
    if (type === "doc-mode" || type === "flow-error-end") continue;
    if (type === "scalar") {
      scalarNext = true;
      continue;
    }
    const start = offset;
    offset += token.length;
    if (scalarNext) {
      scalarNext = false;
      const at = afterBlockHeader ? blockScalarTab(token) : token.indexOf("\t");
      afterBlockHeader = false;
      if (at >= 0) return { offset: start + at, message: TAB_MESSAGE };
      continue;
    }
    if (type === "block-scalar-header") afterBlockHeader = true;
    else if (type !== "newline" && type !== "space" && type !== "comment") afterBlockHeader = false;
    if (type === "space" || type === null) {
      const at = token.indexOf("\t");
      if (at >= 0) return { offset: start + at, message: TAB_MESSAGE };
    }
  }
  return null;
}

/** In block scalar text, a tab is an error only where indentation is expected (before the content column). */
function blockScalarTab(body: string): number {
  const lines = body.split("\n");
  const first = lines.find((line) => /[^ \t\r]/.test(line));
  const indent = Math.max(1, first ? (/^ */.exec(first)?.[0].length ?? 0) : 1);
  let lineStart = 0;
  for (const line of lines) {
    const spaces = /^ */.exec(line)?.[0].length ?? 0;
    if (spaces < indent && line[spaces] === "\t") return lineStart + spaces;
    lineStart += line.length + 1;
  }
  return -1;
}
