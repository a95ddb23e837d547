import type { ConfigEntry, ConfigFile, ConfigSet, DuplicateKey } from "../model/config.js";
import { deriveEffective } from "./config-effective.js";
import { normaliseKey, pythonDictItems } from "./config-keys.js";
import { setOwn } from "./yaml11.js";

/**
 * Merges the files NeoX loads for one run (`deepy.py train.py a.yml b.yml`) as `NeoXArgs.from_ymls` does:
 * top-level keys only, in file order. A key already loaded from an earlier file makes NeoX raise, except
 * when the later file writes it with a hyphen (`train_iters` first, `train-iters` later): NeoX compares the
 * key as written with the normalised keys, misses it, and the later value silently wins. Two files with
 * the same basename make NeoX assert. The set is `whole` unless it is a lone fragment (or a file of it
 * could not be loaded); `effective` holds the values NeoX derives.
 */
export function buildConfigSet(files: ConfigFile[], opts: { name?: string; declared: boolean }): ConfigSet {
  const keys: Record<string, ConfigEntry> = {};
  const duplicates = new Map<string, DuplicateKey>();
  for (const file of files) {
    if (!file.ok || file.root === null) continue;
    const spellings = new Map<string, string[]>();
    for (const item of pythonDictItems(file.root.entries)) {
      const key = normaliseKey(item.raw);
      spellings.set(key, [...(spellings.get(key) ?? []), item.raw]);
    }
    for (const [key, entry] of Object.entries(file.keys)) {
      const earlier = Object.hasOwn(keys, key) ? keys[key] : undefined;
      if (!earlier) {
        setOwn(keys, key, entry);
        continue;
      }
      // NeoX raises when the key as written is one of the normalised keys loaded so far.
      const caught = (spellings.get(key) ?? []).some((raw) => raw === key);
      const duplicate = duplicates.get(key) ?? { key, entries: [earlier], scope: "set", caughtByNeox: false };
      duplicate.entries.push(entry);
      duplicate.caughtByNeox = duplicate.caughtByNeox === true || caught;
      duplicates.set(key, duplicate);
      // On a NeoX error the first value stays (NeoX stops anyway); on the missed case the later one wins.
      if (!caught) setOwn(keys, key, entry);
    }
  }

  const whole =
    files.length > 0 && files.every((file) => file.ok) && (files.length > 1 || !files[0]?.fragment);
  return {
    name: opts.name ?? files.map((file) => file.path).join(" + "),
    declared: opts.declared,
    files,
    keys,
    duplicates: [...duplicates.values()],
    basenameClashes: basenameClashes(files),
    whole,
    effective: deriveEffective({ keys, whole }),
  };
}

function basenameClashes(files: ConfigFile[]): ConfigSet["basenameClashes"] {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const basename = file.path.split("/").pop() ?? file.path;
    byName.set(basename, [...(byName.get(basename) ?? []), file.path]);
  }
  return [...byName.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([basename, paths]) => ({ basename, paths }));
}
