import type { DependencyFile, Span } from "../../model/index.js";
import { jsonPathKey, parseJsonWithLocations, type JsonLocations } from "./json-locate.js";
import { makePin, vcsRef } from "./pin-factory.js";
import { diagnosticSink, lineIndex, spanOf, screenText, type LineIndex } from "./text.js";
import { asArray, asString, asTable } from "./toml-doc.js";

/**
 * Parses `Pipfile.lock` (JSON): every category but `_meta` (`default`, `develop`, custom ones). Each
 * entry is a `locked` pin: `"version": "==1.2.3"` gives the version; a `git` entry records the
 * repository and the locked `ref`; `path`/`file` entries are direct (not from an index).
 */
export function parsePipfileLock(path: string, text: string): DependencyFile {
  const file: DependencyFile = { path, source: "pipfile.lock", pins: [], includes: [], diagnostics: [] };
  const screened = screenText(path, text);
  if ("diagnostic" in screened) {
    file.diagnostics.push(screened.diagnostic);
    return file;
  }
  const sink = diagnosticSink(path);
  const lines = lineIndex(path, screened.text);
  const parsed = parseJsonWithLocations(screened.text);
  if (!parsed.ok) {
    sink.add("invalid-json", `invalid JSON: ${parsed.message}`, spanOf(lines, parsed.at, parsed.at + 1));
    file.diagnostics = sink.list;
    return file;
  }
  const where = (p: Array<string | number>, part: "entry" | "key" | "content"): Span | null =>
    locSpan(lines, parsed.locs, p, part);
  for (const [category, entries] of Object.entries(asTable(parsed.value) ?? {})) {
    if (category === "_meta") continue;
    for (const [rawName, value] of Object.entries(asTable(entries) ?? {})) {
      if (sink.enough(file.pins.length)) break;
      const entry = asTable(value);
      if (!entry) continue;
      const at = [category, rawName];
      const versionText = asString(entry.version);
      const version = versionText?.replace(/^===?/, "").trim() ?? null;
      const git = asString(entry.git);
      const ref = asString(entry.ref);
      const span = where(at, "entry") ?? spanOf(lines, 0, 0);
      file.pins.push(
        makePin({
          source: "pipfile.lock",
          rawName,
          kind: "locked",
          specifier: versionText,
          pep440Specifier: version ? `==${version}` : null,
          version,
          extras: (asArray(entry.extras) ?? []).filter((e): e is string => typeof e === "string"),
          marker: asString(entry.markers),
          editable: entry.editable === true,
          constraint: false,
          vcs: git === null ? null : vcsRef(git.replace(/^git\+/i, ""), ref, "rev"),
          egg: null,
          url: asString(entry.path) ?? asString(entry.file),
          span,
          nameSpan: where(at, "key") ?? span,
          specifierSpan: where([...at, git !== null && ref !== null ? "ref" : "version"], "content"),
          direct: asString(entry.path) !== null || asString(entry.file) !== null,
        }),
      );
    }
  }
  file.diagnostics = sink.list;
  return file;
}

function locSpan(
  lines: LineIndex,
  locs: JsonLocations,
  path: Array<string | number>,
  part: "entry" | "key" | "content",
): Span | null {
  const loc = locs.get(jsonPathKey(path));
  if (!loc) return null;
  if (part === "entry") return spanOf(lines, loc.entryStart, loc.entryEnd);
  if (part === "key") return spanOf(lines, loc.keyStart, loc.keyEnd);
  return loc.content ? spanOf(lines, loc.content.start, loc.content.end) : null;
}
