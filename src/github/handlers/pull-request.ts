import type { Context } from "probot";
import { runCheck, runContextOf } from "../run-check.js";
import type { AppState } from "../state.js";

/** `pull_request` opened, synchronize, reopened, ready_for_review: check the head against the base. */
export async function onPullRequest(context: Context<"pull_request">, state: AppState): Promise<void> {
  const pull = context.payload.pull_request;
  if (pull.state !== "open") return;
  await runCheck(runContextOf(context), state, pull);
}
