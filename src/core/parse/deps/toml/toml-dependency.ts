import { validRange } from "@renovatebot/pep440";
import type { Pin, PinSource, Span, VcsRef } from "../../../model/index.js";
import { checkMarker } from "../requirement/marker.js";
import { classifySpecifier, gitFieldRef, makePin } from "../shared/pin-factory.js";
import { parsePoetryConstraint } from "../requirement/poetry-constraint.js";
import { asArray, asString, asTable, tomlSpan, type TomlDoc } from "./toml-doc.js";
import type { TomlPath } from "./toml-locate.js";
import type { DiagnosticSink } from "../shared/text.js";

/** How a TOML dependency table names its version and git ref (Poetry vs Pipenv). */
export type TomlFlavor = "poetry" | "pipfile";

export interface TomlDependency {
  doc: TomlDoc;
  sink: DiagnosticSink;
  flavor: TomlFlavor;
  source: PinSource;
  /** The package name as written (the key). */
  rawName: string;
  /** Path of the key: `["tool", "poetry", "dependencies", "deepspeed"]`. */
  keyPath: TomlPath;
  /** Path of the value (the key path, or an element of a Poetry multiple-constraints array). */
  valuePath: TomlPath;
  value: unknown;
}

function isUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

/**
 * A pin from a Poetry (`[tool.poetry.dependencies]`) or Pipfile (`[packages]`) entry: a version string
 * (`"^1.2"`, `"==1.2"`, `"*"`), or a table with `version`, `git` + `rev`/`tag`/`branch` (Poetry) or
 * `ref` (Pipenv; recorded as `rev`, the same thing), `path`, `url`/`file`, `extras`, `markers`,
 * `develop`/`editable`. Null (with a diagnostic when it is malformed) when it is none of these.
 */
function pinFromTomlDependency(dep: TomlDependency): Pin | null {
  const { doc, sink, flavor } = dep;
  const entryPath = dep.valuePath.length > dep.keyPath.length ? dep.valuePath : dep.keyPath;
  const span = tomlSpan(doc, entryPath, "entry");
  const nameSpan = tomlSpan(doc, dep.keyPath, "key");
  const base = {
    source: dep.source,
    rawName: dep.rawName,
    constraint: false,
    span,
    nameSpan,
  };
  const text = asString(dep.value);
  if (text !== null) {
    const version = readVersion(text, flavor, tomlSpan(doc, dep.valuePath, "content"), sink);
    if (!version) return null;
    return makePin({
      ...base,
      ...version,
      extras: [],
      marker: null,
      editable: false,
      vcs: null,
      egg: null,
      url: null,
      specifierSpan: version.specifier === null ? null : tomlSpan(doc, dep.valuePath, "content"),
    });
  }
  const table = asTable(dep.value);
  if (!table) return null;
  const at = (key: string): TomlPath => [...dep.valuePath, key];
  const extras = (asArray(table.extras) ?? []).filter((e): e is string => typeof e === "string");
  const marker = asString(table.markers);
  if (marker !== null) {
    const bad = checkMarker(marker);
    if (bad)
      sink.add(
        "invalid-requirement",
        `invalid environment marker: ${bad.message}`,
        tomlSpan(doc, at("markers"), "content"),
      );
  }
  const editable = table.develop === true || table.editable === true;
  const common = { ...base, extras, marker, editable };

  const git = asString(table.git);
  if (git !== null) {
    const fields: Array<Exclude<VcsRef["refField"], "at" | null>> = ["rev", "tag", "branch"];
    const refKey =
      flavor === "pipfile"
        ? asString(table.ref) !== null
          ? "ref"
          : null
        : fields.find((f) => asString(table[f]) !== null);
    const ref = refKey ? asString(table[refKey]) : null;
    const refField: VcsRef["refField"] = refKey === "tag" ? "tag" : refKey === "branch" ? "branch" : "rev";
    return makePin({
      ...common,
      kind: "vcs",
      specifier: null,
      pep440Specifier: null,
      version: null,
      vcs: gitFieldRef(git, ref, refField),
      egg: null,
      url: null,
      specifierSpan: refKey ? tomlSpan(doc, at(refKey), "content") : null,
    });
  }
  const location = asString(table.path) ?? asString(table.url) ?? asString(table.file);
  if (location !== null) {
    const key = asString(table.path) !== null ? "path" : asString(table.url) !== null ? "url" : "file";
    const kind =
      key === "url" || (key === "file" && isUrl(location) && !/^file:/i.test(location)) ? "url" : "path";
    return makePin({
      ...common,
      kind,
      specifier: null,
      pep440Specifier: null,
      version: null,
      vcs: null,
      egg: null,
      url: location,
      specifierSpan: null,
    });
  }
  const versionText = asString(table.version);
  const version =
    versionText === null
      ? null
      : readVersion(versionText, flavor, tomlSpan(doc, at("version"), "content"), sink);
  if (versionText !== null && !version) return null;
  return makePin({
    ...common,
    ...(version ?? { kind: "unpinned" as const, specifier: null, pep440Specifier: null, version: null }),
    vcs: null,
    egg: null,
    url: null,
    specifierSpan: version?.specifier ? tomlSpan(doc, at("version"), "content") : null,
  });
}

interface VersionFields {
  kind: "exact" | "range" | "unpinned";
  specifier: string | null;
  pep440Specifier: string | null;
  version: string | null;
}

/** A Poetry constraint or a Pipfile version (PEP 440; a bare version means `==`). */
function readVersion(text: string, flavor: TomlFlavor, at: Span, sink: DiagnosticSink): VersionFields | null {
  const trimmed = text.trim();
  if (flavor === "poetry") {
    const c = parsePoetryConstraint(trimmed);
    if (!c.ok) {
      sink.add("invalid-requirement", c.message, at);
      return null;
    }
    return {
      kind: c.kind,
      specifier: c.kind === "unpinned" ? null : trimmed,
      pep440Specifier: c.pep440,
      version: c.version,
    };
  }
  if (trimmed === "*" || trimmed === "")
    return { kind: "unpinned", specifier: null, pep440Specifier: null, version: null };
  const spec = /^[<>=!~]/.test(trimmed) ? trimmed.replace(/\s+/g, "") : `==${trimmed}`;
  if (!validRange(spec)) {
    sink.add("invalid-requirement", `\`${trimmed}\` is not a valid PEP 440 version specifier`, at);
    return null;
  }
  const { kind, version } = classifySpecifier(spec);
  return { kind, specifier: trimmed.replace(/\s+/g, ""), pep440Specifier: spec, version };
}

/** Every dependency of a Poetry/Pipfile table (`name = value` entries), one pin per constraint. */
export function pinsFromDependencyTable(
  doc: TomlDoc,
  tablePath: string[],
  table: Record<string, unknown>,
  options: { flavor: TomlFlavor; source: PinSource; sink: DiagnosticSink; skip?: (name: string) => boolean },
): Pin[] {
  const pins: Pin[] = [];
  for (const [rawName, value] of Object.entries(table)) {
    if (options.sink.enough(pins.length)) break;
    if (options.skip?.(rawName)) continue;
    const keyPath = [...tablePath, rawName];
    const items = asArray(value);
    const values = items
      ? items.map((v, i) => ({ v, path: [...keyPath, i] }))
      : [{ v: value, path: keyPath }];
    for (const { v, path } of values) {
      const pin = pinFromTomlDependency({
        doc,
        sink: options.sink,
        flavor: options.flavor,
        source: options.source,
        rawName,
        keyPath,
        valuePath: path,
        value: v,
      });
      if (pin) pins.push(pin);
    }
  }
  return pins;
}
