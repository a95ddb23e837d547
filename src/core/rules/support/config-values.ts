import type {
  ConfigEntry,
  ConfigFile,
  ConfigNode,
  ConfigSet,
  JsonValue,
  ScalarNode,
  Sourced,
  Span,
} from "../../model/index.js";
import { type ConfigRead, getEntry, readConfig } from "../../parse/config-path.js";

/**
 * What a config set says about one key, as the config rules need it: a view of `readConfig` (the one
 * place that decides) with NeoX's default filled in.
 * - `set`: written (not `null`) in a file of the set; `entry` is where.
 * - `default`: not written (or written `null`) and nothing else can write it, so NeoX's default applies.
 * - `unknown`: not written in a fragment: another file of the run may set it.
 */
export type Lookup =
  | { state: "set"; value: JsonValue; entry: ConfigEntry }
  | { state: "default"; value: JsonValue }
  | { state: "unknown" };

function view(read: ConfigRead, fallback: JsonValue): Lookup {
  if (read.state === "set") return { state: "set", value: read.hit.value, entry: read.hit.entry };
  return read.state === "default" ? { state: "default", value: fallback } : read;
}

/**
 * A top-level key of a set (normalised name). A value written as `null` counts as not written: for keys
 * whose NeoX default is None that is exactly what NeoX sees; for the few keys where None differs from the
 * default, use `topLevelExact`.
 */
export function topLevel(set: ConfigSet, key: string, fallback: JsonValue): Lookup {
  return view(readConfig(set, [key], { null: "unset" }), fallback);
}

/**
 * Like `topLevel`, but a value written as `null` is `set` with value null (Python None), for keys where None
 * means something other than the default (`gradient_accumulation_steps: null` makes NeoX derive it).
 */
export function topLevelExact(set: ConfigSet, key: string, fallback: JsonValue): Lookup {
  return view(readConfig(set, [key]), fallback);
}

/**
 * A value inside a top-level DeepSpeed dict (`optimizer.params.lr`, `zero_optimization.stage`), `null`
 * counting as not written at every level: once the top-level dict is written somewhere in the set, a key
 * missing inside it takes the default; only a missing top-level dict in a fragment is unknown.
 */
export function nested(set: ConfigSet, path: readonly [string, ...string[]], fallback: JsonValue): Lookup {
  return view(readConfig(set, path, { null: "unset" }), fallback);
}

/** A top-level key written with a value other than `null` (NeoX treats `null` as not given), or undefined. */
export function written(set: ConfigSet, key: string): ConfigEntry | undefined {
  const read = readConfig(set, [key], { null: "unset" });
  return read.state === "set" ? read.hit.entry : undefined;
}

/** The value if it is a number (PyYAML int or float; booleans and `1e-8`-style strings are not numbers). */
export function asNumber(value: JsonValue | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The value if it is a whole number (an int, or a float such as `1000.0` that Python compares equal). */
export function asInteger(value: JsonValue | undefined): number | null {
  const n = asNumber(value);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** A known number from a lookup (`set` or `default`), or null when unknown or not a number. */
export function knownNumber(lookup: Lookup): number | null {
  return lookup.state === "unknown" ? null : asNumber(lookup.value);
}

/** Python's `==` on the values NeoX compares (numbers and booleans by value, dicts and lists deeply). */
export function pyEquals(a: JsonValue, b: JsonValue): boolean {
  const numeric = (v: JsonValue): number | null =>
    typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : null;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null || nb !== null) return na === nb;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k] as JsonValue, b[k] as JsonValue));
}

/** A one-character span at the start of a file's content (its top-level mapping), or at 1:1 of `path`. */
export function fileStart(file: ConfigFile | undefined, path: string): Span {
  const at = file?.root?.span;
  if (at === undefined) return { path, line: 1, column: 1, endLine: 1, endColumn: 2 };
  return { path, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 };
}

/** A one-character span at the start of the set's first file: where a "missing key" finding points. */
export function setStart(set: ConfigSet): Span | null {
  const file = set.files[0];
  return file === undefined ? null : fileStart(file, file.path);
}

/** A short rendering of a config value for messages (`0.01`, `true`, `"bf16"`, `{...}`). */
export function show(value: JsonValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (typeof value === "object") return Array.isArray(value) ? "[...]" : "{...}";
  return String(value);
}

/**
 * A written node for messages: "a mapping", "a list", or the scalar as written in backticks, cut to
 * `maxRaw` characters (with `...`) where a message quotes it inline.
 */
export function describeNode(node: ConfigNode, maxRaw = Infinity): string {
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  const raw = node.raw.length > maxRaw ? `${node.raw.slice(0, maxRaw - 3)}...` : node.raw;
  return `\`${raw}\``;
}

/** A flag explicitly written `true` (a default or an unknown never counts). */
export function writtenTrue(
  value: Sourced<boolean>,
): value is { state: "set"; value: true; at: Span; via: string } {
  return value.state === "set" && value.value;
}

/** Every string scalar inside a node, in source order (lists nest: `[[["flash", "global"], 12]]`). */
function strings(node: ConfigNode, out: ScalarNode[] = [], depth = 0): ScalarNode[] {
  // Real attention configs nest three deep; the bound keeps hostile input cheap.
  if (depth > 16) return out;
  if (node.kind === "scalar") {
    if (typeof node.value === "string") out.push(node);
  } else if (node.kind === "seq") {
    for (const item of node.items) strings(item, out, depth + 1);
  } else {
    for (const entry of node.entries) strings(entry.node, out, depth + 1);
  }
  return out;
}

/** The attention types `attention_config` names, each with where it is written. */
export function attentionTypes(set: ConfigSet): Array<{ type: string; span: Span }> {
  const entry = set.keys.attention_config;
  if (!entry) return [];
  return strings(entry.node).map((s) => ({ type: String(s.value).toLowerCase(), span: s.span }));
}

/** Whether `zero_optimization` offloads the optimizer to CPU (`offload_optimizer.device: cpu`, or `cpu_offload: true`). */
export function offloadsOptimizer(set: ConfigSet): boolean {
  const zero = set.keys.zero_optimization?.node;
  const device = getEntry(getEntry(zero, "offload_optimizer")?.node, "device")?.node.value;
  if (typeof device === "string" && device.toLowerCase() === "cpu") return true;
  return getEntry(zero, "cpu_offload")?.node.value === true;
}
