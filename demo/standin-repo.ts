import { createHash } from "node:crypto";

/** A git object id as git computes it, so SHAs in the stand-in look and behave like real ones. */
function gitSha(type: "blob" | "tree" | "commit", body: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest("hex");
}

export interface TreeItem {
  path: string;
  mode: string;
  type: "blob" | "tree";
  sha: string;
  size?: number;
}

export interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  /** Every file of the snapshot: path -> blob SHA. */
  files: Map<string, string>;
}

/**
 * An in-memory git repository: blobs, trees and commits with git's own SHAs, branches, and the
 * ancestry questions the compare endpoint answers.
 */
export class StandinRepo {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeItem[]>();
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch = "main",
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Commits `changes` (path -> text, or null to delete) on `branch`, creating it from `from` if needed. */
  commit(
    branch: string,
    changes: Record<string, string | Buffer | null>,
    message: string,
    from?: string,
  ): string {
    const parentSha = this.branches.get(branch) ?? (from !== undefined ? this.resolve(from) : null);
    const parent = parentSha ? this.commits.get(parentSha) : undefined;
    const files = new Map(parent?.files ?? []);
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) {
        files.delete(path);
        continue;
      }
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      const sha = gitSha("blob", bytes);
      this.blobs.set(sha, bytes);
      files.set(path, sha);
    }
    const tree = this.writeTree(files);
    const parents = parent ? [parent.sha] : [];
    const body = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join("")}author neox-check demo <demo@example.invalid> 1700000000 +0000\n\n${message}\n`;
    const sha = gitSha("commit", Buffer.from(body));
    this.commits.set(sha, { sha, tree, parents, message, files });
    this.branches.set(branch, sha);
    return sha;
  }

  /** A full SHA for a branch name, a full SHA or an unambiguous SHA prefix (7+ hex), else null. */
  resolve(ref: string): string | null {
    const branch = this.branches.get(ref);
    if (branch) return branch;
    if (this.commits.has(ref)) return ref;
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(ref));
      if (matches.length === 1) return matches[0] as string;
    }
    return null;
  }

  /** The text of `path` at `ref`, or null. */
  read(ref: string, path: string): string | null {
    const sha = this.resolve(ref);
    const blob = sha ? this.commits.get(sha)?.files.get(path) : undefined;
    return blob ? (this.blobs.get(blob)?.toString("utf8") ?? null) : null;
  }

  /** Every ancestor of `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  /** The nearest common ancestor (by breadth-first distance from `head`), or null. */
  mergeBase(base: string, head: string): string | null {
    const fromBase = this.ancestors(base);
    const queue = [head];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (fromBase.has(next)) return next;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return null;
  }

  /** The entries of a tree (by tree SHA), or of a commit's root tree; recursive lists every level. */
  treeEntries(sha: string, recursive: boolean): TreeItem[] | null {
    const root = this.commits.get(sha)?.tree ?? sha;
    const entries = this.trees.get(root);
    if (!entries) return null;
    if (!recursive) return entries;
    const all: TreeItem[] = [];
    const walk = (items: TreeItem[], prefix: string): void => {
      for (const item of items) {
        all.push({ ...item, path: `${prefix}${item.path}` });
        if (item.type === "tree") walk(this.trees.get(item.sha) ?? [], `${prefix}${item.path}/`);
      }
    };
    walk(entries, "");
    return all;
  }

  /** Writes git tree objects for a snapshot and returns the root tree SHA. */
  private writeTree(files: Map<string, string>): string {
    const dirs = new Map<string, Map<string, { type: "blob" | "tree"; sha?: string }>>();
    const dir = (path: string): Map<string, { type: "blob" | "tree"; sha?: string }> => {
      let entries = dirs.get(path);
      if (!entries) {
        entries = new Map();
        dirs.set(path, entries);
      }
      return entries;
    };
    dir("");
    for (const [path, sha] of files) {
      const parts = path.split("/");
      const name = parts.pop() as string;
      let prefix = "";
      for (const part of parts) {
        dir(prefix).set(part, { type: "tree" });
        prefix = prefix ? `${prefix}/${part}` : part;
      }
      dir(prefix).set(name, { type: "blob", sha });
    }
    const write = (path: string): string => {
      const entries = [...(dirs.get(path) ?? new Map()).entries()].sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      const items: TreeItem[] = entries.map(([name, entry]) => {
        if (entry.type === "tree") {
          return { path: name, mode: "040000", type: "tree", sha: write(path ? `${path}/${name}` : name) };
        }
        const sha = entry.sha as string;
        return { path: name, mode: "100644", type: "blob", sha, size: this.blobs.get(sha)?.length ?? 0 };
      });
      const body = Buffer.concat(
        items.map((item) =>
          Buffer.concat([
            Buffer.from(`${item.type === "tree" ? "40000" : "100644"} ${item.path}\0`),
            Buffer.from(item.sha, "hex"),
          ]),
        ),
      );
      const sha = gitSha("tree", body);
      this.trees.set(sha, items);
      return sha;
    };
    return write("");
  }
}
