import type { DependencyFile } from "../../../model/index.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import {} from "../shared/text.js";
import { pinsFromDependencyTable } from "../toml/toml-dependency.js";
import { asTable, loadToml } from "../toml/toml-doc.js";

/** Top-level Pipfile tables that are not package categories. */
const NOT_PACKAGES: ReadonlySet<string> = new Set(["source", "requires", "pipenv", "scripts"]);

/**
 * Parses a `Pipfile`: `[packages]`, `[dev-packages]` and any custom category. `"*"` is unpinned, a
 * version string is a PEP 440 specifier (a bare version means `==`), and tables give `version`,
 * `git` + `ref`, `path`, `file`, `editable`, `extras` and `markers`.
 */
export function parsePipfile(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "pipfile", text, (body, file, sink) => {
    const doc = loadToml(path, body, sink);
    if (doc) {
      for (const [category, value] of Object.entries(doc.value)) {
        const table = asTable(value);
        if (NOT_PACKAGES.has(category) || !table) continue;
        file.pins.push(
          ...pinsFromDependencyTable(doc, [category], table, { flavor: "pipfile", source: "pipfile", sink }),
        );
      }
    }
  });
}
