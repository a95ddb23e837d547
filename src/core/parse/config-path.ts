import type { ConfigEntry, ConfigFile, ConfigNode, ConfigSet, JsonValue } from "../model/config.js";
import type { Span } from "../model/location.js";
import { normaliseKey } from "./config-keys.js";

/**
 * Reading values out of parsed configs by key path, with their positions. A path is a list of mapping
 * keys and sequence indexes: `["zero_optimization", "stage"]`, `["attention_config", 0]`, or the dotted
 * form `"zero_optimization.stage"`. Mapping keys are matched as written (NeoX does not normalise nested
 * keys); the top-level key of `lookup` is normalised like NeoX does (`pipe-parallel-size` finds
 * `pipe_parallel_size`).
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
 * The entry of a top-level key (already normalised) in a set's or a file's merged keys: the one way every
 * reader (lookup, the rules' `topLevel`, the effective values) asks, safe for keys such as `constructor`.
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
  if (typeof part === "number") return node.kind === "seq" ? wrap(node.items[part]) : undefined;
  const entry = getEntry(node, part);
  return entry ? { node: entry.node, entry } : undefined;
}

function wrap(node: ConfigNode | undefined): { node: ConfigNode } | undefined {
  return node ? { node } : undefined;
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

/**
 * Looks a path up in a config file, a config set (its merged keys) or a `keys` record. The first part is a
 * top-level key and is normalised `-` -> `_`; the rest is matched as written.
 */
export function lookup(
  source: ConfigFile | ConfigSet | Readonly<Record<string, ConfigEntry>>,
  path: KeyPath | string,
): KeyHit | undefined {
  const parts = typeof path === "string" ? parseKeyPath(path) : [...path];
  const [first, ...rest] = parts;
  if (typeof first !== "string") return undefined;
  const keys = isKeyed(source) ? source.keys : source;
  const top = normaliseKey(first);
  let entry = topLevelEntry(keys, top);
  if (!entry) return undefined;
  let node = entry.node;
  for (const part of rest) {
    const next = step(node, part);
    if (!next) return undefined;
    node = next.node;
    if (next.entry) entry = next.entry;
  }
  return {
    via: formatKeyPath([top, ...rest]),
    node,
    value: node.value,
    valueSpan: node.span,
    entry,
    keySpan: entry.keySpan,
  };
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
