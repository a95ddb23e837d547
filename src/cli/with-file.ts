import type { Workspace } from "../core/model/index.js";
import type { DecodedText } from "../core/parse/decode-text.js";

/**
 * The workspace with one file's content replaced (or added): what `--stdin` checks, an editor's unsaved
 * buffer in the repository around it (its pins, its config set, the repo config). The content is
 * decoded as every file is (`decodeText`), so a buffer that is not UTF-8 is refused with the same
 * problem as that file on disk, in the App or in git.
 */
export function withFile(ws: Workspace, path: string, content: DecodedText): Workspace {
  return {
    list: async () => {
      const paths = await ws.list();
      return paths.includes(path) ? paths : [...paths, path].sort();
    },
    read: (p) => (p !== path ? ws.read(p) : Promise.resolve(content.ok ? content.text : null)),
    readProblem: (p) => (p !== path ? (ws.readProblem?.(p) ?? null) : content.ok ? null : content.problem),
    readAhead: ws.readAhead,
  };
}
