import type { CommitResolver, RefResolution, ResolvedCommit } from "../core/model/index.js";
import { LRUCache } from "lru-cache";
import type { GitHubClient, Log } from "./types.js";

/** The only fork the online resolver asks GitHub about. */
export const DEEPERSPEED = { owner: "EleutherAI", repo: "DeeperSpeed" } as const;

const FULL_SHA = /^[0-9a-f]{40}$/i;

/**
 * What the resolver remembers across runs. Commits are immutable, so answers keyed by full SHA never
 * go stale; a bounded LRU keeps a long-running server's memory flat.
 */
export interface CompareCache {
  /** `ref` (a full SHA, or a short SHA that once resolved) -> full SHA. */
  shas: LRUCache<string, string>;
  /** `${sha}...${ancestor}` -> whether `sha` contains `ancestor`. */
  contains: LRUCache<string, boolean>;
}

/** A process-wide cache for `createCompareResolver`. */
export function createCompareCache(max = 5000): CompareCache {
  return { shas: new LRUCache({ max }), contains: new LRUCache({ max: max * 4 }) };
}

/**
 * Resolves EleutherAI/DeeperSpeed refs through GitHub: `GET /repos/{o}/{r}/commits/{ref}` for the full
 * SHA, and `GET /repos/{o}/{r}/compare/{ancestor}...{sha}` for ancestry (`ahead`/`identical`: the
 * commit contains the ancestor; `behind`/`diverged`: it does not). Any failure is `{ ok: false }`, so
 * the finding stays "unknown" instead of the run breaking. Chained after the shipped table.
 */
export function createCompareResolver(octokit: GitHubClient, cache: CompareCache, log?: Log): CommitResolver {
  return {
    async resolve(repo, ref, ancestors): Promise<RefResolution> {
      if (repo.toLowerCase() !== `${DEEPERSPEED.owner}/${DEEPERSPEED.repo}`.toLowerCase()) {
        return {
          ok: false,
          reason: `${repo} is not resolved online (only ${DEEPERSPEED.owner}/${DEEPERSPEED.repo} is)`,
        };
      }
      let sha: string;
      try {
        sha = await fullSha(octokit, cache, ref);
      } catch (error) {
        log?.info({ ref, err: describe(error) }, "DeeperSpeed ref did not resolve online");
        return { ok: false, reason: `GitHub could not resolve ${ref} in ${repo}: ${describe(error)}` };
      }
      const contains: Record<string, boolean> = {};
      for (const ancestor of ancestors) {
        try {
          contains[ancestor] = await containsCommit(octokit, cache, sha, ancestor);
        } catch (error) {
          // Missing from `contains` means "not known": the rule then says the finding is unknown.
          log?.info({ sha, ancestor, err: describe(error) }, "DeeperSpeed compare failed");
        }
      }
      const commit: ResolvedCommit = {
        sha,
        versionTxt: null,
        tags: [],
        contains,
        via: "github",
      };
      return { ok: true, commit };
    },
  };
}

async function fullSha(octokit: GitHubClient, cache: CompareCache, ref: string): Promise<string> {
  if (FULL_SHA.test(ref)) return ref.toLowerCase();
  const hit = cache.shas.get(ref);
  if (hit) return hit;
  const { data } = await octokit.rest.repos.getCommit({ ...DEEPERSPEED, ref, per_page: 1 });
  const sha = data.sha.toLowerCase();
  // Only SHA-looking refs are cached: a tag or branch name can move.
  if (/^[0-9a-f]{7,39}$/i.test(ref)) cache.shas.set(ref, sha);
  return sha;
}

async function containsCommit(
  octokit: GitHubClient,
  cache: CompareCache,
  sha: string,
  ancestor: string,
): Promise<boolean> {
  const key = `${sha}...${ancestor.toLowerCase()}`;
  const hit = cache.contains.get(key);
  if (hit !== undefined) return hit;
  if (sha === ancestor.toLowerCase()) return true;
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    ...DEEPERSPEED,
    basehead: `${ancestor}...${sha}`,
    per_page: 1,
  });
  let answer: boolean;
  switch (data.status) {
    case "ahead":
    case "identical":
      answer = true;
      break;
    case "behind":
    case "diverged":
      answer = false;
      break;
    default:
      throw new Error(`unexpected compare status ${String(data.status)}`);
  }
  cache.contains.set(key, answer);
  return answer;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "status" in error) {
    const status = (error as { status: unknown }).status;
    const message = error instanceof Error ? error.message : "";
    return `HTTP ${String(status)}${message ? ` ${message.split("\n")[0]}` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}
