/** The folder of a repository path (`requirements/a.txt` → `requirements`, `a.txt` → ``). */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** A repository path in canonical form: `/`-separated, no `./`, no empty segments. Null above the root. */
export function normalisePath(path: string): string | null {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join("/");
}

/** Does `ref` name something on the network (`https://...`, `file:...`) rather than a repository path? */
function isUrlReference(ref: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(ref) || /^(?:https?|file|ftp):/i.test(ref);
}

export type ResolvedReference =
  { ok: true; path: string } | { ok: false; reason: "url" | "absolute" | "outside" | "empty" };

/**
 * Resolves a file reference written in a file of folder `dir` (`-r ../base.txt`) to a repository path,
 * as pip joins it with the including file's folder. Absolute paths, paths that climb above the
 * repository root, and URLs are refused: they are not repository files.
 */
export function resolveReference(dir: string, ref: string): ResolvedReference {
  if (ref.trim() === "") return { ok: false, reason: "empty" };
  if (isUrlReference(ref)) return { ok: false, reason: "url" };
  if (ref.startsWith("/") || ref.startsWith("~") || /^[A-Za-z]:[\\/]/.test(ref))
    return { ok: false, reason: "absolute" };
  const joined = normalisePath(dir === "" ? ref : `${dir}/${ref}`);
  if (joined === null || joined === "") return { ok: false, reason: "outside" };
  return { ok: true, path: joined };
}
