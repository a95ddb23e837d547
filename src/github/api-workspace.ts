import type { FileProblem, Workspace } from "../core/model/index.js";
import {
  binaryProblem,
  createTextReads,
  MAX_TEXT_BYTES,
  tooLargeProblem,
} from "../core/parse/decode-text.js";
import type { GitHubClient, Log, RepoRef } from "./types.js";

/** How many non-recursive tree requests a truncated tree may cost before we stop listing. */
export const MAX_TREE_REQUESTS = 200;

/** Reads blobs by SHA, each at most once: head and base share one store within a run. */
export interface BlobStore {
  /** The blob's text, or null when it is binary, not UTF-8 or larger than the limit. */
  read(sha: string, size?: number): Promise<string | null>;
  /** Whether `sha` is already cached or being read (a prefetch skips it). */
  has(sha: string): boolean;
  /** Caches a blob's text read another way (the GraphQL prefetch); null there means binary. */
  prime(sha: string, text: string | null): void;
  /** Why a blob read as null (binary, not UTF-8, too large), once read; null otherwise. */
  problem(sha: string): FileProblem | null;
  /** How many blobs were fetched one by one from the REST API (for logs and tests). */
  readonly fetched: number;
}

/** A regular file of a listed tree: its blob and the size the tree gives for it. */
export interface FileEntry {
  path: string;
  sha: string;
  size?: number;
}

/** A `Workspace` over the git data API at one commit, with what listing it cost. */
export interface ApiWorkspace extends Workspace {
  readonly sha: string;
  /** True when the tree was too large to list completely within the request budget. */
  readonly incomplete: boolean;
  /** Every regular file with its blob SHA and size (the same listing as `list`). */
  files(): Promise<FileEntry[]>;
}

interface TreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/** Creates the per-run blob store. Blobs are immutable, so the SHA is a perfect cache key. */
export function createBlobStore(octokit: GitHubClient, repo: RepoRef): BlobStore {
  const cache = new Map<string, Promise<string | null>>();
  const reads = createTextReads<string>();
  let fetched = 0;
  return {
    get fetched() {
      return fetched;
    },
    has(sha) {
      return cache.has(sha);
    },
    prime(sha, text) {
      if (text === null) reads.refuse(sha, binaryProblem());
      cache.set(sha, Promise.resolve(text));
    },
    problem: (sha) => reads.problem(sha),
    read(sha, size) {
      // Files over the limit are not fetched: the workspace's readProblem says so from the tree's size.
      if (size !== undefined && size > MAX_TEXT_BYTES) return Promise.resolve(null);
      const hit = cache.get(sha);
      if (hit) return hit;
      const pending = (async () => {
        fetched += 1;
        const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
        // The same decoder and limit as the CLI's, so a file reads (or is refused) the same way in both.
        return reads.read(sha, data.size ?? undefined, () =>
          Promise.resolve(Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8")),
        );
      })();
      // A failed read is not cached: a retry in a later run may succeed.
      pending.catch(() => cache.delete(sha));
      cache.set(sha, pending);
      return pending;
    },
  };
}

/**
 * A snapshot of `repo` at `sha`, listed with the git trees API and read through `blobs`.
 * For a fork PR, pass the base repository and the head SHA: GitHub keeps PR heads in the base repo.
 * The tree is fetched once, on first use.
 */
export function createApiWorkspace(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  blobs: BlobStore,
  log?: Log,
): ApiWorkspace {
  let incomplete = false;
  let tree: Promise<Map<string, TreeEntry>> | null = null;
  let loaded: Map<string, TreeEntry> | null = null;
  const load = (): Promise<Map<string, TreeEntry>> => {
    tree ??= listTree(octokit, repo, sha, log).then((result) => {
      incomplete = result.incomplete;
      loaded = result.files;
      return result.files;
    });
    return tree;
  };
  return {
    sha,
    get incomplete() {
      return incomplete;
    },
    async list() {
      return [...(await load()).keys()];
    },
    async files() {
      const files: FileEntry[] = [];
      for (const [path, entry] of await load()) {
        if (entry.sha !== undefined) files.push({ path, sha: entry.sha, size: entry.size });
      }
      return files;
    },
    async read(path) {
      const entry = (await load()).get(path);
      if (entry?.sha === undefined) return null;
      return blobs.read(entry.sha, entry.size);
    },
    readProblem(path) {
      const entry = loaded?.get(path);
      if (entry?.sha === undefined) return null;
      if (entry.size !== undefined && entry.size > MAX_TEXT_BYTES) return tooLargeProblem(entry.size);
      return blobs.problem(entry.sha);
    },
  };
}

async function listTree(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  log?: Log,
): Promise<{ files: Map<string, TreeEntry>; incomplete: boolean }> {
  // Right after a push GitHub may not serve the new commit yet: a 404 here is retried a few times.
  const { data } = await octokit.rest.git.getTree({
    ...repo,
    tree_sha: sha,
    recursive: "true",
    // A recursive tree can list 100,000 entries: parsed with JSON.parse (see retry.ts, plainJson).
    request: { retryNotFound: true, plainJson: true },
  });
  if (!data.truncated) return { files: filesOf(data.tree, ""), incomplete: false };

  // Over GitHub's limit for one recursive listing: walk the tree level by level, within a budget.
  log?.warn({ sha, ...repo }, "git tree truncated; listing it directory by directory");
  const files = new Map<string, TreeEntry>();
  const queue: Array<{ sha: string; prefix: string }> = [{ sha, prefix: "" }];
  let requests = 0;
  while (queue.length > 0) {
    if (requests >= MAX_TREE_REQUESTS) {
      log?.warn({ sha, ...repo, requests }, "tree listing stopped at its request budget");
      return { files, incomplete: true };
    }
    const next = queue.shift() as { sha: string; prefix: string };
    requests += 1;
    const level = await octokit.rest.git.getTree({
      ...repo,
      tree_sha: next.sha,
      request: { plainJson: true },
    });
    for (const [path, entry] of filesOf(level.data.tree, next.prefix)) files.set(path, entry);
    for (const entry of level.data.tree) {
      if (entry.type === "tree" && entry.sha && entry.path) {
        queue.push({ sha: entry.sha, prefix: `${next.prefix}${entry.path}/` });
      }
    }
  }
  return { files, incomplete: false };
}

/** Regular files only: submodules (`commit`) and symlinks (mode 120000) are not content we read. */
function filesOf(entries: TreeEntry[], prefix: string): Map<string, TreeEntry> {
  const files = new Map<string, TreeEntry>();
  for (const entry of entries) {
    if (entry.type !== "blob" || !entry.path || entry.mode === "120000") continue;
    files.set(`${prefix}${entry.path}`, entry);
  }
  return files;
}
