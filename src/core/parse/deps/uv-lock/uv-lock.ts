import type { DependencyFile } from "../../../model/index.js";
import { gitFieldRef } from "../shared/pin-factory.js";
import { mappedSpan } from "../shared/text.js";
import { parseTomlLock, type LockedPackage, type LockedSource } from "../toml/locked-pin.js";
import { asString, asTable, tomlString } from "../toml/toml-doc.js";

/**
 * Parses `uv.lock`: one `locked` pin per `[[package]]` (name and version). A git source is recorded in
 * `vcs` with the locked commit (the `#<sha>` of its URL) as its ref; URL, path, directory, editable and
 * virtual sources are direct (not from an index).
 */
export function parseUvLock(path: string, text: string): DependencyFile {
  return parseTomlLock(path, text, "uv.lock", uvSource);
}

function uvSource({ doc, index, pkg }: LockedPackage): LockedSource {
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
    const m = tomlString(doc, ["package", index, "source", "git"], git);
    return {
      vcs: gitFieldRef(url, locked || requested, "rev"),
      direct: false,
      refSpan: locked ? mappedSpan(doc.lines, m, hash + 1, git.length) : null,
    };
  }
  const direct =
    src !== null &&
    ["url", "path", "directory", "editable", "virtual"].some((k) => asString(src[k]) !== null);
  return { vcs: null, direct, refSpan: null };
}
