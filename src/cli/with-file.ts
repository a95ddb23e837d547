import type { Workspace } from "../core/model/index.js";

/**
 * The workspace with one file's text replaced (or added): what `--stdin` checks, an editor's unsaved
 * buffer in the repository around it (its pins, its config set, the repo config).
 */
export function withFile(ws: Workspace, path: string, text: string): Workspace {
  return {
    list: async () => {
      const paths = await ws.list();
      return paths.includes(path) ? paths : [...paths, path].sort();
    },
    read: (p) => (p === path ? Promise.resolve(text) : ws.read(p)),
  };
}
