/**
 * Matches repository paths against globs as users write them in `.github/neox-check.yml`.
 *
 * Syntax (docs/configuration.md):
 * - `*` any characters within one path segment, `?` one character, `[abc]`, `[a-z]`, `[!abc]` (or
 *   `[^abc]`) one character of a class; none of them matches `/`;
 * - `**` as a whole segment: any number of folders (`a/**` needs at least one more segment after `a/`,
 *   `**` elsewhere also matches none); `**` inside a segment (`a**b`) is `*`;
 * - `{a,b}` alternatives, nested (`{a,{b,c}}`); an unclosed `{` is a plain `{`;
 * - `\` takes the next character literally (`\*`, `\{`, `\[`);
 * - a leading `/` anchors at the repository root; a pattern without another `/` matches the file name
 *   anywhere (`*.yml`), as in .gitignore; a trailing `/` means everything under that folder;
 * - a leading `!` negates: in a list, the last pattern that matches decides (`["configs/**",
 *   "!configs/old/**"]`), and a list that starts with a negation starts from "everything".
 *
 * Globs and paths are untrusted (a pull request writes both), so nothing here compiles them to a
 * regular expression, whose backtracking made `*a*a*a*a*a*a*a*ab` against a long name take minutes and
 * a 400 KB glob overflow the stack. Matching is the classic wildcard two-pointer walk, once over
 * segments (with `**` as the star) and once within a segment (with `*`): each pair of a pattern item
 * and a path item is compared at most once, so a match costs at most O(pattern length x path length).
 * Pattern length is capped ({@link MAX_GLOB_LENGTH}), and so is brace expansion.
 */

/** The longest glob accepted, in characters. */
export const MAX_GLOB_LENGTH = 4096;
/** The most alternatives braces may expand to. */
export const MAX_GLOB_ALTERNATIVES = 1000;
/** The most characters all alternatives of one glob may add up to once braces are expanded. */
export const MAX_GLOB_EXPANDED = 64 * 1024;

/** Counts the comparisons a match makes, so tests can assert the work grows linearly. */
export interface MatchWork {
  steps: number;
}

/** One character of a segment pattern: a code point, any one character, a class, or a star. */
type Item =
  | { kind: "char"; cp: number }
  | { kind: "any" }
  | { kind: "star" }
  | { kind: "class"; negate: boolean; ranges: Array<[number, number]> };

/** A path segment pattern, or `**` (any number of segments). */
type Segment = { kind: "globstar" } | { kind: "segment"; items: Item[] };

interface Alternative {
  segments: Segment[];
}

interface CompiledGlob {
  negate: boolean;
  alternatives: Alternative[];
  error: string | null;
}

class GlobError extends Error {}

const cache = new Map<string, CompiledGlob>();
const CACHE_LIMIT = 1000;

/** Null when `pattern` is a valid glob, else a message saying what is wrong with it (for NXC001). */
export function globError(pattern: string): string | null {
  return compile(pattern).error;
}

/** True when `path` matches `glob` (an invalid glob matches nothing; `globError` says why). */
export function matchesGlob(path: string, glob: string, work?: MatchWork): boolean {
  return matchesAny(path, [glob], work);
}

/**
 * True when `path` matches the list: the last glob that matches decides (a negated one excludes), and
 * a list that starts with a negation starts from "matches". Invalid globs are skipped.
 */
export function matchesAny(path: string, globs: readonly string[], work?: MatchWork): boolean {
  let segments: number[][] | null = null;
  let result: boolean | null = null;
  for (const glob of globs) {
    const compiled = compile(glob);
    if (result === null) result = compiled.negate && compiled.error === null;
    if (compiled.error !== null || compiled.negate !== result) continue;
    // Only a glob that could change the result is tried.
    segments ??= path.split("/").map(codePoints);
    if (compiled.alternatives.some((alt) => matchSegments(alt.segments, segments as number[][], work))) {
      result = !compiled.negate;
    }
  }
  return result ?? false;
}

function compile(pattern: string): CompiledGlob {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let compiled: CompiledGlob;
  try {
    compiled = compileUncached(pattern);
  } catch (error) {
    if (!(error instanceof GlobError)) throw error;
    compiled = { negate: false, alternatives: [], error: error.message };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

function compileUncached(pattern: string): CompiledGlob {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobError(
      `the glob is ${pattern.length} characters long; at most ${MAX_GLOB_LENGTH} are accepted`,
    );
  }
  let glob = pattern.trim();
  const negate = glob.startsWith("!");
  if (negate) glob = glob.slice(1);
  if (glob === "") throw new GlobError(negate ? "`!` negates nothing" : "the glob is empty");
  const alternatives = expandBraces(glob).map(compileAlternative);
  return { negate, alternatives, error: null };
}

// ---- braces -------------------------------------------------------------------------------------

/**
 * `{...}` alternatives expanded into plain globs (escapes and classes kept as written). Matching braces
 * are found first in one pass with a stack, so an unclosed `{` (a plain character) costs nothing more.
 */
function expandBraces(glob: string): string[] {
  const close = matchingBraces(glob);
  const total = { chars: 0 };
  const [alternatives] = expandSequence(glob, 0, glob.length, close, total);
  return alternatives;
}

/** For each `{` with a matching `}`, the index of that `}` (escapes and classes skipped). */
function matchingBraces(glob: string): Map<number, number> {
  const close = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") {
      if (i + 1 >= glob.length) throw new GlobError("the glob ends with a lone `\\`");
      i += 1;
    } else if (c === "[") {
      i = classEnd(glob, i);
    } else if (c === "{") {
      open.push(i);
    } else if (c === "}") {
      const start = open.pop();
      if (start !== undefined) close.set(start, i);
    }
  }
  return close;
}

/** The index of the `]` that closes the class opening at `start`; throws when there is none. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i += 1;
  // A `]` right after `[` or `[!` is a member, not the end.
  if (glob[i] === "]") i += 1;
  for (; i < glob.length; i++) {
    if (glob[i] === "\\") i += 1;
    else if (glob[i] === "]") return i;
  }
  throw new GlobError(
    `\`[\` at character ${start + 1} is never closed by \`]\` (write \`\\[\` for a plain \`[\`)`,
  );
}

/**
 * The expansions of `glob[from, to)`, which holds no top-level `,` (or whose commas are plain characters).
 * Returns the expansions and where it stopped.
 */
function expandSequence(
  glob: string,
  from: number,
  to: number,
  close: ReadonlyMap<number, number>,
  total: { chars: number },
): [string[], number] {
  let out = [""];
  let literal = "";
  const flush = (): void => {
    if (literal === "") return;
    out = product(out, [literal], total);
    literal = "";
  };
  for (let i = from; i < to; i++) {
    const c = glob[i] as string;
    if (c === "\\") {
      literal += glob.slice(i, i + 2);
      i += 1;
    } else if (c === "[") {
      const end = classEnd(glob, i);
      literal += glob.slice(i, end + 1);
      i = end;
    } else if (c === "{" && close.has(i)) {
      flush();
      const end = close.get(i) as number;
      const options: string[] = [];
      for (const [start, stop] of topLevelCommas(glob, i + 1, end, close)) {
        options.push(...expandSequence(glob, start, stop, close, total)[0]);
        if (options.length > MAX_GLOB_ALTERNATIVES) throw tooMany();
      }
      out = product(out, options, total);
      i = end;
    } else if (c === "{" || c === "}") {
      // An unmatched brace is a plain character; escaped, so later steps see it as one.
      literal += `\\${c}`;
    } else {
      literal += c;
    }
  }
  flush();
  return [out, to];
}

/** The `[start, stop)` pieces of `glob[from, to)` between its top-level commas. */
function topLevelCommas(
  glob: string,
  from: number,
  to: number,
  close: ReadonlyMap<number, number>,
): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = glob[i];
    if (c === "\\") i += 1;
    else if (c === "[") i = classEnd(glob, i);
    else if (c === "{" && close.has(i)) i = close.get(i) as number;
    else if (c === ",") {
      pieces.push([start, i]);
      start = i + 1;
    }
  }
  pieces.push([start, to]);
  return pieces;
}

function product(prefixes: string[], options: string[], total: { chars: number }): string[] {
  if (prefixes.length * options.length > MAX_GLOB_ALTERNATIVES) throw tooMany();
  const out: string[] = [];
  for (const prefix of prefixes) {
    for (const option of options) {
      total.chars += prefix.length + option.length;
      if (total.chars > MAX_GLOB_EXPANDED) {
        throw new GlobError(`braces expand to more than ${MAX_GLOB_EXPANDED} characters`);
      }
      out.push(prefix + option);
    }
  }
  return out;
}

function tooMany(): GlobError {
  return new GlobError(`braces expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
}

// ---- one alternative ----------------------------------------------------------------------------

function compileAlternative(glob: string): Alternative {
  let body = glob;
  const anchored = body.startsWith("/");
  if (anchored) body = body.slice(1);
  // `configs/` means what is under it.
  if (body.endsWith("/") && !body.endsWith("\\/")) body += "**";
  const raw = splitSegments(body);
  const segments: Segment[] = raw.map((text) =>
    text === "**" ? { kind: "globstar" } : { kind: "segment", items: segmentItems(text) },
  );
  // `dir/**` needs something under `dir/`: one segment, then any number.
  if (segments.length > 1 && segments.at(-1)?.kind === "globstar") {
    segments.splice(-1, 1, { kind: "segment", items: [{ kind: "star" }] }, { kind: "globstar" });
  }
  // Without a `/`, the pattern is a file name anywhere.
  if (!anchored && raw.length === 1) segments.unshift({ kind: "globstar" });
  return { segments };
}

/** `body` split at its unescaped `/` (classes never hold one that matters: they match no `/`). */
function splitSegments(body: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") i += 1;
    else if (c === "[") i = classEnd(body, i);
    else if (c === "/") {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function segmentItems(text: string): Item[] {
  const items: Item[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "\\") {
      items.push({ kind: "char", cp: (chars[i + 1] as string).codePointAt(0) as number });
      i += 1;
    } else if (c === "*") {
      // Runs of stars are one star.
      if (items.at(-1)?.kind !== "star") items.push({ kind: "star" });
    } else if (c === "?") {
      items.push({ kind: "any" });
    } else if (c === "[") {
      const [item, end] = parseClass(chars, i);
      items.push(item);
      i = end;
    } else {
      items.push({ kind: "char", cp: c.codePointAt(0) as number });
    }
  }
  return items;
}

/** The class opening at `chars[start]` (its end is known to exist) and the index of its `]`. */
function parseClass(chars: string[], start: number): [Item, number] {
  let i = start + 1;
  const negate = chars[i] === "!" || chars[i] === "^";
  if (negate) i += 1;
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < chars.length; i++) {
    let c = chars[i] as string;
    if (c === "]" && !first) break;
    first = false;
    if (c === "\\") c = chars[++i] as string;
    const lo = c.codePointAt(0) as number;
    let hi = lo;
    if (chars[i + 1] === "-" && chars[i + 2] !== undefined && chars[i + 2] !== "]") {
      let to = chars[i + 2] as string;
      i += 2;
      if (to === "\\") to = chars[++i] as string;
      hi = to.codePointAt(0) as number;
      if (hi < lo) throw new GlobError(`the class range \`${c}-${to}\` runs backwards`);
    }
    ranges.push([lo, hi]);
  }
  return [{ kind: "class", negate, ranges }, i];
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const c of text) out.push(c.codePointAt(0) as number);
  return out;
}

// ---- matching -----------------------------------------------------------------------------------

/**
 * The two-pointer wildcard walk, over segments (`**` being the star) and within one segment (`*` being
 * the star, every other item matching one character). On a mismatch it returns to the last star and
 * lets it take one more element; each (pattern element, text element) pair is compared at most once,
 * because after a later star the earlier one is never returned to.
 */
function wildcardWalk<P, T>(
  pattern: readonly P[],
  text: readonly T[],
  isStar: (p: P) => boolean,
  matches: (p: P, t: T) => boolean,
  work: MatchWork | undefined,
): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let starS = 0;
  while (s < text.length) {
    if (work) work.steps += 1;
    const element = pattern[p];
    if (element !== undefined && isStar(element)) {
      star = p;
      starS = s;
      p += 1;
      continue;
    }
    if (element !== undefined && matches(element, text[s] as T)) {
      p += 1;
      s += 1;
      continue;
    }
    if (star < 0) return false;
    p = star + 1;
    starS += 1;
    s = starS;
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p += 1;
  return p === pattern.length;
}

function matchSegments(pattern: Segment[], path: number[][], work: MatchWork | undefined): boolean {
  return wildcardWalk(
    pattern,
    path,
    (seg) => seg.kind === "globstar",
    (seg, segment) => seg.kind !== "globstar" && matchItems(seg.items, segment, work),
    work,
  );
}

function matchItems(items: Item[], text: number[], work: MatchWork | undefined): boolean {
  return wildcardWalk(
    items,
    text,
    (item) => item.kind === "star",
    (item, cp) => item.kind !== "star" && matchesOne(item, cp),
    work,
  );
}

function matchesOne(item: Exclude<Item, { kind: "star" }>, cp: number): boolean {
  switch (item.kind) {
    case "char":
      return item.cp === cp;
    case "any":
      return true;
    case "class":
      return item.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) !== item.negate;
  }
}
