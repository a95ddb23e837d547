/**
 * Reads the dataclass fields of GPT-NeoX's argument classes from Python source, as text: no Python is run.
 * Only `name: annotation [= default]` lines directly in the body of a `class NeoXArgs...:` count;
 * docstrings, comments and methods are skipped.
 */

/** One dataclass field as written. */
export interface PythonField {
  name: string;
  /** The annotation as written, whitespace collapsed (`Literal["fp16", "fp32", "bfloat16"]`). */
  type: string;
  /** The default, when it is a Python literal; otherwise null. */
  default: unknown;
  /** The class that declares it (`NeoXArgsModel`). */
  group: string;
}

// One `\s*` between the name and `:` whatever comes between: two adjacent ones backtrack quadratically.
/** NeoX's `NeoXArgs*` classes and savanna's `GlobalConfig*` ones (not `GlobalConfig(*BASE_CLASSES)` itself). */
const CLASS_RE = /^class\s+(?<name>NeoXArgs\w*|GlobalConfig\w+)\s*(?:\([^)]*\)\s*)?:/;
const FIELD_RE = /^(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*:(?<rest>.*)$/;
const KEYWORDS = new Set([
  "else",
  "try",
  "finally",
  "except",
  "lambda",
  "class",
  "def",
  "if",
  "elif",
  "while",
  "for",
  "with",
]);

interface ScanState {
  /** The open triple quote, while inside a triple-quoted string. */
  triple: string | null;
}

interface Pending {
  name: string;
  text: string;
  depth: number;
  group: string;
}

/** Every field of every `class NeoXArgs...:` in the text, in source order (a repeated name keeps the last). */
export function readDataclassFields(text: string): PythonField[] {
  const fields = new Map<string, PythonField>();
  const state: ScanState = { triple: null };
  let group: string | null = null;
  let bodyIndent: number | null = null;
  let pending: Pending | null = null;

  const finish = (field: Pending): void => {
    const parsed = splitField(field.name, field.text);
    // Python keeps the first position and the last annotation of a name declared twice in one class
    // (deepspeed_args.py declares `force_multi` and `autotuning` twice).
    fields.set(`${field.group}.${field.name}`, { ...parsed, group: field.group });
  };

  for (const line of text.split(/\r?\n/)) {
    const startsInString = state.triple !== null;
    const { code, depth } = scanLine(line, state);
    if (pending) {
      pending.text += ` ${code.trim()}`;
      pending.depth += depth;
      if (pending.depth <= 0 && state.triple === null) {
        finish(pending);
        pending = null;
      }
      continue;
    }
    if (startsInString) continue;
    const stripped = code.trim();
    if (stripped === "") continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (indent === 0) {
      group = CLASS_RE.exec(stripped)?.groups?.["name"] ?? null;
      bodyIndent = null;
      continue;
    }
    if (group === null) continue;
    bodyIndent ??= indent;
    if (indent !== bodyIndent) continue;
    const match = FIELD_RE.exec(stripped);
    const name = match?.groups?.["name"];
    if (!match || name === undefined || KEYWORDS.has(name) || stripped.startsWith(`${name}:=`)) continue;
    const field: Pending = { name, text: stripped, depth, group };
    if (depth > 0 || state.triple !== null) pending = field;
    else finish(field);
  }
  if (pending) finish(pending);
  return [...fields.values()];
}

/**
 * Module-level choice lists (`ATTENTION_TYPE_CHOICES = [...]`, savanna's `operator_type_CHOICES = [...]`):
 * name to the strings listed. Lists that are not all strings are skipped.
 */
export function readChoiceLists(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const re = /^(?<name>[A-Za-z_]\w*_CHOICES)\s*=\s*(?<rest>[[(])/gm;
  for (const match of text.matchAll(re)) {
    const name = match.groups?.["name"];
    if (name === undefined) continue;
    const start = (match.index ?? 0) + match[0].length - 1;
    const end = closingBracket(text, start);
    if (end < 0) continue;
    const body = text
      .slice(start, end + 1)
      .split(/\r?\n/)
      .map((line) => scanLine(line, { triple: null }).code)
      .join(" ");
    const literal = parsePythonLiteral(body);
    if (literal === undefined || !Array.isArray(literal.value)) continue;
    const values = literal.value as unknown[];
    if (values.every((v): v is string => typeof v === "string")) out[name] = values;
  }
  return out;
}

/** The index of the bracket closing the one at `start` (strings and comments skipped), or -1. */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i] ?? "";
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0) return -1;
      i = nl;
    } else if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Removes comments from one line, keeps string literals, and counts the brackets it opens. */
function scanLine(line: string, state: ScanState): { code: string; depth: number } {
  let code = "";
  let depth = 0;
  let i = 0;
  while (i < line.length) {
    if (state.triple !== null) {
      const close = line.indexOf(state.triple, i);
      if (close < 0) return { code, depth };
      i = close + 3;
      state.triple = null;
      continue;
    }
    const c = line[i] ?? "";
    if (c === "#") break;
    const three = line.slice(i, i + 3);
    if (three === '"""' || three === "'''") {
      state.triple = three;
      i += 3;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === "\\" ? 2 : 1;
      code += line.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    code += c;
    i++;
  }
  return { code, depth };
}

/** `name: annotation = default` -> annotation and evaluated default. */
function splitField(name: string, text: string): Omit<PythonField, "group"> {
  const rest = text.slice(text.indexOf(":") + 1);
  const equals = topLevelAssignment(rest);
  const annotation = (equals < 0 ? rest : rest.slice(0, equals)).replace(/\s+/g, " ").trim();
  const source = equals < 0 ? null : rest.slice(equals + 1).trim();
  const literal = source === null ? undefined : parsePythonLiteral(source);
  return { name, type: annotation, default: literal === undefined ? null : literal.value };
}

/** The index of the `=` that starts the default (not `==`, `<=`, `>=`, `!=`, nor inside brackets or strings). */
function topLevelAssignment(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "=" && depth === 0 && text[i + 1] !== "=" && !"=<>!".includes(text[i - 1] ?? "")) return i;
  }
  return -1;
}

/** A Python literal (`None`, `True`, numbers, strings, lists, tuples, dicts) as JSON-like data. */
export function parsePythonLiteral(source: string): { value: unknown } | undefined {
  const parser = new LiteralParser(source);
  try {
    const value = parser.value();
    parser.skipSpace();
    return parser.done() ? { value } : undefined;
  } catch {
    return undefined;
  }
}

class LiteralParser {
  private i = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.i >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.i] ?? "")) this.i++;
  }

  value(): unknown {
    this.skipSpace();
    const c = this.text[this.i] ?? "";
    if (c === "[" || c === "(") return this.sequence(c === "[" ? "]" : ")");
    if (c === "{") return this.dict();
    if (c === '"' || c === "'") return this.strings();
    const word = /^(?:None|True|False)\b/.exec(this.text.slice(this.i));
    if (word) {
      this.i += word[0].length;
      return word[0] === "None" ? null : word[0] === "True";
    }
    const number =
      /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9_]+)?)/.exec(
        this.text.slice(this.i),
      );
    if (number && number[0] !== "" && /[0-9]/.test(number[0])) {
      this.i += number[0].length;
      return pythonNumber(number[0]);
    }
    throw new Error("not a literal");
  }

  private sequence(close: string): unknown[] {
    this.i++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === close) break;
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.i] === ",") this.i++;
      else if (this.text[this.i] !== close) throw new Error("bad sequence");
    }
    this.i++;
    return items;
  }

  private dict(): Record<string, unknown> {
    this.i++;
    const result: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === "}") break;
      const key = this.value();
      this.skipSpace();
      if (this.text[this.i] !== ":") throw new Error("bad dict");
      this.i++;
      Object.defineProperty(result, String(key), {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      if (this.text[this.i] === ",") this.i++;
      else if (this.text[this.i] !== "}") throw new Error("bad dict");
    }
    this.i++;
    return result;
  }

  /** One or more adjacent string literals (Python joins them). */
  private strings(): string {
    let result = "";
    do {
      result += this.string();
      this.skipSpace();
    } while (this.text[this.i] === '"' || this.text[this.i] === "'");
    return result;
  }

  private string(): string {
    const quote = this.text[this.i] ?? "";
    let result = "";
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== quote) {
      const c = this.text[this.i] ?? "";
      if (c === "\\") {
        const next = this.text[this.i + 1] ?? "";
        result += next === "n" ? "\n" : next === "t" ? "\t" : next;
        this.i += 2;
      } else {
        result += c;
        this.i++;
      }
    }
    if (this.text[this.i] !== quote) throw new Error("unterminated string");
    this.i++;
    return result;
  }
}

function pythonNumber(text: string): number {
  const clean = text.replace(/_/g, "");
  const sign = clean.startsWith("-") ? -1 : 1;
  const body = clean.replace(/^[-+]/, "");
  if (/^0[xX]/.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^0[oO]/.test(body)) return sign * parseInt(body.slice(2), 8);
  if (/^0[bB]/.test(body)) return sign * parseInt(body.slice(2), 2);
  return sign * Number(body);
}
