import { isCandidatePath } from "../core/analyze.js";
import type { GitHubClient, RepoRef } from "./types.js";

/** A changed file of a PR (the fields used here). */
export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
}

/** Every changed file of a PR (paginated; GitHub lists at most 3000). */
export async function listPullFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<PullFile[]> {
  return (await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...repo,
    pull_number: pullNumber,
    per_page: 100,
  })) as PullFile[];
}

/**
 * Whether the change can alter what neox-check says: a config, a dependency source, NeoX's argument
 * files or the repo config, added, changed, removed or renamed (either name counts).
 */
export function touchesCandidates(files: PullFile[]): boolean {
  return files.some(
    (file) =>
      isCandidatePath(file.filename) ||
      (file.previous_filename !== undefined && isCandidatePath(file.previous_filename)),
  );
}
