import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Alias, Document, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type {
  ConfigEntry,
  ConfigNode,
  JsonValue,
  MapNode,
  ScalarNode,
  ScalarType,
  SeqNode,
} from "../model/config.js";
import type { Diagnostic } from "../model/location.js";
import { findDeepFlowNesting, findRejectedTab, findUnacceptableCharacter } from "./yaml11-precheck.js";
import type { TextProblem } from "./yaml11-precheck.js";
import { withLineFeeds } from "./line-breaks.js";
import { diagnosticAt } from "./diagnostic.js";
import { lineIndex } from "./yaml11-lines.js";
import { multilineFlowKey, pyyamlOffset } from "./yaml11-pyyaml-position.js";
import type { LineIndex } from "./yaml11-lines.js";
import { constructScalar, resolvePlainScalar } from "./yaml11-scalar.js";
import type { ScalarResult } from "./yaml11-scalar.js";

/**
 * Diagnostic codes of the loader:
 * - `yaml-syntax`: PyYAML cannot load the text (the parser's message, at its line and column);
 * - `binary`: the text has NUL bytes;
 * - `yaml-limit`: neox-check refuses the text (too large, too deeply nested, an alias bomb);
 * - `yaml-tag`: a tag read approximately (`!!set`, `!!python/tuple`...); the document still loads.
 */
export type Yaml11DiagnosticCode = "yaml-syntax" | "binary" | "yaml-limit" | "yaml-tag";

/** Bounds that keep hostile input (huge files, billion laughs, deep nesting) fast to reject. */
export interface Yaml11Limits {
  /** Longest text read, in characters. Real NeoX configs are a few kilobytes. */
  maxChars: number;
  /** Deepest `[`/`{` nesting looked at before parsing. */
  maxFlowDepth: number;
  /** Deepest nesting of collections. */
  maxDepth: number;
  /** Most nodes the document may expand to once aliases are followed. */
  maxNodes: number;
  /** Most aliases (`*name`) in a document. */
  maxAliases: number;
}

/** The default limits. */
export const YAML11_LIMITS: Readonly<Yaml11Limits> = {
  maxChars: 128 * 1024,
  maxFlowDepth: 64,
  maxDepth: 64,
  maxNodes: 100_000,
  maxAliases: 1_000,
};

/** What `yaml.load(text, Loader=yaml.FullLoader)` gives, with positions. */
export interface Yaml11Result {
  /** False when PyYAML would fail (or neox-check refuses the text); `root` is then null. */
  ok: boolean;
  /** The document's top node; null for an empty document (PyYAML returns None). */
  root: ConfigNode | null;
  /** The PyYAML type of each mapping key (`1: x` has an int key, which NeoX cannot use at top level). */
  keyTypes: WeakMap<ConfigEntry, ScalarType>;
  diagnostics: Diagnostic[];
}

const YAML_TAG = "tag:yaml.org,2002:";

interface Problem extends TextProblem {
  code: Yaml11DiagnosticCode;
  end?: number;
}

/** Thrown inside the builder only, caught by `loadYaml11`: the document cannot be loaded. */
class LoadAbort extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

interface BuildState {
  text: string;
  lines: LineIndex;
  /** Anchors seen so far in document order; an alias refers to the last one before it, as in PyYAML. */
  anchors: Map<string, YamlNode>;
  limits: Yaml11Limits;
  built: Map<YamlNode, ConfigNode>;
  building: Set<YamlNode>;
  sizes: WeakMap<ConfigNode, number>;
  keyTypes: WeakMap<ConfigEntry, ScalarType>;
  aliases: number;
  notes: Diagnostic[];
}

/**
 * Loads one YAML document with PyYAML `FullLoader` semantics (YAML 1.1 scalars, last duplicate key wins,
 * merge keys), keeping every node's position. Never throws: problems become diagnostics.
 */
export function loadYaml11(path: string, raw: string, limits: Partial<Yaml11Limits> = {}): Yaml11Result {
  const bounds: Yaml11Limits = { ...YAML11_LIMITS, ...limits };
  // PyYAML breaks lines at `\r` (and NEL, U+2028/9) too; the `yaml` package only at `\n`.
  const text = withLineFeeds(raw);
  const lines = lineIndex(path, text);
  const keyTypes = new WeakMap<ConfigEntry, ScalarType>();
  const fail = (problem: Problem, notes: Diagnostic[] = []): Yaml11Result => ({
    ok: false,
    root: null,
    keyTypes,
    diagnostics: [...notes, diagnostic(lines, path, problem)],
  });

  const before = precheck(text, bounds);
  if (before) return fail(before);

  let docs: Document.Parsed[];
  let syntax: Problem | null;
  try {
    docs = Array.from(
      parseAllDocuments(text, { version: "1.1", schema: "failsafe", uniqueKeys: false, prettyErrors: false }),
    );
    syntax = firstSyntaxProblem(text, docs);
  } catch (error) {
    // The parser is not expected to throw; if it does (e.g. stack exhaustion), say so instead of crashing.
    return fail({ offset: 0, code: "yaml-limit", message: `the YAML parser gave up: ${String(error)}` });
  }
  if (syntax) return fail(syntax);
  const doc = docs[0];
  if (!doc || doc.contents === null) return { ok: true, root: null, keyTypes, diagnostics: [] };

  const state: BuildState = {
    text: raw,
    lines,
    anchors: new Map(),
    limits: bounds,
    built: new Map(),
    building: new Set(),
    sizes: new WeakMap(),
    keyTypes,
    aliases: 0,
    notes: [],
  };
  try {
    const root = buildNode(state, doc.contents, 0, 0);
    return { ok: true, root, keyTypes, diagnostics: state.notes };
  } catch (error) {
    if (error instanceof LoadAbort) return fail(error.problem, state.notes);
    return fail({
      offset: 0,
      code: "yaml-limit",
      message: `the YAML document could not be read: ${String(error)}`,
    });
  }
}

function precheck(text: string, bounds: Yaml11Limits): Problem | null {
  if (text.length > bounds.maxChars) {
    return {
      offset: 0,
      code: "yaml-limit",
      message: `the file has ${text.length} characters; neox-check reads configs of at most ${bounds.maxChars}`,
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0)
    return { offset: nul, code: "binary", message: "the file contains NUL bytes: it is not a text file" };
  const unacceptable = findUnacceptableCharacter(text);
  if (unacceptable) return { ...unacceptable, code: "yaml-syntax" };
  const deep = findDeepFlowNesting(text, bounds.maxFlowDepth);
  if (deep >= 0) {
    return {
      offset: deep,
      code: "yaml-limit",
      message: `brackets nest more than ${bounds.maxFlowDepth} levels deep; neox-check does not read such files`,
    };
  }
  return null;
}

/** The earliest problem PyYAML would stop at: a parse error, a rejected tab, or a second document. */
function firstSyntaxProblem(text: string, docs: Document.Parsed[]): Problem | null {
  const problems: Problem[] = [];
  // At equal offsets the first pushed wins: PyYAML's own tab message reads better than the package's.
  const tab = findRejectedTab(text);
  if (tab) problems.push({ ...tab, end: tab.offset + 1, code: "yaml-syntax" });
  for (const doc of docs) {
    for (const error of doc.errors) {
      // PyYAML accepts a comment right after a quoted scalar or a bracket (`"a": 1,# note`); the package does not.
      if (error.message.startsWith("Comments must be separated from other tokens")) continue;
      // The package reports its own exhaustion on pathological nesting; that is our limit, not PyYAML's.
      // The package adds this to a multi-line key it already reported; the key error is where PyYAML stops.
      if (error.code === "BLOCK_IN_FLOW" && doc.errors.some((e) => e !== error && e.pos[0] === error.pos[0]))
        continue;
      const exhausted = error.code === "RESOURCE_EXHAUSTION" || /call stack/i.test(error.message);
      // Report the error where PyYAML does (the line NeoX's traceback shows), not where the package stopped.
      const offset = exhausted ? error.pos[0] : pyyamlOffset(text, error);
      problems.push({
        offset,
        end: offset === error.pos[0] ? error.pos[1] : offset + 1,
        code: exhausted ? "yaml-limit" : "yaml-syntax",
        message: error.message,
      });
    }
    const key = multilineFlowKey(text, doc);
    if (key !== null) {
      problems.push({
        offset: key,
        end: key + 1,
        code: "yaml-syntax",
        message:
          "expected ',' or '}', but got ':': a key of this mapping spans lines (a missing comma, or a stray line of text inside `{...}`)",
      });
    }
  }
  const second = docs[1];
  if (second) {
    problems.push({
      offset: second.range[0],
      code: "yaml-syntax",
      message: "expected a single document in the stream but found another document",
    });
  }
  problems.sort((a, b) => a.offset - b.offset);
  return problems[0] ?? null;
}

function diagnostic(lines: LineIndex, path: string, problem: Problem): Diagnostic {
  const span = lines.span(problem.offset, problem.end ?? problem.offset);
  const result: Diagnostic = {
    path,
    line: span.line,
    column: span.column,
    code: problem.code,
    message: problem.message,
  };
  if (problem.end !== undefined && problem.end > problem.offset) {
    result.endLine = span.endLine;
    result.endColumn = span.endColumn;
  }
  return result;
}

function abort(node: YamlNode | null | undefined, code: Yaml11DiagnosticCode, message: string): never {
  const range = node?.range;
  throw new LoadAbort({ offset: range?.[0] ?? 0, end: range?.[1], code, message });
}

function buildNode(
  state: BuildState,
  node: YamlNode | null,
  depth: number,
  fallbackOffset: number,
): ConfigNode {
  if (depth > state.limits.maxDepth) {
    abort(node, "yaml-limit", `collections nest more than ${state.limits.maxDepth} levels deep`);
  }
  if (node === null) return nullScalar(state, fallbackOffset);
  if (isAlias(node)) return buildAlias(state, node);
  const done = state.built.get(node);
  if (done) return done;
  const anchor = (node as { anchor?: unknown }).anchor;
  if (typeof anchor === "string") state.anchors.set(anchor, node);
  state.building.add(node);
  let result: ConfigNode;
  if (isScalar(node)) result = buildScalar(state, node);
  else if (isMap(node)) result = buildMap(state, node, depth);
  else if (isSeq(node)) result = buildSeq(state, node, depth);
  else abort(null, "yaml-syntax", "unexpected YAML node");
  state.building.delete(node);
  state.built.set(node, result);
  return result;
}

/** Records a built node's expanded size (what the size limit counts, aliases included) and returns it. */
function sized<T extends ConfigNode>(state: BuildState, node: T, size: number): T {
  state.sizes.set(node, size);
  return node;
}

function nullScalar(state: BuildState, offset: number): ScalarNode {
  return sized<ScalarNode>(
    state,
    {
      kind: "scalar",
      type: "null",
      value: null,
      raw: "",
      span: state.lines.span(offset, offset),
    },
    1,
  );
}

function buildAlias(state: BuildState, alias: Alias): ConfigNode {
  const range = rangeOf(alias);
  state.aliases += 1;
  if (state.aliases > state.limits.maxAliases) {
    abort(
      alias,
      "yaml-limit",
      `more than ${state.limits.maxAliases} aliases: neox-check does not expand them`,
    );
  }
  const target = state.anchors.get(alias.source);
  if (!target) abort(alias, "yaml-syntax", `found undefined alias '${alias.source}'`);
  if (state.building.has(target)) {
    abort(alias, "yaml-limit", `alias '*${alias.source}' refers to a node that contains it`);
  }
  const resolved = state.built.get(target) ?? buildNode(state, target, 0, range[0]);
  const span = state.lines.span(range[0], range[1]);
  const copy: ConfigNode =
    resolved.kind === "scalar" ? { ...resolved, span, raw: `*${alias.source}` } : { ...resolved, span };
  return sized(state, copy, state.sizes.get(resolved) ?? 1);
}

function rangeOf(node: YamlNode): [number, number, number] {
  return node.range ?? [0, 0, 0];
}

function buildScalar(state: BuildState, node: Scalar): ScalarNode {
  const [start, end] = rangeOf(node);
  const text = typeof node.source === "string" ? node.source : String(node.value ?? "");
  const resolved = resolveScalar(state, node, text);
  if (!resolved.ok) abort(node, "yaml-syntax", resolved.message);
  return sized<ScalarNode>(
    state,
    {
      kind: "scalar",
      type: resolved.type,
      value: resolved.value,
      raw: state.text.slice(start, end),
      span: state.lines.span(start, end),
    },
    1,
  );
}

const SCALAR_TAGS: Record<string, "str" | "int" | "float" | "bool" | "null" | "timestamp" | "approximate"> = {
  str: "str",
  "python/str": "str",
  "python/unicode": "str",
  int: "int",
  "python/int": "int",
  "python/long": "int",
  float: "float",
  "python/float": "float",
  bool: "bool",
  "python/bool": "bool",
  null: "null",
  "python/none": "null",
  timestamp: "timestamp",
  binary: "approximate",
  "python/bytes": "approximate",
  "python/complex": "approximate",
};
const MAP_TAGS = new Set(["map", "python/dict", "set"]);
const SEQ_TAGS = new Set(["seq", "python/list", "python/tuple", "omap", "pairs"]);
/** Tags PyYAML builds into Python types NeoX sees differently from what is modelled here. */
const APPROXIMATE: Record<string, string> = {
  binary: "bytes",
  "python/bytes": "bytes",
  "python/complex": "a complex number",
  set: "a set",
  "python/tuple": "a tuple",
  omap: "a list of tuples",
  pairs: "a list of tuples",
};

/** The part after `tag:yaml.org,2002:`, or null for other tags. */
function coreTagName(tag: string): string | null {
  return tag.startsWith(YAML_TAG) ? tag.slice(YAML_TAG.length) : null;
}

function nodeKindName(kind: "scalar" | "map" | "seq"): string {
  return kind === "map" ? "mapping" : kind === "seq" ? "sequence" : "scalar";
}

/** Fails as PyYAML does for an unknown tag, or for a known tag on the wrong kind of node. */
function checkTag(state: BuildState, node: YamlNode, kind: "scalar" | "map" | "seq"): string | null {
  const tag = node.tag;
  if (tag === undefined || tag === "!") return null;
  const name = coreTagName(tag);
  const expected =
    name === null
      ? null
      : name in SCALAR_TAGS
        ? "scalar"
        : MAP_TAGS.has(name)
          ? "map"
          : SEQ_TAGS.has(name)
            ? "seq"
            : null;
  if (expected === null || name === null) {
    abort(node, "yaml-syntax", `could not determine a constructor for the tag '${tag}'`);
  }
  if (expected !== kind) {
    abort(node, "yaml-syntax", `expected a ${nodeKindName(expected)} node, but found ${nodeKindName(kind)}`);
  }
  const approximate = APPROXIMATE[name];
  if (approximate) {
    note(
      state,
      node,
      `tag !!${name} is read as a plain ${nodeKindName(kind)} here; PyYAML gives NeoX ${approximate}`,
    );
  }
  return name;
}

function resolveScalar(state: BuildState, node: Scalar, text: string): ScalarResult {
  // A plain scalar, or one tagged with the non-specific `!`, goes through the implicit resolver.
  if (node.tag === "!" || (node.tag === undefined && node.type === "PLAIN")) return resolvePlainScalar(text);
  const name = checkTag(state, node, "scalar");
  const kind = name === null ? "str" : (SCALAR_TAGS[name] ?? "str");
  return constructScalar(kind === "approximate" ? "str" : kind, text);
}

/** A note for a tag read approximately; the document still loads. */
function note(state: BuildState, node: YamlNode, message: string): void {
  const [start, end] = rangeOf(node);
  state.notes.push(diagnosticAt(state.lines.span(start, end), "yaml-tag", message));
}

function buildSeq(state: BuildState, node: YAMLSeq, depth: number): SeqNode {
  checkTag(state, node, "seq");
  const [start, end] = rangeOf(node);
  const items: ConfigNode[] = [];
  let size = 1;
  for (const item of node.items as unknown[]) {
    // `[a: 1]` is a sequence holding a one-pair mapping.
    const child = isPair(item)
      ? buildPairMap(state, item as Pair<YamlNode | null, YamlNode | null>, depth + 1)
      : buildNode(state, item as YamlNode | null, depth + 1, end);
    items.push(child);
    size = checkSize(state, node, size + (state.sizes.get(child) ?? 1));
  }
  return sized<SeqNode>(
    state,
    {
      kind: "seq",
      items,
      value: items.map((item) => item.value),
      span: state.lines.span(start, end),
    },
    size,
  );
}

function buildPairMap(
  state: BuildState,
  pair: Pair<YamlNode | null, YamlNode | null>,
  depth: number,
): MapNode {
  const entries: ConfigEntry[] = [];
  const size = addPair(state, pair, depth, entries, [], 1);
  const first = entries[0];
  const span = first
    ? { ...first.keySpan, endLine: first.node.span.endLine, endColumn: first.node.span.endColumn }
    : state.lines.span(0, 0);
  return sized<MapNode>(state, { kind: "map", entries, value: mapValue(entries), span }, size);
}

function buildMap(state: BuildState, node: YAMLMap, depth: number): MapNode {
  checkTag(state, node, "map");
  const [start, end] = rangeOf(node);
  const explicit: ConfigEntry[] = [];
  const merged: ConfigEntry[] = [];
  let size = 1;
  for (const pair of node.items as Array<Pair<YamlNode | null, YamlNode | null>>) {
    size = checkSize(state, node, addPair(state, pair, depth, explicit, merged, size));
  }
  // PyYAML's flatten_mapping puts merged entries first, so explicit keys override them.
  const entries = [...merged, ...explicit];
  return sized<MapNode>(
    state,
    {
      kind: "map",
      entries,
      value: mapValue(entries),
      span: state.lines.span(start, end),
    },
    size,
  );
}

/** Adds one pair to `entries` (or its merged entries to `merged`); returns the running expanded size. */
function addPair(
  state: BuildState,
  pair: Pair<YamlNode | null, YamlNode | null>,
  depth: number,
  entries: ConfigEntry[],
  merged: ConfigEntry[],
  size: number,
): number {
  const keyAst = pair.key;
  const keyOffset = keyAst ? rangeOf(keyAst)[0] : pair.value ? rangeOf(pair.value)[0] : 0;
  if (keyAst && isScalar(keyAst) && isMergeKey(keyAst)) {
    const value = buildNode(state, pair.value, depth + 1, keyOffset);
    const sources = mergeSources(pair.value, value);
    // Among several merged mappings, the first listed wins: PyYAML reverses them before extending.
    for (const source of [...sources].reverse()) merged.push(...source.entries);
    return size + (state.sizes.get(value) ?? 1);
  }
  const key = buildNode(state, keyAst, depth + 1, keyOffset);
  if (key.kind !== "scalar") abort(keyAst, "yaml-syntax", "found unhashable key");
  const valueOffset = keyAst ? rangeOf(keyAst)[1] : keyOffset;
  const value = buildNode(state, pair.value, depth + 1, valueOffset);
  const name = keyString(key.value);
  const entry: ConfigEntry = { key: name, spelling: name, keySpan: key.span, node: value };
  state.keyTypes.set(entry, key.type);
  entries.push(entry);
  return size + 1 + (state.sizes.get(value) ?? 1);
}

function isMergeKey(key: Scalar): boolean {
  if (key.tag === `${YAML_TAG}merge`) return true;
  return key.tag === undefined && key.type === "PLAIN" && key.source === "<<";
}

function mergeSources(ast: YamlNode | null, value: ConfigNode): MapNode[] {
  if (value.kind === "map") return [value];
  if (value.kind === "seq" && value.items.every((item) => item.kind === "map"))
    return value.items as MapNode[];
  abort(ast, "yaml-syntax", "expected a mapping or list of mappings for merging");
}

function checkSize(state: BuildState, node: YamlNode, size: number): number {
  if (size > state.limits.maxNodes) {
    abort(
      node as Scalar,
      "yaml-limit",
      `the document expands to more than ${state.limits.maxNodes} nodes through aliases (a YAML bomb?)`,
    );
  }
  return size;
}

/** The mapping as PyYAML builds it: a dict where the last entry for a key wins. */
function mapValue(entries: ConfigEntry[]): { [key: string]: JsonValue } {
  const value: { [key: string]: JsonValue } = {};
  for (const entry of entries) setOwn(value, entry.key, entry.node.value);
  return value;
}

/**
 * Sets a key on a plain object, including `__proto__`, without touching the prototype. Only `__proto__`
 * is an accessor on Object.prototype (assigning it would set the prototype); every other key is assigned,
 * which keeps the object fast (defining every property put the objects in V8's slow dictionary mode).
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function keyString(value: JsonValue): string {
  if (typeof value === "string") return value;
  // Python would keep `1`, `True` or `None` as non-string keys; NeoX rejects them at top level.
  if (value === null) return "null";
  return String(value);
}
