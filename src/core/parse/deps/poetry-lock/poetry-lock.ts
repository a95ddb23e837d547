import type { DependencyFile } from "../../../model/index.js";
import { gitFieldRef } from "../shared/pin-factory.js";
import { parseTomlLock, type LockedPackage, type LockedSource } from "../toml/locked-pin.js";
import { asString, asTable, locOf, tomlSpan } from "../toml/toml-doc.js";

/**
 * Parses `poetry.lock`: one `locked` pin per `[[package]]` (name and version). A git source is recorded
 * in `vcs` with the locked commit (`resolved_reference`) as its ref; URL, file and directory sources
 * are direct (not from an index).
 */
export function parsePoetryLock(path: string, text: string): DependencyFile {
  return parseTomlLock(path, text, "poetry.lock", poetrySource);
}

function poetrySource({ doc, index, pkg }: LockedPackage): LockedSource {
  const src = asTable(pkg.source);
  const type = asString(src?.type);
  if (src && type === "git") {
    const url = asString(src.url) ?? "";
    const resolved = asString(src.resolved_reference);
    const refKey = resolved !== null ? "resolved_reference" : "reference";
    return {
      vcs: gitFieldRef(url, resolved ?? asString(src.reference), "rev"),
      direct: false,
      refSpan: locOf(doc, ["package", index, "source", refKey])
        ? tomlSpan(doc, ["package", index, "source", refKey], "content")
        : null,
    };
  }
  const direct = type === "url" || type === "file" || type === "directory";
  return { vcs: null, direct, refSpan: null };
}
