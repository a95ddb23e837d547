import type { DependencyFile, Pin, VcsRef } from "../../../model/index.js";
import { gitFieldRef, makePin } from "../shared/pin-factory.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { mappedSpan } from "../shared/text.js";
import {
  asArray,
  asString,
  asTable,
  locOf,
  loadToml,
  tomlSpan,
  tomlString,
  type TomlDoc,
} from "../toml/toml-doc.js";

/**
 * Parses `poetry.lock` or `uv.lock`: one `locked` pin per `[[package]]` (name and version). A git
 * source is recorded in `vcs` with the locked commit as its ref (Poetry `resolved_reference`, uv's
 * `#<sha>`); URL, path and directory sources are direct (not from an index).
 */
export function parseTomlLock(path: string, text: string, source: "poetry.lock" | "uv.lock"): DependencyFile {
  return readDependencyFile(path, source, text, (body, file, sink) => {
    const doc = loadToml(path, body, sink);
    if (doc) {
      const packages = asArray(doc.value.package) ?? [];
      for (const [index, item] of packages.entries()) {
        if (sink.enough(file.pins.length)) break;
        const pkg = asTable(item);
        const name = asString(pkg?.name);
        if (!pkg || name === null) continue;
        file.pins.push(
          source === "uv.lock" ? uvPin(doc, index, pkg, name) : poetryPin(doc, index, pkg, name),
        );
      }
    }
  });
}

interface Located {
  vcs: VcsRef | null;
  direct: boolean;
  refSpan: Pin["specifierSpan"];
}

function lockedPin(
  doc: TomlDoc,
  index: number,
  pkg: Record<string, unknown>,
  name: string,
  source: Pin["source"],
  at: Located,
): Pin {
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

function poetryPin(doc: TomlDoc, index: number, pkg: Record<string, unknown>, name: string): Pin {
  const src = asTable(pkg.source);
  const type = asString(src?.type);
  if (src && type === "git") {
    const url = asString(src.url) ?? "";
    const resolved = asString(src.resolved_reference);
    const refKey = resolved !== null ? "resolved_reference" : "reference";
    return lockedPin(doc, index, pkg, name, "poetry.lock", {
      vcs: gitFieldRef(url, resolved ?? asString(src.reference), "rev"),
      direct: false,
      refSpan: locOf(doc, ["package", index, "source", refKey])
        ? tomlSpan(doc, ["package", index, "source", refKey], "content")
        : null,
    });
  }
  const direct = type === "url" || type === "file" || type === "directory";
  return lockedPin(doc, index, pkg, name, "poetry.lock", { vcs: null, direct, refSpan: null });
}

function uvPin(doc: TomlDoc, index: number, pkg: Record<string, unknown>, name: string): Pin {
  const src = asTable(pkg.source);
  const git = asString(src?.git);
  if (git !== null) {
    // `https://github.com/o/r.git?rev=v1#<locked sha>`
    const hash = git.indexOf("#");
    const query = git.indexOf("?");
    const cut = [query, hash].filter((i) => i >= 0);
    const url = git.slice(0, cut.length > 0 ? Math.min(...cut) : git.length);
    const requested = /[?&](?:rev|tag|branch)=(?<ref>[^&#]+)/.exec(git)?.groups?.ref ?? null;
    const locked = hash >= 0 ? git.slice(hash + 1) : null;
    const path = ["package", index, "source", "git"];
    const m = tomlString(doc, path, git);
    return lockedPin(doc, index, pkg, name, "uv.lock", {
      vcs: gitFieldRef(url, locked || requested, "rev"),
      direct: false,
      refSpan: locked ? mappedSpan(doc.lines, m, hash + 1, git.length) : null,
    });
  }
  const direct =
    src !== null &&
    ["url", "path", "directory", "editable", "virtual"].some((k) => asString(src[k]) !== null);
  return lockedPin(doc, index, pkg, name, "uv.lock", { vcs: null, direct, refSpan: null });
}
