import type { Workspace } from "../core/model/index.js";
import { createTextReads, MAX_TEXT_BYTES } from "../core/parse/decode-text.js";
import { gitBytes } from "./git.js";
import { inSkippedDir, MAX_FILES } from "./limits.js";

export interface GitWorkspaceOptions {
  /** A directory inside the repository (git runs there). */
  cwd: string;
  /** The commit to read. */
  commit: string;
  /** Only files under this repository path (`dir/sub/`, as `git rev-parse --show-prefix` gives), made relative to it. */
  prefix?: string;
  /** Keeps only the paths this accepts (relative to `prefix`). */
  filter?: (path: string) => boolean;
}

interface Blob {
  object: string;
  size: number;
}

/**
 * A workspace over one commit of a git repository: `git ls-tree -r` lists its files (regular files
 * only: no symlinks, no submodules) and `git cat-file blob` reads them, as UTF-8 text by the shared
 * decoder. The same limits as on disk apply: skipped directories, 1 MiB, no NUL bytes, valid UTF-8.
 */
export function createGitWorkspace(options: GitWorkspaceOptions): Workspace {
  const prefix = options.prefix ?? "";
  const filter = options.filter ?? (() => true);
  let tree: Promise<Map<string, Blob>> | null = null;
  const load = (): Promise<Map<string, Blob>> =>
    (tree ??= listTree(options.cwd, options.commit, prefix, filter));
  const reads = createTextReads<string>();

  return {
    async list() {
      return [...(await load()).keys()].sort();
    },
    async read(path) {
      const blob = (await load()).get(path);
      if (blob === undefined) return null;
      try {
        return await reads.read(path, blob.size, () =>
          gitBytes(options.cwd, ["cat-file", "blob", blob.object], MAX_TEXT_BYTES * 2),
        );
      } catch {
        return null;
      }
    },
    readProblem: (path) => reads.problem(path),
  };
}

/** `git ls-tree -r -l -z --full-tree <commit>`: `<mode> <type> <object> <size>\t<path>\0` per entry. */
async function listTree(
  cwd: string,
  commit: string,
  prefix: string,
  filter: (path: string) => boolean,
): Promise<Map<string, Blob>> {
  const out = await gitBytes(cwd, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
  const blobs = new Map<string, Blob>();
  for (const record of out.toString("utf8").split("\0")) {
    const match = /^(?<mode>\d+) (?<type>\w+) (?<object>[0-9a-f]+) +(?<size>\d+|-)\t(?<path>.+)$/s.exec(
      record,
    );
    const g = match?.groups;
    if (!g || g.type !== "blob" || g.mode === "120000" || g.path === undefined) continue;
    if (!g.path.startsWith(prefix)) continue;
    const path = g.path.slice(prefix.length);
    if (path === "" || inSkippedDir(path) || !filter(path)) continue;
    blobs.set(path, { object: g.object ?? "", size: Number(g.size) });
    if (blobs.size >= MAX_FILES) break;
  }
  return blobs;
}
