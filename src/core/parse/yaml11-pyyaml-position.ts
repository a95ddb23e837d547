import { isMap, isScalar, visit, type Document } from "yaml";

/**
 * Where PyYAML reports a syntax error, for the errors where the `yaml` package stops somewhere else.
 * NeoX users read PyYAML's traceback, so the line neox-check reports must be PyYAML's line. The package
 * usually reports the start of the construct it rejects; PyYAML's scanner reports the token where it
 * noticed: the `:` after a key that spans lines, or the first token after a line that could not be a key.
 */

const SPACE = new Set([" ", "\t", "\r", "\n"]);
const FLOW_END = new Set([",", "[", "]", "{", "}"]);

/** The offset of the first character from `from` that is neither white space nor part of a comment. */
export function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (SPACE.has(c)) {
      i++;
    } else if (c === "#" && (i === 0 || SPACE.has(text[i - 1] ?? ""))) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? text.length : eol;
    } else {
      return i;
    }
  }
  return text.length;
}

/**
 * The offset of the first value indicator (`:` followed by white space, the end, or a flow indicator) at or
 * after `from`, skipping quoted scalars and comments: where PyYAML's scanner emits the VALUE token after a
 * key. Null when there is none.
 */
export function valueIndicatorAfter(text: string, from: number): number | null {
  let i = from;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (c === '"' || c === "'") {
      i = closingQuote(text, i);
      continue;
    }
    if (c === "#" && (i === 0 || SPACE.has(text[i - 1] ?? ""))) {
      const eol = text.indexOf("\n", i);
      if (eol < 0) return null;
      i = eol;
      continue;
    }
    if (c === ":") {
      const next = text[i + 1];
      if (next === undefined || SPACE.has(next) || FLOW_END.has(next)) return i;
    }
    i++;
  }
  return null;
}

/** The offset just after the quoted scalar starting at `start` (or the end of the text). */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (quote === '"' && c === "\\") {
      i += 2;
      continue;
    }
    if (c === quote) {
      // `''` inside single quotes is an escaped quote.
      if (quote === "'" && text[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** The offset of the start of the line after the one holding `offset` (or the end of the text). */
function nextLine(text: string, offset: number): number {
  const eol = text.indexOf("\n", offset);
  return eol < 0 ? text.length : eol + 1;
}

/** A `yaml` package error as this module needs it. */
export interface PackageError {
  code: string;
  message: string;
  pos: [number, number];
}

/** The offset PyYAML would report for a `yaml` package error (its own start when they agree). */
export function pyyamlOffset(text: string, error: PackageError): number {
  const [start, end] = error.pos;
  switch (error.code) {
    case "MULTILINE_IMPLICIT_KEY": {
      // PyYAML accepts the key's text and fails at the `:` that follows it (or at the token it finds instead).
      const at = nextSignificant(text, end);
      return at;
    }
    case "BLOCK_AS_IMPLICIT_KEY":
    case "BLOCK_IN_FLOW":
      // A value that runs over a line into `key: value`: PyYAML stops at that `:`.
      return valueIndicatorAfter(text, start) ?? start;
    case "BAD_INDENT":
      // The package points at the indentation (or the blank lines before it); PyYAML at the token.
      return nextSignificant(text, start);
    case "MISSING_CHAR":
      // A line that is a key without `:`: PyYAML notices when it reaches the next token, on a later line.
      if (error.message.startsWith("Implicit map keys need to be followed by map values"))
        return nextSignificant(text, nextLine(text, Math.max(start, end - 1)));
      return start;
    default:
      return start;
  }
}

/**
 * A key of a flow mapping that spans lines, which the `yaml` package accepts and PyYAML rejects
 * ("expected ',' or '}', but got ':'" at the `:`): a stray line of text inside `{...}` becomes part of
 * the next key. Returns the offset of that `:`, or null.
 */
export function multilineFlowKey(text: string, doc: Document.Parsed): number | null {
  let found: number | null = null;
  visit(doc, {
    Pair(_key, pair, path) {
      const parent = path[path.length - 1];
      if (!isMap(parent) || !parent.flow) return undefined;
      const key = pair.key;
      if (!isScalar(key) || key.range === undefined || key.range === null) return undefined;
      const [from, to] = key.range;
      if (!text.slice(from, to).includes("\n")) return undefined;
      found = valueIndicatorAfter(text, to) ?? to;
      return visit.BREAK;
    },
  });
  return found;
}
