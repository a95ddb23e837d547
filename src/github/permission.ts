import { httpStatusOf } from "./errors.js";
import type { GitHubClient, RepoRef } from "./types.js";

const WRITERS = new Set(["admin", "maintain", "write"]);

/**
 * Whether `username` may run `/neox-check`: write, maintain or admin on the repository, asked of
 * GitHub (`author_association` does not reflect team or org roles). The API's `permission` field folds
 * `maintain` into `write` and `triage` into `read`; `role_name` keeps the real role, including custom
 * roles, so either saying write or above is enough. Not a collaborator (404) means no.
 */
export async function canRunCommands(
  octokit: GitHubClient,
  repo: RepoRef,
  username: string,
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const role = (data as { role_name?: string }).role_name;
    return WRITERS.has(data.permission) || (role !== undefined && WRITERS.has(role));
  } catch (error) {
    if (httpStatusOf(error) === 404) return false;
    throw error;
  }
}
