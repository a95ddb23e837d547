import type { ConfigFile, MapNode, ScalarNode, ScalarType, SeqNode } from "../model/config.js";
import type { Diagnostic } from "../model/location.js";
import { isFragment } from "./config-fragment.js";
import { neoxFileKeys, normaliseKey } from "./config-keys.js";
import { loadYaml11 } from "./yaml11.js";

export { looksLikeNeoxConfig } from "./config-detect.js";

/**
 * Reads one GPT-NeoX YAML config as NeoX does: PyYAML `FullLoader` (YAML 1.1), then the top-level keys
 * normalised `-` -> `_` (nested keys are kept as written). Never throws; a file PyYAML cannot load, or
 * whose top level is not a mapping, comes back with `ok: false` and a diagnostic.
 *
 * `root` holds the top-level entries with normalised keys (`root.value` is the dict as PyYAML gives it,
 * keys as written); `keys` is what NeoX ends up with, one entry per normalised key.
 *
 * Diagnostic codes: those of `loadYaml11` (`yaml-syntax`, `binary`, `yaml-limit`, `yaml-tag`), plus
 * `not-a-mapping` (NeoX calls `.items()` on the loaded value) and `non-string-key` (a top-level key such as
 * `1:` or `true:`, on which NeoX's `.replace` fails).
 */
export function parseConfig(path: string, text: string): ConfigFile {
  const loaded = loadYaml11(path, text);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (!loaded.ok) return failed(path, diagnostics);
  const root = loaded.root;
  if (root === null || root.kind !== "map") {
    diagnostics.push(notAMapping(path, root));
    return failed(path, diagnostics);
  }

  const entries = root.entries.map((entry) => ({ ...entry, key: normaliseKey(entry.spelling) }));
  for (const entry of root.entries) {
    const type = loaded.keyTypes.get(entry);
    if (type === undefined || type === "str") continue;
    diagnostics.push({
      path,
      line: entry.keySpan.line,
      column: entry.keySpan.column,
      endLine: entry.keySpan.endLine,
      endColumn: entry.keySpan.endColumn,
      code: "non-string-key",
      message: `top-level key ${entry.spelling} is ${describeType(type)}, not a string: NeoX cannot read it`,
    });
  }
  const { keys, duplicates } = neoxFileKeys(entries);
  const top: MapNode = { ...root, entries };
  return { path, ok: true, keys, root: top, duplicates, fragment: isFragment(keys), diagnostics };
}

function failed(path: string, diagnostics: Diagnostic[]): ConfigFile {
  return { path, ok: false, keys: {}, root: null, duplicates: [], fragment: false, diagnostics };
}

function notAMapping(path: string, root: ScalarNode | SeqNode | null): Diagnostic {
  const what =
    root === null
      ? "the file holds no YAML value"
      : root.kind === "seq"
        ? "the top level is a list"
        : `the top level is ${describeType(root.type)}`;
  const at = root?.span;
  return {
    path,
    line: at?.line ?? 1,
    column: at?.column ?? 1,
    code: "not-a-mapping",
    message: `${what}, but NeoX reads a config as a mapping of keys to values`,
  };
}

function describeType(type: ScalarType): string {
  switch (type) {
    case "null":
      return "null";
    case "bool":
      return "a boolean";
    case "int":
      return "an integer";
    case "float":
      return "a float";
    case "timestamp":
      return "a date";
    case "str":
      return "a string";
  }
}
