import type { ConfigEntry, ConfigFile, ConfigNode, ConfigSet, JsonValue } from "../model/config.js";
import type { Span } from "../model/location.js";
import { normaliseKey } from "./config-keys.js";

/**
 * Reading values out of parsed configs by key path, with their positions. A path is a list of mapping
 * keys and sequence indexes: `["zero_optimization", "stage"]`, `["attention_config", 0]`, or the dotted
 * form `"zero_optimization.stage"`. Mapping keys are matched as written (NeoX does not normalise nested
 * keys); the top-level key of `lookup` and `readConfig` is normalised like NeoX does
 * (`pipe-parallel-size` finds `pipe_parallel_size`). `lookup` says where a value sits; `readConfig` also
 * decides what a run sees where nothing is written (the default, or unknown in a fragment).
 */
export type KeyPath = readonly (string | number)[];

/** `"zero_optimization.stage"` -> `["zero_optimization", "stage"]`; `"a[0].b"` -> `["a", 0, "b"]`. */
export function parseKeyPath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  for (const part of path.split(".")) {
    const match = /^(?<name>[^[\]]*)(?<indexes>(?:\[\d+\])*)$/.exec(part);
    if (!match?.groups) {
      parts.push(part);
      continue;
    }
    if (match.groups["name"]) parts.push(match.groups["name"]);
    for (const index of (match.groups["indexes"] ?? "").matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

/** `["zero_optimization", "stage"]` -> `"zero_optimization.stage"`; indexes as `[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}

/** The entry for `key` in a mapping node: the last one written, which is the one PyYAML keeps. */
export function getEntry(node: ConfigNode | null | undefined, key: string): ConfigEntry | undefined {
  if (node?.kind !== "map") return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

/** Every entry for `key` in a mapping node, in source order (more than one when the key is repeated). */
export function getEntries(node: ConfigNode | null | undefined, key: string): ConfigEntry[] {
  if (node?.kind !== "map") return [];
  return node.entries.filter((entry) => entry.key === key);
}

/**
 * The entry of a top-level key (already normalised) in a set's or a file's merged keys, safe for keys such
 * as `constructor`: the first step of `lookup` and `readConfig`.
 */
export function topLevelEntry(
  keys: Readonly<Record<string, ConfigEntry>>,
  key: string,
): ConfigEntry | undefined {
  return Object.hasOwn(keys, key) ? keys[key] : undefined;
}

function step(
  node: ConfigNode,
  part: string | number,
): { node: ConfigNode; entry?: ConfigEntry } | undefined {
  if (typeof part === "number") {
    const item = node.kind === "seq" ? node.items[part] : undefined;
    return item ? { node: item } : undefined;
  }
  const entry = getEntry(node, part);
  return entry ? { node: entry.node, entry } : undefined;
}

/** A value found by `lookup`. */
export interface KeyHit {
  /** The path, as `formatKeyPath` writes it with the normalised top-level key (`zero_optimization.stage`). */
  via: string;
  node: ConfigNode;
  /** The value's plain data. */
  value: JsonValue;
  /** Where the value is written (its file is `valueSpan.path`). */
  valueSpan: Span;
  /** The mapping entry that holds the value: the last key of the path (for an index, the list's key). */
  entry: ConfigEntry;
  /** Where that key is written. */
  keySpan: Span;
}

type Keys = Readonly<Record<string, ConfigEntry>>;

/**
 * How far a path gets in `keys`: `hit` for the whole path; else missing at the top level, or inside
 * `parent` (the deepest part found). With `nullIsUnset`, a value written as `null` counts as not written.
 */
type Walk = { hit: KeyHit } | { missing: "top" } | { missing: "nested"; parent: KeyHit };

function walk(keys: Keys, parts: ReadonlyArray<string | number>, nullIsUnset: boolean): Walk {
  const [first, ...rest] = parts;
  if (typeof first !== "string") return { missing: "top" };
  const top = normaliseKey(first);
  let entry = topLevelEntry(keys, top);
  if (!entry || (nullIsUnset && entry.node.value === null)) return { missing: "top" };
  let at = hit([top], entry.node, entry);
  for (const [i, part] of rest.entries()) {
    const next = step(at.node, part);
    if (!next || (nullIsUnset && next.node.value === null)) return { missing: "nested", parent: at };
    if (next.entry) entry = next.entry;
    at = hit([top, ...rest.slice(0, i + 1)], next.node, entry);
  }
  return { hit: at };
}

function hit(path: KeyPath, node: ConfigNode, entry: ConfigEntry): KeyHit {
  return {
    via: formatKeyPath(path),
    node,
    value: node.value,
    valueSpan: node.span,
    entry,
    keySpan: entry.keySpan,
  };
}

/**
 * Looks a path up in a config file, a config set (its merged keys) or a `keys` record: where the value
 * sits, with no judgement about a key that is not there (for that, `readConfig`). The first part is a
 * top-level key and is normalised `-` -> `_`; the rest is matched as written.
 */
export function lookup(
  source: ConfigFile | ConfigSet | Readonly<Record<string, ConfigEntry>>,
  path: KeyPath | string,
): KeyHit | undefined {
  const parts = typeof path === "string" ? parseKeyPath(path) : path;
  const result = walk(isKeyed(source) ? source.keys : source, parts, false);
  return "hit" in result ? result.hit : undefined;
}

/** What `readConfig` reads from: a set's merged keys, and whether the set is a whole run. */
export interface RunKeys {
  keys: Readonly<Record<string, ConfigEntry>>;
  whole: boolean;
}

/**
 * What a run sees at a key path, decided in this one place (every typed reading of config values, the
 * rules' `topLevel`/`nested` and the set's effective values, is a view of it):
 * - `set`: written in a file of the set; `hit` says where.
 * - `default`: not written, and nothing else can write it, so the default applies. Either the top-level
 *   key is missing from a whole run, or the path runs into a written value that lacks the rest (`parent`:
 *   NeoX never merges nested dicts across files, so a key missing inside a written dict is missing for
 *   the run, fragment or not).
 * - `unknown`: the top-level key is not written in a fragment: another file of the run may write it.
 *
 * `null` decides whether a value written as `null` is `set` (Python None, the default) or counts as not
 * written (`unset`, for keys whose NeoX default is None anyway).
 */
export type ConfigRead =
  { state: "set"; hit: KeyHit } | { state: "default"; parent?: KeyHit } | { state: "unknown" };

/** What a run sees at `path`: the one decision described at `ConfigRead`. */
export function readConfig(
  run: RunKeys,
  path: KeyPath,
  opts: { null: "set" | "unset" } = { null: "set" },
): ConfigRead {
  const result = walk(run.keys, path, opts.null === "unset");
  if ("hit" in result) return { state: "set", hit: result.hit };
  if (result.missing === "nested") return { state: "default", parent: result.parent };
  return run.whole ? { state: "default" } : { state: "unknown" };
}

function isKeyed(
  source: ConfigFile | ConfigSet | Readonly<Record<string, ConfigEntry>>,
): source is ConfigFile | ConfigSet {
  const keys = (source as { keys?: unknown }).keys;
  // A keys record of a hostile config may have top-level keys named `keys` and `files`; its values are entries.
  return (
    typeof keys === "object" &&
    keys !== null &&
    ("diagnostics" in source || "files" in source) &&
    !("node" in (keys as object))
  );
}

/**
 * Python truthiness of a value as NeoX tests flags (`if neox_args.finetune:`): false for None, False, 0,
 * empty strings, lists and mappings; true otherwise (so the string `"false"` is true).
 */
export function pythonTruthy(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
