import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import { createDeliveryStore } from "./delivery-store.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./handlers/rerequested.js";
import { createAppState, type AppState } from "./state.js";

/** The pull request actions that start a run. `closed` and the rest are not listened to. */
export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
] as const;

/**
 * The App with its own state (caches, delivery dedupe, per-PR queue). Tests pass a state; the server
 * gets one whose dedupe is shared through Redis when `REDIS_URL` is set.
 */
export function createApp(given?: AppState): ApplicationFunction {
  return async (app: Probot) => {
    const state =
      given ??
      createAppState({
        deliveries: await createDeliveryStore({ redisUrl: process.env.REDIS_URL, log: app.log }),
      });

    /** A delivery handled once: the same `x-github-delivery` id again changes nothing. */
    function once<C extends Context>(handler: (context: C, state: AppState) => Promise<void>) {
      return async (context: C): Promise<void> => {
        if (!(await state.deliveries.claim(context.id))) {
          context.log.info({ delivery: context.id }, "duplicate delivery ignored");
          return;
        }
        try {
          await handler(context, state);
        } catch (error) {
          // A delivery that failed may be redelivered by hand; let that one through.
          await state.deliveries.release(context.id);
          throw error;
        }
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
    app.on("check_suite.rerequested", once(onCheckSuiteRerequested));
  };
}

/** The App as Probot loads it (`run(app)`, `probot.load(app)`). */
export default function neoxCheck(app: Probot, options: ApplicationFunctionOptions): void | Promise<void> {
  return createApp()(app, options);
}
