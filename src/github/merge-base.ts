import type { GitHubClient, Log, RepoRef } from "./types.js";

/**
 * The commit the PR's diff is taken against. Comparing with the base branch's tip would blame the PR
 * for whatever the base branch fixed since it forked; the merge base does not. Falls back to the base
 * SHA if GitHub cannot compare.
 */
export async function mergeBaseOf(
  octokit: GitHubClient,
  repo: RepoRef,
  baseSha: string,
  headSha: string,
  log?: Log,
): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${baseSha}...${headSha}`,
      per_page: 1,
    });
    return data.merge_base_commit.sha;
  } catch (error) {
    log?.warn(
      { baseSha, headSha, err: error instanceof Error ? error.message : String(error) },
      "merge base unknown; comparing with the base SHA",
    );
    return baseSha;
  }
}
