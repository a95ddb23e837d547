import type { GitHubClient, RepoRef } from "../types.js";
import { MAX_ANNOTATIONS, type Annotation } from "../../report/check-run.js";

/** The check's name: stable, so branch protection can require it. */
export const CHECK_NAME = "neox-check";

/** GitHub accepts at most 50 annotations per check run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** GitHub rejects check run `summary`/`text` longer than 65535 characters. */
export const MAX_OUTPUT_CHARS = 65_535;

/** A check run annotation as the Checks API takes it: the report's shape, whose title the API makes optional. */
export type CheckAnnotation = Omit<Annotation, "title"> & Partial<Pick<Annotation, "title">>;

export type CheckConclusion = "success" | "failure" | "neutral" | "action_required";

/** What a run that cannot finish concludes (`on_error`): both block a required check. */
export type ErrorConclusion = "failure" | "action_required";

/** A button on the check run (`check_run.requested_action` when pressed). */
export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

/** The final state of a check run. */
export interface CheckResult {
  title: string;
  summary: string;
  text?: string;
  conclusion: CheckConclusion;
  annotations?: CheckAnnotation[];
  actions?: CheckAction[];
}

/**
 * Creates the `neox-check` run `in_progress` on the head SHA: it shows up on the PR at once. A create
 * that failed without a rate-limit answer may still have happened on GitHub's side, so before trying
 * again the head's `in_progress` runs of this check are looked up and reused: one check run per head.
 */
export async function startCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
  attempts = 5,
): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createCheckRun(octokit, repo, headSha);
    } catch (error) {
      if (attempt >= attempts) throw error;
      const existing = await findInProgressRun(octokit, repo, headSha).catch(() => null);
      if (existing !== null) return existing;
    }
  }
}

/** The newest `in_progress` run of this check on `headSha`, or null. */
async function findInProgressRun(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
): Promise<number | null> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repo,
    ref: headSha,
    check_name: CHECK_NAME,
    status: "in_progress",
    per_page: 10,
  });
  return data.check_runs[0]?.id ?? null;
}

async function createCheckRun(octokit: GitHubClient, repo: RepoRef, headSha: string): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    output: {
      title: "Checking…",
      summary: "neox-check is reading the configs and dependency pins of this pull request.",
    },
  });
  return data.id;
}

/**
 * Completes the check run. Annotations go in batches of 50 (each update appends); the last request
 * carries the conclusion, so the run is never `completed` with half its annotations. Annotations over
 * `MAX_ANNOTATIONS` are dropped and the summary says how many.
 */
export async function completeCheckRun(
  octokit: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  result: CheckResult,
): Promise<{ requests: number; annotations: number }> {
  const all = result.annotations ?? [];
  const kept = all.slice(0, MAX_ANNOTATIONS);
  let summary = result.summary;
  if (all.length > kept.length) {
    summary += `\n\n_${all.length - kept.length} more annotations were not added (GitHub shows ${MAX_ANNOTATIONS} at most here); every finding is listed above._`;
  }
  const output = {
    title: truncate(result.title, 255),
    summary: truncate(summary, MAX_OUTPUT_CHARS),
    ...(result.text ? { text: truncate(result.text, MAX_OUTPUT_CHARS) } : {}),
  };
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < kept.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(kept.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  let requests = 0;
  for (const [index, batch] of batches.entries()) {
    const last = index === batches.length - 1;
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      output: batch.length > 0 ? { ...output, annotations: batch } : output,
      ...(last
        ? {
            status: "completed" as const,
            conclusion: result.conclusion,
            completed_at: new Date().toISOString(),
            ...(result.actions ? { actions: result.actions } : {}),
          }
        : {}),
    });
    requests += 1;
  }
  return { requests, annotations: kept.length };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n… (truncated)";
  return text.slice(0, max - note.length) + note;
}
