import { CHECK_NAME, completeCheckRun } from "./publish/check-run.js";
import type { RunContext } from "./run-check.js";
import { internalErrorResult } from "./run-check.js";
import type { AppState } from "./state.js";
import type { GitHubClient, Log } from "./types.js";

/** A repository is swept at most this often (each sweep costs a request per open PR). */
export const SWEEP_INTERVAL_MS = 10 * 60_000;
/** At most this many open PRs are looked at per sweep. */
export const SWEEP_MAX_PULLS = 50;

interface CheckRunItem {
  id: number;
  status: string;
  started_at: string | null;
  app?: { slug?: string } | null;
}

/**
 * Completes this check's runs that are still `in_progress` on the heads of a repository's open PRs
 * although older than the run budget (a process that died mid-run, a completion GitHub kept
 * refusing): with the repository's default error conclusion (`failure`) and a Re-run button. Runs
 * this process is working on are left alone. Failures are logged; the sweep never fails a run.
 */
export async function sweepStaleRuns(ctx: RunContext, state: AppState, log: Log): Promise<number> {
  const key = `${ctx.repo.owner}/${ctx.repo.repo}`;
  const now = Date.now();
  const last = state.sweptAt.get(key);
  if (last !== undefined && now - last < SWEEP_INTERVAL_MS) return 0;
  state.sweptAt.set(key, now);
  let swept = 0;
  try {
    const { data: pulls } = await ctx.octokit.rest.pulls.list({
      ...ctx.repo,
      state: "open",
      per_page: SWEEP_MAX_PULLS,
    });
    for (const pull of pulls) {
      const { data } = await ctx.octokit.rest.checks.listForRef({
        ...ctx.repo,
        ref: pull.head.sha,
        check_name: CHECK_NAME,
        status: "in_progress",
        per_page: 20,
      });
      for (const run of data.check_runs as CheckRunItem[]) {
        if (state.inFlight.has(run.id)) continue;
        const started = run.started_at ? Date.parse(run.started_at) : 0;
        if (now - started < state.runBudgetMs) continue;
        await completeCheckRun(
          ctx.octokit,
          ctx.repo,
          run.id,
          internalErrorResult(
            new Error("this run was left unfinished (the server stopped or GitHub refused its result)"),
            ctx.id,
            "failure",
          ),
        );
        swept += 1;
      }
    }
    if (swept > 0) log.warn({ swept, repo: key }, "completed stale in_progress check runs");
  } catch (error) {
    log.warn({ err: error instanceof Error ? error.message : String(error), repo: key }, "sweep failed");
  }
  return swept;
}

/** At most this many repositories are swept at startup (the rest on their next event). */
export const STARTUP_SWEEP_MAX_REPOS = 100;

/**
 * The startup sweep: every installation's repositories (up to `STARTUP_SWEEP_MAX_REPOS`), so that runs
 * a previous process left `in_progress` are completed without waiting for the next event.
 */
export async function sweepInstallations(
  app: { auth(id?: number): Promise<GitHubClient>; log: Log },
  state: AppState,
): Promise<number> {
  let swept = 0;
  let repos = 0;
  try {
    const appOctokit = await app.auth();
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    for (const installation of installations) {
      const octokit = await app.auth(installation.id);
      const { data } = await octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 100 });
      for (const repository of data.repositories) {
        if (repos >= STARTUP_SWEEP_MAX_REPOS) return swept;
        repos += 1;
        const ctx = {
          id: "startup-sweep",
          octokit,
          log: app.log,
          repo: { owner: repository.owner.login, repo: repository.name },
          repoUrl: repository.html_url,
          config: (async () => null) as unknown as RunContext["config"],
        };
        swept += await sweepStaleRuns(ctx, state, app.log);
      }
    }
  } catch (error) {
    app.log.warn({ err: error instanceof Error ? error.message : String(error) }, "startup sweep failed");
  }
  return swept;
}
