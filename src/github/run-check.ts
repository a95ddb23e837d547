import type { Context } from "probot";
import type { Report } from "../core/model/index.js";
import { createApiWorkspace, createBlobStore } from "./api-workspace.js";
import { createCompareResolver } from "./compare-resolver.js";
import { diffLinesByPath } from "./diff-lines.js";
import { httpStatusOf, summarizeError } from "./errors.js";
import { loadRepoConfigForRun } from "./load-repo-config.js";
import { mergeBaseOf } from "./merge-base.js";
import { prefetchCandidateBlobs } from "./prefetch-blobs.js";
import {
  completeCheckRun,
  startCheckRun,
  type CheckResult,
  type ErrorConclusion,
} from "./publish/check-run.js";
import { repoConfigSchema } from "../core/engine/repo-config.js";
import { AnalysisLimitError } from "./analyzer.js";
import { withRunBudget } from "./retry.js";
import { sweepStaleRuns } from "./sweep.js";
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
import { readFindingLines } from "../adapters/finding-lines.js";
import {
  RERUN_ACTION,
  renderBrokenConfig,
  renderNothingToCheck,
  renderRunFailure,
  renderSuperseded,
} from "../report/check-run-outcomes.js";

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

export type RunOutcome = "nothing-to-check" | "checked" | "superseded" | "config-broken" | "failed";

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
 * turn behind earlier runs of the same PR, and the check run always ends `completed`, whatever fails:
 * an internal failure, a GitHub that keeps failing past the retries, or a run over its budget ends
 * with the repository's `on_error` conclusion (failure by default, never a passing one), the reason,
 * GitHub's request id and a Re-run button. Never throws: the webhook was answered long ago.
 */
export async function runCheck(ctx: RunContext, state: AppState, pull: PullRef): Promise<RunOutcome> {
  const headSha = pull.head.sha;
  const key = pullKey(ctx.repo, pull.number);
  const log = ctx.log.child({ pr: pull.number, headSha });
  state.latestHead.set(key, headSha);
  let onError: ErrorConclusion = "failure";

  return withRunBudget(state.runBudgetMs, async () => {
    if (state.sweepStale) await sweepStaleRuns(ctx, state, log);
    let checkRunId: number;
    try {
      checkRunId = await startCheckRun(ctx.octokit, ctx.repo, headSha);
    } catch (error) {
      // Nothing is in progress: GitHub shows no check, the required check stays pending (not passing).
      log.error({ err: errorMeta(error) }, "could not create the check run");
      return "failed";
    }
    const inFlight = {
      octokit: ctx.octokit,
      repo: ctx.repo,
      checkRunId,
      headSha,
      deliveryId: ctx.id,
      onError: () => onError,
    };
    state.inFlight.set(checkRunId, inFlight);
    let completed = false;
    const complete = async (result: CheckResult): Promise<void> => {
      await completeCheckRun(ctx.octokit, ctx.repo, checkRunId, result);
      completed = true;
    };
    try {
      return await state.queue.run(key, () =>
        withinBudget(state.runBudgetMs, async () => {
          return await checkPull(
            ctx,
            state,
            pull,
            log,
            complete,
            (choice) => (onError = choice),
            checkRunUrl(ctx.repoUrl, checkRunId),
          );
        }),
      );
    } catch (error) {
      log.error({ err: errorMeta(error) }, "neox-check run failed");
      // A failed delivery may be redelivered by hand: let that one through.
      await state.deliveries.release(ctx.id).catch(() => undefined);
      if (!completed) {
        await withRunBudget(60_000, () => complete(internalErrorResult(error, ctx.id, onError))).catch(
          (again: unknown) => log.error({ err: errorMeta(again) }, "could not complete the check run"),
        );
      }
      return "failed";
    } finally {
      state.inFlight.delete(checkRunId);
      if (!completed) {
        // Reached only when completing with the error result failed too: one last, minimal attempt.
        // If it fails as well, the sweep completes the run on the next event or restart.
        await withRunBudget(60_000, () =>
          completeCheckRun(
            ctx.octokit,
            ctx.repo,
            checkRunId,
            internalErrorResult(new Error("could not publish the result"), ctx.id, onError),
          ),
        ).catch((error: unknown) => log.error({ err: errorMeta(error) }, "could not complete the check run"));
      }
    }
  });
}

/** Rejects with a budget error when `task` takes longer than `ms`. */
async function withinBudget<T>(ms: number, task: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the run took longer than its budget of ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([task(), overrun]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a log line keeps of an error: never a whole request or response. */
export function errorMeta(error: unknown): Record<string, unknown> {
  const { message, status, requestId } = summarizeError(error);
  return { message, status, requestId };
}

async function checkPull(
  ctx: RunContext,
  state: AppState,
  pull: PullRef,
  log: Log,
  complete: (result: CheckResult) => Promise<void>,
  setOnError: (choice: ErrorConclusion) => void,
  checksUrl: string,
): Promise<RunOutcome> {
  const { octokit, repo } = ctx;
  const headSha = pull.head.sha;
  const files = await listPullFiles(octokit, repo, pull.number);
  if (!touchesCandidates(files)) {
    await complete(renderNothingToCheck());
    await resolveLeftoverSummary(ctx, pull, log);
    return "nothing-to-check";
  }

  const loaded = await loadRepoConfigForRun({ config: ctx.config }, octokit, repo);
  if (loaded.kind === "ok") setOnError(onErrorOf(loaded.repoConfig?.value));
  if (loaded.kind === "broken") {
    await complete(renderBrokenConfig(loaded.message));
    return "config-broken";
  }

  const baseSha = await mergeBaseOf(octokit, repo, pull.base.sha, headSha, log);
  const blobs = createBlobStore(octokit, repo);
  const head = createApiWorkspace(octokit, repo, headSha, blobs, log);
  const base = createApiWorkspace(octokit, repo, baseSha, blobs, log);
  // One GraphQL request per chunk instead of one REST request per blob; the store reads the rest.
  await prefetchCandidateBlobs(octokit, repo, blobs, [head, base], log);
  // Listed here, with retries, so that a GitHub failure is not mistaken for the analysis' fault.
  await Promise.all([head.list(), base.list()]);
  const report = await state.analyzer.analyze(head, {
    base,
    repoConfig: loaded.repoConfig,
    resolver: createCompareResolver(octokit, state.compareCache, log),
    today: state.today(),
  });
  log.info({ findings: report.findings.length, blobs: blobs.fetched, baseSha }, "analysed");

  if (await isSuperseded(ctx, state, pull)) {
    await complete(renderSuperseded());
    return "superseded";
  }

  const link = { repoUrl: ctx.repoUrl, headSha };
  const headPaths = new Set(await head.list());
  const lineText = await readFindingLines(head, report);
  const rendered = renderCheckRun(report, link, { lineText });
  const lost = await publishOutputs(ctx, state, pull, report, files, lineText, log, checksUrl);
  await complete({
    ...rendered,
    ...(lost.length > 0
      ? { text: [rendered.text ?? "", lostOutputsNote(lost)].filter(Boolean).join("\n\n") }
      : {}),
    // A lost summary is itself a reason not to pass silently: the check says so and offers a re-run.
    ...(lost.length > 0 ? { actions: [RERUN_ACTION] } : {}),
    // An annotation on a path the head does not have (a config elsewhere) would fail the request.
    annotations: rendered.annotations.filter((a) => headPaths.has(a.path)),
  });
  return "checked";
}

/** An output that could not be posted, for the note on the check run. */
interface LostOutput {
  what: string;
  error: unknown;
}

/**
 * The summary comment and the review, each retried a few times with backoff (a retry first looks for
 * what an earlier attempt may have posted, so nothing is posted twice). What still fails is returned,
 * and the check run says so: no output is dropped silently.
 */
async function publishOutputs(
  ctx: RunContext,
  state: AppState,
  pull: PullRef,
  report: Report,
  files: Array<{ filename: string; patch?: string }>,
  lineText: (path: string, line: number) => string | null,
  log: Log,
  checkRunUrl: string,
): Promise<LostOutput[]> {
  const link = { repoUrl: ctx.repoUrl, headSha: pull.head.sha };
  const lost: LostOutput[] = [];
  try {
    const outcome = await publishWithRetries(state, log, "summary comment", () =>
      publishSummaryComment(ctx.octokit, ctx.repo, pull.number, {
        marker: SUMMARY_MARKER,
        body: hasSomethingToSay(report)
          ? renderSummaryComment(report, link, { lineText, checkRunUrl })
          : null,
        resolvedBody: (previous) => renderResolvedComment(report, link, { previous, checkRunUrl }),
      }),
    );
    log.info({ outcome }, "summary comment");
  } catch (error) {
    log.error({ err: errorMeta(error) }, "could not publish the summary comment");
    lost.push({ what: "the summary comment", error });
  }

  try {
    const diff = diffLinesByPath(files);
    const { comments } = renderReviewComments(report, { diff, lineText, link });
    const outcome = await publishWithRetries(state, log, "review", () =>
      publishReview(
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
      ),
    );
    log.info(outcome, "review");
  } catch (error) {
    log.error({ err: errorMeta(error) }, "could not publish the review");
    lost.push({ what: "the review with inline comments", error });
  }
  return lost;
}

/** Publishing attempts: the first and two more, the wait doubling from `state.publishBackoffMs`. */
const PUBLISH_ATTEMPTS = 3;

async function publishWithRetries<T>(
  state: AppState,
  log: Log,
  what: string,
  publish: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await publish();
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS || !isTransient(error)) throw error;
      log.warn({ err: errorMeta(error), attempt }, `publishing the ${what} failed; trying again`);
      await new Promise((resolve) => setTimeout(resolve, state.publishBackoffMs * 2 ** (attempt - 1)));
    }
  }
}

/** Failures worth another attempt: no status (reset, timeout), 5xx, rate limits. */
function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === null || status >= 500 || status === 429 || status === 403;
}

function lostOutputsNote(lost: LostOutput[]): string {
  const lines = ["### Not posted", ""];
  for (const { what, error } of lost) {
    const { message, status, requestId } = summarizeError(error);
    lines.push(
      `- ${what} could not be posted: ${message.replace(/[<>`]/g, "")}${status !== null ? ` (HTTP ${status})` : ""}, GitHub request id ${requestId !== null ? `\`${requestId}\`` : "none"}.`,
    );
  }
  lines.push("", "The result above is complete; use **Re-run** to post the missing output.");
  return lines.join("\n");
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

/**
 * Whether a newer push made this head stale, decided by GitHub's current PR head, never by the order
 * webhooks arrived in. When GitHub names another head, this one is stale only if that head is not an
 * older commit of this one (GitHub answering from before this push): the newest head is never
 * marked superseded.
 */
async function isSuperseded(ctx: RunContext, state: AppState, pull: PullRef): Promise<boolean> {
  const { data } = await ctx.octokit.rest.pulls.get({ ...ctx.repo, pull_number: pull.number });
  if (data.state !== "open") return true;
  if (data.head.sha === pull.head.sha) return false;
  try {
    const { data: compare } = await ctx.octokit.rest.repos.compareCommitsWithBasehead({
      ...ctx.repo,
      basehead: `${data.head.sha}...${pull.head.sha}`,
      per_page: 1,
    });
    // `ahead`: GitHub's head is an ancestor of ours, so ours is the newer push.
    if (compare.status === "ahead") {
      state.latestHead.set(pullKey(ctx.repo, pull.number), pull.head.sha);
      return false;
    }
  } catch {
    // Unknown ancestry (a force-push, a commit GitHub no longer has): GitHub's head wins.
  }
  return true;
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

export { RERUN_ACTION };

/** The repository's `on_error` choice from its config value (failure when absent or invalid). */
export function onErrorOf(value: unknown): ErrorConclusion {
  const raw = value && typeof value === "object" ? (value as { on_error?: unknown }).on_error : undefined;
  const parsed = repoConfigSchema.shape.on_error.safeParse(raw);
  return parsed.success ? parsed.data : "failure";
}

/** The result of a run that could not finish: the repository's `on_error`, never a passing conclusion. */
export function internalErrorResult(
  error: unknown,
  deliveryId: string,
  conclusion: ErrorConclusion,
): CheckResult {
  const { message, status, requestId } = summarizeError(error);
  return renderRunFailure({
    message,
    status,
    requestId,
    deliveryId,
    overLimits: error instanceof AnalysisLimitError,
    conclusion,
  });
}
