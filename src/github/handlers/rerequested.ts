import type { Context } from "probot";
import { CHECK_NAME } from "../publish/check-run.js";
import { RERUN_ACTION, runCheck, runContextOf, type PullRef } from "../run-check.js";
import type { AppState } from "../state.js";
import type { GitHubClient, RepoRef } from "../types.js";

/** The check's "Re-run" button. */
export async function onCheckRunRerequested(context: Context<"check_run">, state: AppState): Promise<void> {
  await rerunCheckRun(context, state);
}

/** The Re-run button (`actions`) a check run that could not finish carries. */
export async function onCheckRunRequestedAction(
  context: Context<"check_run">,
  state: AppState,
): Promise<void> {
  const action = (context.payload as { requested_action?: { identifier?: string } }).requested_action;
  if (action?.identifier !== RERUN_ACTION.identifier) return;
  await rerunCheckRun(context, state);
}

/** Runs again for the PRs of our check run (another app's check run is not ours to re-run). */
async function rerunCheckRun(context: Context<"check_run">, state: AppState): Promise<void> {
  const { check_run: checkRun } = context.payload;
  if (checkRun.name !== CHECK_NAME) return;
  await rerun(
    context,
    state,
    checkRun.head_sha,
    checkRun.pull_requests.map((p) => p.number),
  );
}

/** "Re-run all checks" on the check suite. */
export async function onCheckSuiteRerequested(
  context: Context<"check_suite">,
  state: AppState,
): Promise<void> {
  const { check_suite: suite } = context.payload;
  await rerun(
    context,
    state,
    suite.head_sha,
    suite.pull_requests.map((p) => p.number),
  );
}

async function rerun(
  context: Context<"check_run" | "check_suite">,
  state: AppState,
  headSha: string,
  numbers: number[],
): Promise<void> {
  const ctx = runContextOf(context);
  const pulls = await openPullsAt(ctx.octokit, ctx.repo, headSha, numbers);
  if (pulls.length === 0) {
    context.log.info({ headSha }, "re-run requested for a commit that is no open PR's head");
    return;
  }
  for (const pull of pulls) await runCheck(ctx, state, pull);
}

/**
 * The open PRs whose head is `headSha`. GitHub lists them in the payload, except for PRs from forks
 * (an empty list): then the open PRs are searched.
 */
async function openPullsAt(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
  numbers: number[],
): Promise<PullRef[]> {
  if (numbers.length > 0) {
    const pulls: PullRef[] = [];
    for (const number of numbers) {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      if (data.state === "open" && data.head.sha === headSha) pulls.push(data);
    }
    return pulls;
  }
  const open = (await octokit.paginate(octokit.rest.pulls.list, {
    ...repo,
    state: "open",
    per_page: 100,
  })) as PullRef[];
  return open.filter((p) => p.head.sha === headSha);
}
