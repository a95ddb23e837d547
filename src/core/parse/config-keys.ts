import type { ConfigEntry, DuplicateKey } from "../model/config.js";
import { setOwn } from "./yaml11.js";

/** A top-level key as NeoX sees it: `from_ymls` replaces every `-` with `_` (`train-iters` -> `train_iters`). */
export function normaliseKey(key: string): string {
  return key.replace(/-/g, "_");
}

/** One key of the dict PyYAML builds: first position of the key, last value written for it. */
export interface DictItem {
  /** The key as written (PyYAML does not normalise). */
  raw: string;
  /** The entry whose value PyYAML keeps: the last one written. */
  entry: ConfigEntry;
}

/** The items of the dict PyYAML builds from a mapping, in its order (a Python dict keeps first insertion). */
export function pythonDictItems(entries: readonly ConfigEntry[]): DictItem[] {
  const items = new Map<string, DictItem>();
  for (const entry of entries) {
    const item = items.get(entry.spelling);
    if (item) item.entry = entry;
    else items.set(entry.spelling, { raw: entry.spelling, entry });
  }
  return [...items.values()];
}

/** Top-level keys of one file after PyYAML and NeoX's normalisation, and the keys written more than once. */
export interface FileKeys {
  keys: Record<string, ConfigEntry>;
  duplicates: DuplicateKey[];
}

/**
 * Replays `from_ymls` on one file: PyYAML keeps the last value of a key written twice; NeoX then walks the
 * dict, normalising each key, and raises only when a key *as written* is already among the normalised keys
 * (so `train-iters` then `train_iters` fails, while `train_iters` then `train-iters` silently keeps the later).
 */
export function neoxFileKeys(entries: readonly ConfigEntry[]): FileKeys {
  const keys: Record<string, ConfigEntry> = {};
  const seen = new Set<string>();
  const caught = new Set<string>();
  for (const item of pythonDictItems(entries)) {
    const key = normaliseKey(item.raw);
    if (seen.has(item.raw)) caught.add(key);
    seen.add(key);
    setOwn(keys, key, item.entry);
  }

  const groups = new Map<string, ConfigEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.key);
    if (group) group.push(entry);
    else groups.set(entry.key, [entry]);
  }
  const duplicates: DuplicateKey[] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    // The contract: the last entry listed is the value kept.
    const kept = keys[key];
    const ordered = kept ? [...group.filter((entry) => entry !== kept), kept] : group;
    duplicates.push({ key, entries: ordered, scope: "file", caughtByNeox: caught.has(key) });
  }
  return { keys, duplicates };
}
