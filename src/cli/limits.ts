/** Directories never walked: version control, installed packages, caches. Same for disk and git. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  ".git",
  "node_modules",
  ".venv",
  "__pycache__",
  ".tox",
  ".mypy_cache",
]);

/** A walk stops listing after this many files, so a huge tree cannot exhaust memory. */
export const MAX_FILES = 200_000;

/** True when any directory segment of a `/`-separated path is skipped. */
export function inSkippedDir(path: string): boolean {
  const segments = path.split("/");
  return segments.slice(0, -1).some((s) => SKIPPED_DIRS.has(s));
}

/**
 * Limits a workspace to some paths: each entry is a file or a directory (root-relative, `/`-separated);
 * null means everything. `always` paths (the repo config) are kept whatever the limits.
 */
export function pathFilter(limits: string[] | null, always: string[] = []): (path: string) => boolean {
  if (limits === null) return () => true;
  const keep = new Set(always);
  return (path) =>
    keep.has(path) || limits.some((limit) => limit === "" || path === limit || path.startsWith(`${limit}/`));
}
