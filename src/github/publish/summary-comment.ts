import type { GitHubClient, RepoRef } from "../types.js";

/** An issue comment as the list endpoint returns it (the fields used here). */
interface IssueComment {
  id: number;
  body?: string;
  user: { type?: string } | null;
}

/** What happened to the summary comment in one run. */
export type SummaryOutcome = "created" | "updated" | "unchanged" | "none";

/**
 * The App's summary comment on a PR: a bot's comment carrying `marker` (paginated, the first wins;
 * a human quoting the marker does not count).
 */
async function findSummaryComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
): Promise<{ id: number; body: string } | null> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as IssueComment[];
  for (const comment of comments) {
    if (comment.user?.type === "Bot" && comment.body?.includes(marker))
      return { id: comment.id, body: comment.body };
  }
  return null;
}

/**
 * Keeps one living summary comment: created only when there is something to say (`body` non-null),
 * edited in place on later runs, and edited to `resolvedBody` when the findings are gone (given the
 * body it replaces, so it can say what was fixed). An edit that would change nothing is not sent.
 */
export async function publishSummaryComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  content: { marker: string; body: string | null; resolvedBody: string | ((previous: string) => string) },
): Promise<SummaryOutcome> {
  const existing = await findSummaryComment(octokit, repo, issueNumber, content.marker);
  const resolved = (previous: string): string =>
    typeof content.resolvedBody === "string" ? content.resolvedBody : content.resolvedBody(previous);
  const wanted = content.body ?? (existing ? resolved(existing.body) : null);
  if (wanted === null) return "none";
  if (existing === null) {
    await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: wanted });
    return "created";
  }
  if (existing.body === wanted) return "unchanged";
  await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: wanted });
  return "updated";
}
