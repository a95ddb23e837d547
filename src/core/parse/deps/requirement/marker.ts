/**
 * Checks a PEP 508 environment marker (`python_version < "3.10" and sys_platform == 'linux'`) the way
 * `packaging` parses it. Returns null when valid, or the index of the problem and a message.
 */
export function checkMarker(text: string): { at: number; message: string } | null {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return tokens;
  if (tokens.length === 0) return { at: 0, message: "expected a marker after `;`" };
  const state = { tokens, i: 0, depth: 0 };
  const problem = parseOr(state);
  if (problem) return problem;
  const extra = tokens[state.i];
  if (extra)
    return {
      at: extra.start,
      message: `unexpected ${show(extra)} in marker: expected \`and\`, \`or\` or the end`,
    };
  return null;
}

/** Marker variables `packaging` knows, including the legacy dotted spellings it still accepts. */
const VARIABLES: ReadonlySet<string> = new Set([
  "python_version",
  "python_full_version",
  "os_name",
  "sys_platform",
  "platform_release",
  "platform_system",
  "platform_version",
  "platform_machine",
  "platform_python_implementation",
  "implementation_name",
  "implementation_version",
  "extra",
  "extras",
  "dependency_groups",
  "os.name",
  "sys.platform",
  "platform.version",
  "platform.machine",
  "platform.python_implementation",
  "python_implementation",
]);

interface Token {
  kind: "var" | "str" | "op" | "and" | "or" | "not" | "in" | "(" | ")";
  text: string;
  start: number;
}

const MAX_DEPTH = 32;

function tokenize(text: string): Token[] | { at: number; message: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ kind: c, text: c, start: i });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return { at: i, message: "unterminated string in marker" };
      tokens.push({ kind: "str", text: text.slice(i, close + 1), start: i });
      i = close + 1;
      continue;
    }
    const op = /^(?:===|~=|==|!=|<=|>=|<|>)/.exec(text.slice(i, i + 3));
    if (op) {
      tokens.push({ kind: "op", text: op[0], start: i });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i, i + 64));
    if (word) {
      const w = word[0];
      const kind = w === "and" || w === "or" || w === "not" || w === "in" ? w : "var";
      if (kind === "var" && !VARIABLES.has(w)) {
        return {
          at: i,
          message: `unknown marker variable \`${w}\` (expected one like \`python_version\` or \`sys_platform\`)`,
        };
      }
      tokens.push({ kind, text: w, start: i });
      i += w.length;
      continue;
    }
    return { at: i, message: `unexpected character \`${c}\` in marker` };
  }
  return tokens;
}

interface State {
  tokens: Token[];
  i: number;
  depth: number;
}

type Problem = { at: number; message: string } | null;

/** `operand (op operand)*`: the one shape of both levels of the grammar (`or` over `and` over atoms). */
function parseChain(s: State, op: "or" | "and", operand: (s: State) => Problem): Problem {
  const first = operand(s);
  if (first) return first;
  while (s.tokens[s.i]?.kind === op) {
    s.i++;
    const next = operand(s);
    if (next) return next;
  }
  return null;
}

function parseOr(s: State): Problem {
  return parseChain(s, "or", parseAnd);
}

function parseAnd(s: State): Problem {
  return parseChain(s, "and", parseAtom);
}

function parseAtom(s: State): Problem {
  const t = s.tokens[s.i];
  const endAt = endOf(s);
  if (!t) return { at: endAt, message: "the marker ends too early: expected a comparison" };
  if (t.kind === "(") {
    if (++s.depth > MAX_DEPTH) return { at: t.start, message: "marker nested too deeply" };
    s.i++;
    const inner = parseOr(s);
    if (inner) return inner;
    const close = s.tokens[s.i];
    if (close?.kind !== ")") return { at: close?.start ?? endOf(s), message: "expected `)` in marker" };
    s.i++;
    s.depth--;
    return null;
  }
  if (t.kind !== "var" && t.kind !== "str") {
    return {
      at: t.start,
      message: `unexpected ${show(t)} in marker: expected a variable or a quoted string`,
    };
  }
  s.i++;
  const op = s.tokens[s.i];
  if (op?.kind === "op" || op?.kind === "in") s.i++;
  else if (op?.kind === "not" && s.tokens[s.i + 1]?.kind === "in") s.i += 2;
  else {
    return {
      at: op?.start ?? endOf(s),
      message: `expected a comparison operator after ${show(t)} in marker (\`==\`, \`<\`, \`in\`, ...)`,
    };
  }
  const right = s.tokens[s.i];
  if (right?.kind !== "var" && right?.kind !== "str") {
    return {
      at: right?.start ?? endOf(s),
      message: "expected a variable or a quoted string after the operator in marker",
    };
  }
  s.i++;
  return null;
}

function endOf(s: State): number {
  const last = s.tokens[s.tokens.length - 1];
  return last ? last.start + last.text.length : 0;
}

function show(t: Token): string {
  return `\`${t.text.length > 40 ? `${t.text.slice(0, 39)}…` : t.text}\``;
}
