import type { CommitResolver, RefResolution, ResolvedCommit } from "../model/index.js";
import { DEEPERSPEED_REPO } from "./repositories.js";

/** Git accepts abbreviated SHAs; below 7 hex digits a ref is too likely to collide or to be a name. */
const MIN_SHORT_SHA = 7;
const DEFAULT_REPOSITORY = DEEPERSPEED_REPO;

export interface TableResolverOptions {
  /** The repository the table describes, `owner/name`; other repositories are not resolved. */
  repository?: string;
}

/** `https://github.com/EleutherAI/DeeperSpeed.git`, `EleutherAI/deeperspeed` -> `eleutherai/deeperspeed`. */
function normaliseRepo(repo: string): string {
  return repo
    .trim()
    .replace(/^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com\//i, "")
    .replace(/^git@github\.com:/i, "")
    .replace(/\.git$/i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}

function short(sha: string): string {
  return sha.slice(0, 8);
}

/** The row as an answer: only the asked ancestors, and only those the table has a column for. */
function answer(row: ResolvedCommit, ancestors: string[]): RefResolution {
  const contains: Record<string, boolean> = {};
  for (const ancestor of ancestors) {
    const wanted = ancestor.toLowerCase();
    for (const [sha, value] of Object.entries(row.contains)) {
      if (sha.toLowerCase() === wanted) contains[ancestor] = value;
    }
  }
  return { ok: true, commit: { ...row, tags: [...row.tags], contains, via: "table" } };
}

/**
 * The offline resolver over the shipped DeeperSpeed commit table. A ref resolves when it is a full
 * SHA in the table, a unique abbreviation of one (7 hex digits or more, any case), or one of the
 * table's tags (`v3.0`; tags are case-sensitive, as in git). A branch name (`main`), an unknown
 * commit or an ambiguous abbreviation is `{ ok: false }` with a reason that says what is unknown.
 * Ancestry answers come only from the table's own columns (does the commit contain the bug commit,
 * the fix commit); anything else is left out, which means unknown.
 */
export function createTableResolver(
  commits: ResolvedCommit[],
  options: TableResolverOptions = {},
): CommitResolver {
  const repository = options.repository ?? DEFAULT_REPOSITORY;
  return {
    resolve(repo: string, ref: string, ancestors: string[]): Promise<RefResolution> {
      return Promise.resolve(resolveFromTable(commits, repository, repo, ref, ancestors));
    },
  };
}

function resolveFromTable(
  commits: ResolvedCommit[],
  repository: string,
  repo: string,
  ref: string,
  ancestors: string[],
): RefResolution {
  if (normaliseRepo(repo) !== normaliseRepo(repository)) {
    return { ok: false, reason: `no offline commit table for ${repo}; only ${repository} is known` };
  }
  const wanted = ref.trim();
  if (wanted === "") return { ok: false, reason: "the ref is empty" };
  const tagged = commits.find((c) => c.tags.includes(wanted));
  if (tagged) return answer(tagged, ancestors);
  if (/^[0-9a-f]+$/i.test(wanted) && wanted.length >= MIN_SHORT_SHA && wanted.length <= 40) {
    const prefix = wanted.toLowerCase();
    const matches = commits.filter((c) => c.sha.toLowerCase().startsWith(prefix));
    const [only] = matches;
    if (matches.length === 1 && only) return answer(only, ancestors);
    if (matches.length > 1) {
      const which = matches.map((c) => short(c.sha)).join(", ");
      return { ok: false, reason: `commit ${wanted} is ambiguous in the ${repository} table (${which})` };
    }
    return {
      ok: false,
      reason: `commit ${wanted} is not in the shipped ${repository} table, so its ancestry is unknown offline`,
    };
  }
  return {
    ok: false,
    reason: `${wanted} is not a commit or tag in the shipped ${repository} table (a branch moves, so the commit it installs is unknown)`,
  };
}
