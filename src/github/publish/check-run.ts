import type { GitHubClient, RepoRef } from "../types.js";
import { MAX_ANNOTATIONS } from "../../report/check-run.js";

/** The check's name: stable, so branch protection can require it. */
export const CHECK_NAME = "neox-check";

/** GitHub accepts at most 50 annotations per check run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** GitHub rejects check run `summary`/`text` longer than 65535 characters. */
export const MAX_OUTPUT_CHARS = 65_535;

/** A check run annotation as the Checks API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export type CheckConclusion = "success" | "failure" | "neutral";

/** The final state of a check run. */
export interface CheckResult {
  title: string;
  summary: string;
  text?: string;
  conclusion: CheckConclusion;
  annotations?: CheckAnnotation[];
}

/** Creates the `neox-check` run `in_progress` on the head SHA: it shows up on the PR at once. */
export async function startCheckRun(octokit: GitHubClient, repo: RepoRef, headSha: string): Promise<number> {
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
