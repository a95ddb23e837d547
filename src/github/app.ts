import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import { createDeliveryStore } from "./delivery-store.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest } from "./handlers/pull-request.js";
import {
  onCheckRunRequestedAction,
  onCheckRunRerequested,
  onCheckSuiteRerequested,
} from "./handlers/rerequested.js";
import { createAnalyzerFromEnv } from "./analyzer.js";
import { createBackgroundJobQueue } from "./job-queue.js";
import { errorMeta } from "./run-check.js";
import { createAppState, type AppState } from "./state.js";
import { sweepInstallations } from "./sweep.js";

/** The pull request actions that start a run. `closed` and the rest are not listened to. */
export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/**
 * The state of the server's App: dedupe shared through Redis when `REDIS_URL` is set, work in the
 * background after the webhook is answered, analysis in worker threads with limits, stale runs swept.
 */
export async function createServerState(log: Probot["log"]): Promise<AppState> {
  return createAppState({
    deliveries: await createDeliveryStore({ redisUrl: process.env.REDIS_URL, log }),
    jobs: createBackgroundJobQueue(Number(process.env.NEOX_CHECK_JOBS) || undefined),
    analyzer: createAnalyzerFromEnv(process.env),
    sweepStale: true,
  });
}

/**
 * The App with its own state (caches, delivery dedupe, per-PR queue, job queue). Tests pass a state;
 * the server gets `createServerState`.
 */
export function createApp(given?: AppState, onState?: (state: AppState) => void): ApplicationFunction {
  return async (app: Probot) => {
    const state = given ?? (await createServerState(app.log));
    onState?.(state);
    if (state.sweepStale) {
      // After a restart: complete the runs a previous process left in progress (in the background).
      setTimeout(() => void sweepInstallations(app, state), 2000).unref();
    }

    /**
     * A delivery handled once (the same `x-github-delivery` id again changes nothing), as a job: the
     * server answers the webhook before the job starts. A failed job is logged without its payload
     * and its delivery forgotten, so a manual redelivery can try again.
     */
    function once<C extends Context>(handler: (context: C, state: AppState) => Promise<void>) {
      return async (context: C): Promise<void> => {
        if (!(await state.deliveries.claim(context.id))) {
          context.log.info({ delivery: context.id }, "duplicate delivery ignored");
          return;
        }
        await state.jobs.submit(async () => {
          try {
            await handler(context, state);
          } catch (error) {
            await state.deliveries.release(context.id).catch(() => undefined);
            context.log.error({ delivery: context.id, err: errorMeta(error) }, "delivery failed");
          }
        });
      };
    }

    app.on([...PULL_REQUEST_EVENTS], once(onPullRequest));
    // A PR retargeted to another base branch: its merge base and so its findings change.
    app.on(
      "pull_request.edited",
      once(async (context, s) => (context.payload.changes.base ? onPullRequest(context, s) : undefined)),
    );
    app.on("issue_comment.created", once(onIssueComment));
    app.on("check_run.rerequested", once(onCheckRunRerequested));
    app.on("check_run.requested_action", once(onCheckRunRequestedAction));
    app.on("check_suite.rerequested", once(onCheckSuiteRerequested));
  };
}

/** The App as Probot loads it (`run(app)`, `probot.load(app)`). */
export default function neoxCheck(app: Probot, options: ApplicationFunctionOptions): void | Promise<void> {
  return createApp()(app, options);
}
