import type { Workspace } from "./model/index.js";

/** A workspace over an in-memory map of path -> text (tests, the demo, anything already in memory). */
export function memoryWorkspace(files: Record<string, string>): Workspace {
  const paths = Object.keys(files).sort();
  return {
    list: async () => paths,
    read: async (path) => (Object.hasOwn(files, path) ? (files[path] ?? null) : null),
  };
}
