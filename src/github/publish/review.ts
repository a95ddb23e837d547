import type { LRUCache } from "lru-cache";
import type { GitHubClient, Log, RepoRef } from "../types.js";

/** At most this many inline comments in one review; the summary lists everything. */
export const MAX_REVIEW_COMMENTS = 30;

/** At most this many outdated comments minimized per run (each is one GraphQL request). */
export const MAX_MINIMIZE_PER_RUN = 20;

/** One inline comment to post: on a head line of the diff, tagged with its finding's fingerprint. */
export interface InlineComment {
  path: string;
  line: number;
  body: string;
  fingerprint: string;
}

interface ReviewComment {
  id: number;
  node_id: string;
  body: string;
  user: { type?: string } | null;
}

export interface ReviewInput {
  headSha: string;
  /** New findings placed on diff lines, as the renderer produced them. */
  comments: InlineComment[];
  /** Fingerprints of findings present on the head (new or inherited, not suppressed). */
  current: Set<string>;
  /** Reads the fingerprint marker out of a comment body. */
  parseMarker: (body: string) => string | null;
  /** The review's own body. */
  reviewBody: string;
  /** Comments (node ids) already minimized by this process: not minimized twice. */
  minimized: LRUCache<string, true>;
}

export interface ReviewOutcome {
  posted: number;
  alreadyCommented: number;
  minimized: number;
}

const MINIMIZE = `mutation ($id: ID!) {
  minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } }
}`;

/**
 * One review (event COMMENT) per run with inline comments for findings not commented on before;
 * earlier comments whose finding is gone are minimized as outdated. Nothing is posted when there is
 * nothing new.
 */
export async function publishReview(
  octokit: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  input: ReviewInput,
  log?: Log,
): Promise<ReviewOutcome> {
  const existing = (await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    ...repo,
    pull_number: pullNumber,
    per_page: 100,
  })) as ReviewComment[];
  const ours: Array<{ comment: ReviewComment; fingerprint: string }> = [];
  for (const comment of existing) {
    if (comment.user?.type !== "Bot") continue;
    const fingerprint = input.parseMarker(comment.body ?? "");
    if (fingerprint !== null) ours.push({ comment, fingerprint });
  }
  const commented = new Set(
    ours.filter((o) => !input.minimized.has(o.comment.node_id)).map((o) => o.fingerprint),
  );
  const fresh: InlineComment[] = [];
  const inThisReview = new Set<string>();
  for (const comment of input.comments) {
    if (commented.has(comment.fingerprint) || inThisReview.has(comment.fingerprint)) continue;
    inThisReview.add(comment.fingerprint);
    fresh.push(comment);
  }
  const toPost = fresh.slice(0, MAX_REVIEW_COMMENTS);
  if (toPost.length > 0) {
    await octokit.rest.pulls.createReview({
      ...repo,
      pull_number: pullNumber,
      commit_id: input.headSha,
      event: "COMMENT",
      body: input.reviewBody,
      comments: toPost.map((c) => ({ path: c.path, line: c.line, side: "RIGHT" as const, body: c.body })),
    });
  }

  let minimized = 0;
  for (const { comment, fingerprint } of ours) {
    if (input.current.has(fingerprint) || input.minimized.has(comment.node_id)) continue;
    if (minimized >= MAX_MINIMIZE_PER_RUN) break;
    try {
      await octokit.graphql(MINIMIZE, { id: comment.node_id });
      input.minimized.set(comment.node_id, true);
      minimized += 1;
    } catch (error) {
      log?.warn(
        { commentId: comment.id, err: error instanceof Error ? error.message : String(error) },
        "could not minimize an outdated comment",
      );
    }
  }
  return { posted: toPost.length, alreadyCommented: input.comments.length - fresh.length, minimized };
}
