import type { DependencyFile, Pin, VcsRef } from "../../../model/index.js";
import { makePin } from "../shared/pin-factory.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { asArray, asString, asTable, locOf, loadToml, tomlSpan, type TomlDoc } from "./toml-doc.js";

/** Where a locked package came from: a git source (with the span of its locked ref), or direct. */
export interface LockedSource {
  vcs: VcsRef | null;
  direct: boolean;
  refSpan: Pin["specifierSpan"];
}

/** One `[[package]]` of a TOML lock file: its index, its table and its name. */
export interface LockedPackage {
  doc: TomlDoc;
  index: number;
  pkg: Record<string, unknown>;
  name: string;
}

/**
 * Reads a TOML lock file's `[[package]]` array (`poetry.lock`, `uv.lock`): one `locked` pin per package
 * with a name, its version pinned with `==`; `sourceOf` says where the package came from.
 */
export function parseTomlLock(
  path: string,
  text: string,
  source: "poetry.lock" | "uv.lock",
  sourceOf: (locked: LockedPackage) => LockedSource,
): DependencyFile {
  return readDependencyFile(path, source, text, (body, file, sink) => {
    const doc = loadToml(path, body, sink);
    if (!doc) return;
    const packages = asArray(doc.value.package) ?? [];
    for (const [index, item] of packages.entries()) {
      if (sink.enough(file.pins.length)) break;
      const pkg = asTable(item);
      const name = asString(pkg?.name);
      if (!pkg || name === null) continue;
      const locked = { doc, index, pkg, name };
      file.pins.push(lockedPin(locked, source, sourceOf(locked)));
    }
  });
}

function lockedPin({ doc, index, pkg, name }: LockedPackage, source: Pin["source"], at: LockedSource): Pin {
  const base = ["package", index];
  const version = asString(pkg.version);
  const nameAt = locOf(doc, [...base, "name"]) ? [...base, "name"] : base;
  return makePin({
    source,
    rawName: name,
    kind: "locked",
    specifier: null,
    pep440Specifier: version ? `==${version}` : null,
    version,
    extras: [],
    marker: null,
    editable: false,
    constraint: false,
    vcs: at.vcs,
    egg: null,
    url: null,
    span: tomlSpan(doc, nameAt, "entry"),
    nameSpan: tomlSpan(doc, nameAt, "content"),
    specifierSpan: at.refSpan ?? (version ? tomlSpan(doc, [...base, "version"], "content") : null),
    direct: at.direct,
  });
}
