import { pathKey, type TomlLoc } from "../toml/toml-locate.js";

/**
 * Where a JSON value is: the whole entry (`"key": value`), its key, its value, and a string's characters;
 * the same fields as a TOML location, keyed by the same `pathKey`.
 */
export type JsonLoc = TomlLoc;

export type JsonLocations = Map<string, JsonLoc>;

export type JsonParse =
  { ok: true; value: unknown; locs: JsonLocations } | { ok: false; message: string; at: number };

const MAX_DEPTH = 64;

/**
 * Parses JSON with the place of every member and element. Values come from `JSON.parse` of each
 * string token, so they agree with it; nesting is capped so that hostile input cannot exhaust the stack.
 */
export function parseJsonWithLocations(text: string): JsonParse {
  const locs: JsonLocations = new Map();
  const state = { i: 0 };
  try {
    skip(text, state);
    const value = readValue(text, state, [], locs, 0, state.i, state.i);
    skip(text, state);
    if (state.i < text.length) throw new JsonProblem("unexpected text after the JSON value", state.i);
    return { ok: true, value, locs };
  } catch (error) {
    if (error instanceof JsonProblem) return { ok: false, message: error.message, at: error.at };
    throw error;
  }
}

class JsonProblem extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

function skip(text: string, state: { i: number }): void {
  while (state.i < text.length && " \t\n\r".includes(text.charAt(state.i))) state.i++;
}

function readString(text: string, state: { i: number }): { value: string; start: number; end: number } {
  const start = state.i;
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "\\") i += 2;
    else if (c === '"') break;
    else if (c < " ") throw new JsonProblem("control character in a string", i);
    else i++;
  }
  if (i >= text.length) throw new JsonProblem("unterminated string", start);
  state.i = i + 1;
  try {
    return { value: JSON.parse(text.slice(start, i + 1)) as string, start, end: i + 1 };
  } catch {
    throw new JsonProblem("invalid escape in a string", start);
  }
}

/** After an item of an object or array: true at `close`, false at `,`; anything else is an error. */
function closes(text: string, state: { i: number }, close: "}" | "]"): boolean {
  skip(text, state);
  const d = text.charAt(state.i);
  state.i++;
  if (d === close) return true;
  if (d !== ",") throw new JsonProblem(`expected \`,\` or \`${close}\``, state.i - 1);
  return false;
}

function readValue(
  text: string,
  state: { i: number },
  path: Array<string | number>,
  locs: JsonLocations,
  depth: number,
  entryStart: number,
  keyStart: number,
): unknown {
  if (depth > MAX_DEPTH) throw new JsonProblem("JSON nested too deeply", state.i);
  const start = state.i;
  const c = text.charAt(start);
  let value: unknown;
  let content: JsonLoc["content"];
  if (c === "{") {
    state.i++;
    const obj: Record<string, unknown> = {};
    skip(text, state);
    if (text.charAt(state.i) === "}") state.i++;
    else {
      for (;;) {
        skip(text, state);
        if (text.charAt(state.i) !== '"') throw new JsonProblem("expected a string key", state.i);
        const key = readString(text, state);
        skip(text, state);
        if (text.charAt(state.i) !== ":") throw new JsonProblem("expected `:`", state.i);
        state.i++;
        skip(text, state);
        Object.defineProperty(obj, key.value, {
          value: readValue(text, state, [...path, key.value], locs, depth + 1, key.start, key.start),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        const keyLoc = locs.get(pathKey([...path, key.value]));
        if (keyLoc) {
          keyLoc.keyStart = key.start + 1;
          keyLoc.keyEnd = key.end - 1;
        }
        if (closes(text, state, "}")) break;
      }
    }
    value = obj;
  } else if (c === "[") {
    state.i++;
    const arr: unknown[] = [];
    skip(text, state);
    if (text.charAt(state.i) === "]") state.i++;
    else {
      for (;;) {
        skip(text, state);
        arr.push(readValue(text, state, [...path, arr.length], locs, depth + 1, state.i, state.i));
        if (closes(text, state, "]")) break;
      }
    }
    value = arr;
  } else if (c === '"') {
    const s = readString(text, state);
    value = s.value;
    content = { start: s.start + 1, end: s.end - 1, raw: text.slice(s.start + 1, s.end - 1) };
  } else {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(start, start + 400),
    );
    if (!m) throw new JsonProblem("unexpected character", start);
    state.i += m[0].length;
    value = JSON.parse(m[0]) as unknown;
  }
  locs.set(pathKey(path), {
    entryStart,
    entryEnd: state.i,
    keyStart,
    keyEnd: state.i,
    valueStart: start,
    valueEnd: state.i,
    ...(content ? { content } : {}),
  });
  return value;
}
