import type { DependencyFile, Pin, PinSource, VcsRef } from "../../../model/index.js";
import { normaliseName } from "../requirement/names.js";
import { pinFromPep508Text } from "../shared/pep508-pin.js";
import { gitFieldRef, makePin } from "../shared/pin-factory.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { recordInclude } from "../shared/record-include.js";
import { dirnameOf } from "../shared/repo-path.js";
import { type DiagnosticSink } from "../shared/text.js";
import { pinsFromDependencyTable } from "../toml/toml-dependency.js";
import {
  asArray,
  asString,
  asTable,
  getIn,
  loadToml,
  tomlSpan,
  tomlString,
  type TomlDoc,
} from "../toml/toml-doc.js";

interface PepList {
  path: string[];
  source: PinSource;
  constraint: boolean;
}

/**
 * Parses `pyproject.toml`: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735
 * `[dependency-groups]`, uv's `dev-dependencies`, `constraint-dependencies` (constraints) and
 * `override-dependencies`, uv `[tool.uv.sources]` (a git, path or URL source replaces how the PEP 621
 * requirement of that name is installed: the pin then points at the source entry), Poetry's
 * `dependencies`, `dev-dependencies` and `group.<name>.dependencies` (without `python`), and setuptools'
 * `dynamic` dependencies read from files (followed as includes).
 */
export function parsePyproject(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "pyproject", text, (body, file, sink) => {
    const doc = loadToml(path, body, sink);
    if (doc) {
      const pep = pep621Pins(doc, sink);
      file.pins.push(...applyUvSources(doc, pep), ...poetryPins(doc, sink));
      dynamicIncludes(doc, { dir: dirnameOf(path), includes: file.includes, sink });
    }
  });
}

function pep621Pins(doc: TomlDoc, sink: DiagnosticSink): Pin[] {
  const lists: PepList[] = [{ path: ["project", "dependencies"], source: "pyproject", constraint: false }];
  for (const group of Object.keys(asTable(getIn(doc.value, ["project", "optional-dependencies"])) ?? {})) {
    lists.push({ path: ["project", "optional-dependencies", group], source: "pyproject", constraint: false });
  }
  for (const group of Object.keys(asTable(getIn(doc.value, ["dependency-groups"])) ?? {})) {
    lists.push({ path: ["dependency-groups", group], source: "pyproject", constraint: false });
  }
  lists.push(
    { path: ["tool", "uv", "dev-dependencies"], source: "uv", constraint: false },
    { path: ["tool", "uv", "constraint-dependencies"], source: "uv", constraint: true },
    { path: ["tool", "uv", "override-dependencies"], source: "uv", constraint: false },
  );
  const pins: Pin[] = [];
  for (const list of lists) {
    const items = asArray(getIn(doc.value, list.path)) ?? [];
    for (const [index, item] of items.entries()) {
      if (sink.enough(pins.length)) break;
      // PEP 735 groups may hold `{include-group = "..."}` tables: those are not requirements.
      if (typeof item !== "string") continue;
      const m = tomlString(doc, [...list.path, index], item);
      const site = { lines: doc.lines, source: list.source, constraint: list.constraint };
      const pin = pinFromPep508Text(m, site, sink);
      if (pin) pins.push(pin);
    }
  }
  return pins;
}

/** uv installs a requirement from its `[tool.uv.sources]` entry when there is one (git, path or URL). */
function applyUvSources(doc: TomlDoc, pins: Pin[]): Pin[] {
  const sources = asTable(getIn(doc.value, ["tool", "uv", "sources"]));
  if (!sources) return pins;
  const byName = new Map<
    string,
    { key: string; path: Array<string | number>; table: Record<string, unknown> }
  >();
  for (const [key, value] of Object.entries(sources)) {
    const first = asArray(value)?.findIndex((v) => asTable(v) !== null) ?? -1;
    const path: Array<string | number> =
      first >= 0 ? ["tool", "uv", "sources", key, first] : ["tool", "uv", "sources", key];
    const table = first >= 0 ? asTable(asArray(value)?.[first]) : asTable(value);
    if (table) byName.set(normaliseName(key), { key, path, table });
  }
  return pins.map((pin) => {
    const src = byName.get(pin.name);
    if (!src || pin.constraint) return pin;
    const keyPath = ["tool", "uv", "sources", src.key];
    const common = {
      source: "uv" as const,
      rawName: pin.rawName,
      extras: pin.extras,
      marker: pin.marker,
      constraint: false,
      specifier: null,
      pep440Specifier: null,
      version: null,
      egg: null,
      span: tomlSpan(doc, keyPath, "entry"),
      nameSpan: tomlSpan(doc, keyPath, "key"),
    };
    const git = asString(src.table.git);
    if (git !== null) {
      const field = (["rev", "tag", "branch"] as const).find((f) => asString(src.table[f]) !== null) ?? null;
      const ref = field ? asString(src.table[field]) : null;
      const refField: VcsRef["refField"] = field ?? "rev";
      return makePin({
        ...common,
        kind: "vcs",
        editable: false,
        vcs: gitFieldRef(git, ref, refField),
        url: null,
        specifierSpan: field ? tomlSpan(doc, [...src.path, field], "content") : null,
      });
    }
    const location = asString(src.table.path) ?? asString(src.table.url);
    if (location === null) return pin;
    return makePin({
      ...common,
      kind: asString(src.table.path) !== null ? "path" : "url",
      editable: src.table.editable === true,
      vcs: null,
      url: location,
      specifierSpan: null,
    });
  });
}

function poetryPins(doc: TomlDoc, sink: DiagnosticSink): Pin[] {
  const tables: string[][] = [
    ["tool", "poetry", "dependencies"],
    ["tool", "poetry", "dev-dependencies"],
  ];
  for (const group of Object.keys(asTable(getIn(doc.value, ["tool", "poetry", "group"])) ?? {})) {
    tables.push(["tool", "poetry", "group", group, "dependencies"]);
  }
  const pins: Pin[] = [];
  for (const path of tables) {
    const table = asTable(getIn(doc.value, path));
    if (!table) continue;
    pins.push(
      ...pinsFromDependencyTable(doc, path, table, {
        flavor: "poetry",
        source: "poetry",
        sink,
        // `python` is the interpreter Poetry needs, not a package.
        skip: (name) => name.toLowerCase() === "python",
      }),
    );
  }
  return pins;
}

/** `[tool.setuptools.dynamic] dependencies = { file = ["requirements.txt"] }` reads pins from files. */
function dynamicIncludes(
  doc: TomlDoc,
  into: { dir: string; includes: DependencyFile["includes"]; sink: DiagnosticSink },
): void {
  const base = ["tool", "setuptools", "dynamic"];
  const entries: string[][] = [[...base, "dependencies"]];
  for (const group of Object.keys(asTable(getIn(doc.value, [...base, "optional-dependencies"])) ?? {})) {
    entries.push([...base, "optional-dependencies", group]);
  }
  for (const entry of entries) {
    const files = getIn(doc.value, [...entry, "file"]);
    const list = typeof files === "string" ? [files] : (asArray(files) ?? []);
    list.forEach((ref, index) => {
      if (typeof ref !== "string") return;
      const at = typeof files === "string" ? [...entry, "file"] : [...entry, "file", index];
      recordInclude(into, ref, tomlSpan(doc, at, "content"), false, `file = "${ref}"`);
    });
  }
}
