import type { Workspace } from "../core/model/index.js";

/**
 * The same workspace, reading each file once: a later read of a path answers from memory. The CLI
 * reads a head file again after `analyze` (code frames, fix previews); on disk nothing caches that.
 * Memory stays near what `analyze` already holds, since it keeps the text of every file it read.
 */
export function rememberReads(ws: Workspace): Workspace {
  const reads = new Map<string, Promise<string | null>>();
  return {
    list: () => ws.list(),
    read(path) {
      let text = reads.get(path);
      if (text === undefined) {
        text = ws.read(path);
        reads.set(path, text);
      }
      return text;
    },
    readProblem: (path) => ws.readProblem?.(path) ?? null,
    readAhead: ws.readAhead,
  };
}
