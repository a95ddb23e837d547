import type { DependencyFile } from "../../model/index.js";
import { diagnosticSink, screenText } from "./text.js";
import { pinsFromDependencyTable } from "./toml-dependency.js";
import { asTable, loadToml } from "./toml-doc.js";

/** Top-level Pipfile tables that are not package categories. */
const NOT_PACKAGES: ReadonlySet<string> = new Set(["source", "requires", "pipenv", "scripts"]);

/**
 * Parses a `Pipfile`: `[packages]`, `[dev-packages]` and any custom category. `"*"` is unpinned, a
 * version string is a PEP 440 specifier (a bare version means `==`), and tables give `version`,
 * `git` + `ref`, `path`, `file`, `editable`, `extras` and `markers`.
 */
export function parsePipfile(path: string, text: string): DependencyFile {
  const file: DependencyFile = { path, source: "pipfile", pins: [], includes: [], diagnostics: [] };
  const screened = screenText(path, text);
  if ("diagnostic" in screened) {
    file.diagnostics.push(screened.diagnostic);
    return file;
  }
  const sink = diagnosticSink(path);
  const doc = loadToml(path, screened.text, sink);
  if (doc) {
    for (const [category, value] of Object.entries(doc.value)) {
      const table = asTable(value);
      if (NOT_PACKAGES.has(category) || !table) continue;
      file.pins.push(
        ...pinsFromDependencyTable(doc, [category], table, { flavor: "pipfile", source: "pipfile", sink }),
      );
    }
  }
  file.diagnostics = sink.list;
  return file;
}
