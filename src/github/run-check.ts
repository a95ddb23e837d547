import type { Context } from "probot";
import { analyze } from "../core/analyze.js";
import type { Report } from "../core/model/index.js";
import { createApiWorkspace, createBlobStore } from "./api-workspace.js";
import { createCompareResolver } from "./compare-resolver.js";
import { diffLinesByPath } from "./diff-lines.js";
import { summarizeError } from "./errors.js";
import { loadRepoConfigForRun } from "./load-repo-config.js";
import { mergeBaseOf } from "./merge-base.js";
import { prefetchCandidateBlobs } from "./prefetch-blobs.js";
import { completeCheckRun, startCheckRun, type CheckResult } from "./publish/check-run.js";
import { publishReview } from "./publish/review.js";
import { publishSummaryComment } from "./publish/summary-comment.js";
import { listPullFiles, touchesCandidates } from "./pull-files.js";
import {
  SUMMARY_MARKER,
  hasSomethingToSay,
  parseFindingMarker,
  presentFingerprints,
  renderCheckRun,
  renderResolvedComment,
  renderReviewBody,
  renderReviewComments,
  renderSummaryComment,
} from "./render.js";
import type { AppState } from "./state.js";
import type { GitHubClient, Log, RepoRef } from "./types.js";
import { readFindingLines } from "../core/finding-lines.js";

/** What a run needs from the webhook context: the client, the base repository, the delivery. */
export interface RunContext {
  /** The delivery id (`x-github-delivery`). */
  id: string;
  octokit: GitHubClient;
  log: Log;
  /** The base repository: everything, fork heads included, is read through it. */
  repo: RepoRef;
  /** The repository's web address, for links to lines (`https://github.com/o/r`, or the GHE host). */
  repoUrl: string;
  /** Probot's `context.config`. */
  config: Context["config"];
}

/** The pull request fields a run needs (from a payload or `pulls.get`). */
export interface PullRef {
  number: number;
  state: string;
  head: { sha: string };
  base: { sha: string };
}

export type RunOutcome = "nothing-to-check" | "checked" | "superseded" | "config-broken";

/** Builds a `RunContext` from any Probot context of an event that carries a repository. */
export function runContextOf(
  context: Context<"pull_request" | "issue_comment" | "check_run" | "check_suite">,
): RunContext {
  const { repository } = context.payload;
  return {
    id: context.id,
    octokit: context.octokit,
    log: context.log,
    repo: { owner: repository.owner.login, repo: repository.name },
    repoUrl: repository.html_url,
    config: context.config.bind(context),
  };
}

/**
 * One run of neox-check on a PR head: the check run appears `in_progress` at once, the run waits its
 * turn behind earlier runs of the same PR, and the check run always ends `completed`, whatever fails.
 * An internal failure completes it `neutral` with the error and GitHub's request id, then rethrows.
 */
export async function runCheck(ctx: RunContext, state: AppState, pull: PullRef): Promise<RunOutcome> {
  const headSha = pull.head.sha;
  const key = pullKey(ctx.repo, pull.number);
  const log = ctx.log.child({ pr: pull.number, headSha });
  const checkRunId = await startCheckRun(ctx.octokit, ctx.repo, headSha);
  state.latestHead.set(key, headSha);

  return state.queue.run(key, async () => {
    let completed = false;
    const complete = async (result: CheckResult): Promise<void> => {
      await completeCheckRun(ctx.octokit, ctx.repo, checkRunId, result);
      completed = true;
    };
    try {
      if (state.latestHead.get(key) !== headSha) {
        await complete(supersededResult());
        return "superseded";
      }
      return await checkPull(ctx, state, pull, log, complete, checkRunUrl(ctx.repoUrl, checkRunId));
    } catch (error) {
      log.error({ err: error }, "neox-check run failed");
      if (!completed) await complete(internalErrorResult(error, ctx.id));
      // Failing the delivery too: GitHub then shows it as failed and it can be redelivered.
      throw error;
    } finally {
      if (!completed) {
        // Reached only when completing with the error result failed too: one last, minimal attempt.
        await completeCheckRun(
          ctx.octokit,
          ctx.repo,
          checkRunId,
          internalErrorResult(new Error("could not publish the result"), ctx.id),
        ).catch((error: unknown) => log.error({ err: error }, "could not complete the check run"));
      }
    }
  });
}

async function checkPull(
  ctx: RunContext,
  state: AppState,
  pull: PullRef,
  log: Log,
  complete: (result: CheckResult) => Promise<void>,
  checksUrl: string,
): Promise<RunOutcome> {
  const { octokit, repo } = ctx;
  const headSha = pull.head.sha;
  const files = await listPullFiles(octokit, repo, pull.number);
  if (!touchesCandidates(files)) {
    await complete(nothingToCheckResult());
    await resolveLeftoverSummary(ctx, pull, log);
    return "nothing-to-check";
  }

  const loaded = await loadRepoConfigForRun({ config: ctx.config }, octokit, repo);
  if (loaded.kind === "broken") {
    await complete(brokenConfigResult(loaded.message));
    return "config-broken";
  }

  const baseSha = await mergeBaseOf(octokit, repo, pull.base.sha, headSha, log);
  const blobs = createBlobStore(octokit, repo);
  const head = createApiWorkspace(octokit, repo, headSha, blobs, log);
  const base = createApiWorkspace(octokit, repo, baseSha, blobs, log);
  // One GraphQL request per chunk instead of one REST request per blob; the store reads the rest.
  await prefetchCandidateBlobs(octokit, repo, blobs, [head, base], log);
  const report = await analyze(head, {
    base,
    repoConfig: loaded.repoConfig,
    resolver: createCompareResolver(octokit, state.compareCache, log),
    today: state.today(),
  });
  log.info({ findings: report.findings.length, blobs: blobs.fetched, baseSha }, "analysed");

  if (await isSuperseded(ctx, state, pull)) {
    await complete(supersededResult());
    return "superseded";
  }

  const link = { repoUrl: ctx.repoUrl, headSha };
  const headPaths = new Set(await head.list());
  const lineText = await readFindingLines(head, report);
  const rendered = renderCheckRun(report, link, { lineText });
  await complete({
    ...rendered,
    // An annotation on a path the head does not have (a config elsewhere) would fail the request.
    annotations: rendered.annotations.filter((a) => headPaths.has(a.path)),
  });

  await publishOutputs(ctx, state, pull, report, files, lineText, log, checksUrl);
  return "checked";
}

/** The summary comment and the review. Their failures are logged: the check run already tells the result. */
async function publishOutputs(
  ctx: RunContext,
  state: AppState,
  pull: PullRef,
  report: Report,
  files: Array<{ filename: string; patch?: string }>,
  lineText: (path: string, line: number) => string | null,
  log: Log,
  checkRunUrl: string,
): Promise<void> {
  const link = { repoUrl: ctx.repoUrl, headSha: pull.head.sha };
  try {
    const outcome = await publishSummaryComment(ctx.octokit, ctx.repo, pull.number, {
      marker: SUMMARY_MARKER,
      body: hasSomethingToSay(report) ? renderSummaryComment(report, link, { lineText, checkRunUrl }) : null,
      resolvedBody: (previous) => renderResolvedComment(report, link, { previous, checkRunUrl }),
    });
    log.info({ outcome }, "summary comment");
  } catch (error) {
    log.error({ err: error }, "could not publish the summary comment");
  }

  try {
    const diff = diffLinesByPath(files);
    const { comments } = renderReviewComments(report, { diff, lineText, link });
    const outcome = await publishReview(
      ctx.octokit,
      ctx.repo,
      pull.number,
      {
        headSha: pull.head.sha,
        comments,
        current: presentFingerprints(report),
        parseMarker: parseFindingMarker,
        reviewBody: renderReviewBody(comments.length),
        minimized: state.minimized,
      },
      log,
    );
    log.info(outcome, "review");
  } catch (error) {
    log.error({ err: error }, "could not publish the review");
  }
}

/** A PR that no longer touches anything relevant: an old summary comment must not keep claiming findings. */
async function resolveLeftoverSummary(ctx: RunContext, pull: PullRef, log: Log): Promise<void> {
  try {
    const link = { repoUrl: ctx.repoUrl, headSha: pull.head.sha };
    await publishSummaryComment(ctx.octokit, ctx.repo, pull.number, {
      marker: SUMMARY_MARKER,
      body: null,
      resolvedBody: (previous) => renderResolvedComment(emptyReport(), link, { previous }),
    });
  } catch (error) {
    log.error({ err: error }, "could not update the summary comment");
  }
}

/** The check run's page (`https://github.com/o/r/runs/123`): where the summary comment sends readers. */
function checkRunUrl(repoUrl: string, checkRunId: number): string {
  return `${repoUrl.replace(/\/+$/, "")}/runs/${checkRunId}`;
}

/** Whether a newer push made this head stale: the PR is asked again just before publishing. */
async function isSuperseded(ctx: RunContext, state: AppState, pull: PullRef): Promise<boolean> {
  if (state.latestHead.get(pullKey(ctx.repo, pull.number)) !== pull.head.sha) return true;
  const { data } = await ctx.octokit.rest.pulls.get({ ...ctx.repo, pull_number: pull.number });
  return data.head.sha !== pull.head.sha || data.state !== "open";
}

/** The key of a PR in `state.latestHead` and `state.queue`. */
function pullKey(repo: RepoRef, number: number): string {
  return `${repo.owner}/${repo.repo}#${number}`;
}

function emptyReport(): Report {
  return {
    findings: [],
    diagnostics: [],
    files: { configs: [], dependencies: [] },
    environment: { neox: "not read", deepspeed: "not read" },
    compared: true,
    failOn: "error",
    scope: "new",
    failed: false,
  };
}

function nothingToCheckResult(): CheckResult {
  return {
    title: "Nothing to check",
    summary:
      "This pull request changes no GPT-NeoX config, Python dependency pin or neox-check configuration, so there is nothing for neox-check to look at.",
    conclusion: "success",
  };
}

function supersededResult(): CheckResult {
  return {
    title: "Superseded by a newer push",
    summary:
      "A newer commit was pushed to this pull request while this one was being checked; see the check run on the newest commit.",
    conclusion: "neutral",
  };
}

function brokenConfigResult(message: string): CheckResult {
  return {
    title: "Invalid neox-check configuration",
    summary: `The neox-check configuration could not be loaded, so this pull request was not checked.\n\n> ${message.replace(/\n/g, " ")}\n\nFix the file named above (\`.github/neox-check.yml\`, or the file its \`_extends\` points to).`,
    conclusion: "failure",
  };
}

function internalErrorResult(error: unknown, deliveryId: string): CheckResult {
  const { message, status, requestId } = summarizeError(error);
  const lines = [
    "neox-check hit an internal error and could not finish checking this commit. This is a problem in neox-check or in reaching GitHub, not in your pull request.",
    "",
    `- Error: ${message.replace(/[<>`]/g, "")}${status !== null ? ` (HTTP ${status})` : ""}`,
    `- GitHub request id: ${requestId !== null ? `\`${requestId}\`` : "none"}`,
    `- Delivery: \`${deliveryId}\``,
    "",
    "Use **Re-run** on this check, or comment `/neox-check`, to try again.",
  ];
  return { title: "neox-check could not finish", summary: lines.join("\n"), conclusion: "neutral" };
}
