import { open, readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Workspace } from "../core/model/index.js";
import { createTextReads, MAX_TEXT_BYTES } from "../core/parse/decode-text.js";
import { MAX_FILES, SKIPPED_DIRS } from "./limits.js";

export interface FsWorkspaceOptions {
  /** Keeps only the paths this accepts (see `pathFilter`). */
  filter?: (path: string) => boolean;
}

/**
 * A workspace over a directory on disk: every regular file under `root` (skipping `.git`,
 * `node_modules` and caches, and symlinks that leave the root), read as UTF-8 text by the shared decoder.
 * Files over 1 MiB, with a NUL byte or not UTF-8 read as null, and `readProblem` says which.
 */
export function createFsWorkspace(root: string, options: FsWorkspaceOptions = {}): Workspace {
  const filter = options.filter ?? (() => true);
  let realRoot: Promise<string> | null = null;
  const rootReal = (): Promise<string> => (realRoot ??= realpath(root));
  const reads = createTextReads<string>();

  return {
    async list() {
      const base = await rootReal();
      const out: string[] = [];
      await walk(base, "", out, base);
      return out.filter(filter).sort();
    },
    async read(path) {
      if (!isSafeRelative(path) || !filter(path)) return null;
      const base = await rootReal();
      try {
        const real = await realpath(join(base, ...path.split("/")));
        if (!isInside(base, real)) return null;
        const info = await stat(real);
        if (!info.isFile()) return null;
        return await reads.read(path, info.size, () => readCapped(real, info.size));
      } catch {
        return null;
      }
    },
    readProblem: (path) => reads.problem(path),
    // A few reads at once keep the disk (and libuv's four threads) busy while the last file is parsed.
    readAhead: 16,
  };
}

async function walk(dir: string, prefix: string, out: string[], root: string): Promise<void> {
  if (out.length >= MAX_FILES) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable directory: nothing to list there
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= MAX_FILES) return;
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(full, path, out, root);
    } else if (entry.isFile()) {
      out.push(path);
    } else if (entry.isSymbolicLink()) {
      // A link to a file inside the root is listed; links to directories are not followed (no cycles).
      try {
        const target = await realpath(full);
        if (isInside(root, target) && (await stat(target)).isFile()) out.push(path);
      } catch {
        // a dangling link lists nothing
      }
    }
  }
}

/**
 * Reads at most one byte more than the limit, so a file that grew since `stat` is still refused. The
 * buffer starts at the size `stat` gave (plus the byte that tells growth) and grows only if the file did:
 * a 1 MB buffer for every file cost more than parsing them.
 */
export async function readCapped(path: string, size: number): Promise<Uint8Array> {
  const limit = MAX_TEXT_BYTES + 1;
  const handle = await open(path, "r");
  try {
    // Unzeroed: only the bytes read are returned.
    let buffer = Buffer.allocUnsafe(Math.min(size + 1, limit));
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length >= limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function isSafeRelative(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\0")) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep);
}
