import type { DependencyFile, Span } from "../../../model/index.js";
import { parseJsonWithLocations, type JsonLocations } from "./json-locate.js";
import { gitFieldRef, makePin } from "../shared/pin-factory.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { lineIndex, spanOf, type LineIndex } from "../shared/text.js";
import { asArray, asString, asTable } from "../toml/toml-doc.js";
import { pathKey } from "../toml/toml-locate.js";

/**
 * Parses `Pipfile.lock` (JSON): every category but `_meta` (`default`, `develop`, custom ones). Each
 * entry is a `locked` pin: `"version": "==1.2.3"` gives the version; a `git` entry records the
 * repository and the locked `ref`; `path`/`file` entries are direct (not from an index).
 */
export function parsePipfileLock(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "pipfile.lock", text, (body, file, sink) => {
    const lines = lineIndex(path, body);
    const parsed = parseJsonWithLocations(body);
    if (!parsed.ok) {
      sink.add("invalid-json", `invalid JSON: ${parsed.message}`, spanOf(lines, parsed.at, parsed.at + 1));
      return;
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
            vcs: git === null ? null : gitFieldRef(git, ref, "rev"),
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
  });
}

function locSpan(
  lines: LineIndex,
  locs: JsonLocations,
  path: Array<string | number>,
  part: "entry" | "key" | "content",
): Span | null {
  const loc = locs.get(pathKey(path));
  if (!loc) return null;
  if (part === "entry") return spanOf(lines, loc.entryStart, loc.entryEnd);
  if (part === "key") return spanOf(lines, loc.keyStart, loc.keyEnd);
  return loc.content ? spanOf(lines, loc.content.start, loc.content.end) : null;
}
