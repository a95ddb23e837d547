import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from "yaml";
import type { z } from "zod";
import type { Span } from "../model/index.js";
import { defaultRepoConfig, repoConfigSchema, type RepoConfig } from "./repo-config.js";

/** Where the repo configuration came from and what it holds. */
export interface RepoConfigSource {
  path: string;
  /** The raw text, when available (gives exact positions). */
  text?: string;
  /** The already-parsed value (Probot's `context.config`), when there is no text. */
  value?: unknown;
}

export interface RepoConfigProblem {
  message: string;
  span: Span;
  /** A problem with `_extends`: the keys read so far still apply (not the defaults). */
  extends?: true;
  /** A problem that leaves the configuration usable (an `_extends` the CLI cannot resolve); default error. */
  severity?: "warning";
}

/** One source, read: its value and how to point into it. */
interface LoadedSource {
  value: unknown;
  /** The span of the value at a path, or of the nearest ancestor that has one. */
  locate(path: readonly PropertyKey[]): Span;
  /** The span of a key in the mapping at `path`. */
  locateKey(path: readonly PropertyKey[], key: string): Span;
}

/**
 * Validates `.github/neox-check.yml`. Never throws: a broken file yields the defaults plus problems
 * that point into the file, so a run goes on and the problem becomes a finding on that file.
 *
 * `sources` may be a chain (the file, then what its `_extends` names, and so on): their top-level keys
 * are merged as Probot merges them (`Object.assign`, the first source wins), `_extends` is dropped, and
 * a problem points into the source the offending key came from.
 */
export function loadRepoConfig(
  sources: RepoConfigSource | readonly RepoConfigSource[],
  /** The schema to validate with (default: the generic one, without this build's rule list). */
  schema: z.ZodType = repoConfigSchema,
): { config: RepoConfig; problems: RepoConfigProblem[] } {
  const chain = Array.isArray(sources)
    ? (sources as readonly RepoConfigSource[])
    : [sources as RepoConfigSource];
  const loaded: LoadedSource[] = [];
  for (const source of chain) {
    const one = loadSource(source);
    if ("problem" in one) return { config: defaultRepoConfig, problems: [one.problem] };
    loaded.push(one);
  }
  const first = loaded[0];
  if (first === undefined) return { config: defaultRepoConfig, problems: [] };

  const merged: Record<string, unknown> = {};
  const owner = new Map<string, LoadedSource>();
  for (const source of [...loaded].reverse()) {
    if (!isRecord(source.value)) continue;
    for (const [key, value] of Object.entries(source.value)) {
      // Followed (or reported) by `resolveExtends`, and dropped as Probot drops it.
      if (key === "_extends") continue;
      merged[key] = value;
      owner.set(key, source);
    }
  }
  const value = isRecord(first.value) ? merged : first.value;
  // `schema` may be stricter than the generic one (this build's rule ids and options); the value
  // handed on is the generic parse, whose type every consumer knows.
  const checked = schema.safeParse(value ?? {});
  const parsed = checked.success ? repoConfigSchema.safeParse(value ?? {}) : null;
  if (parsed?.success) return { config: parsed.data, problems: [] };

  const problems: RepoConfigProblem[] = [];
  for (const issue of flattenUnions((parsed ?? checked).error?.issues ?? [])) {
    const top = issue.path[0];
    const source = (typeof top === "string" ? owner.get(top) : undefined) ?? first;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({
          message: `${fieldName([...issue.path, key])}: ${unknownKeyMessage(issue.path, key)}`,
          span: source.locateKey(issue.path, key),
        });
      }
      continue;
    }
    problems.push({ message: `${fieldName(issue.path)}: ${issue.message}`, span: source.locate(issue.path) });
  }
  return { config: defaultRepoConfig, problems };
}

function loadSource(source: RepoConfigSource): LoadedSource | { problem: RepoConfigProblem } {
  const whole: Span = { path: source.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (source.text === undefined) {
    return { value: source.value, locate: () => whole, locateKey: () => whole };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first?.linePos?.[0] ?? { line: 1, col: 1 };
    const message = `${source.path} is not valid YAML: ${first?.message.split("\n")[0] ?? "parse error"}`;
    const span = {
      path: source.path,
      line: pos.line,
      column: pos.col,
      endLine: pos.line,
      endColumn: pos.col + 1,
    };
    return { problem: { message, span } };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    const message = `${source.path} could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    return { problem: { message, span: whole } };
  }
  const spanOf = (range: readonly number[] | null | undefined): Span | null => {
    if (!range || range[0] === undefined || range[1] === undefined) return null;
    const start = lineCounter.linePos(range[0]);
    const end = lineCounter.linePos(range[1]);
    return { path: source.path, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  const locate = (path: readonly PropertyKey[]): Span => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node)) {
        const span = spanOf(node.range);
        if (span) return span;
      }
    }
    return whole;
  };
  return {
    value,
    locate,
    locateKey: (path, key) => keySpan(doc, path, key, spanOf) ?? locate(path),
  };
}

/** The span of `key` in the mapping at `path`, or null when the mapping or the key is not written. */
function keySpan(
  doc: Document,
  path: readonly PropertyKey[],
  key: string,
  spanOf: (range: readonly number[] | null | undefined) => Span | null,
): Span | null {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return null;
  for (const pair of map.items) {
    const k = pair.key;
    if (isScalar(k) && String(k.value) === key) return spanOf(k.range);
  }
  return null;
}

/**
 * A union none of whose branches matched (a rule setting: a word or an object) says only "Invalid
 * input"; the branch that got furthest into the value says what is wrong, and where.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) {
      out.push(issue);
      continue;
    }
    const depth = (branch: readonly z.core.$ZodIssue[]): number =>
      Math.max(0, ...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    const prefixed = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
    out.push(...flattenUnions(prefixed));
  }
  return out;
}

/** `rules.NXC101.options`, or `(top level)`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join(".") : "(top level)";
}

function unknownKeyMessage(path: readonly PropertyKey[], key: string): string {
  if (path.length === 1 && path[0] === "rules")
    return `no such rule: ${key} (\`neox-check rules\` lists them)`;
  if (path.length === 3 && path[0] === "rules" && path[2] === "options") {
    return `rule ${String(path[1])} has no option "${key}" (see its page in docs/rules)`;
  }
  return "unknown key (docs/configuration.md lists the keys)";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
