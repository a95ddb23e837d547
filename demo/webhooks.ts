import { createHmac, randomUUID } from "node:crypto";
import type { GitHubStandin, IssueCommentState, PullState, StandinUser } from "./github-standin.js";

/** A webhook as GitHub sends it: the event name (`x-github-event`) and the JSON body. */
export interface WebhookEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** The `x-hub-signature-256` header for `body`: HMAC-SHA256 with the webhook secret. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs a webhook the way GitHub does (JSON, `x-github-event`, `x-github-delivery`,
 * `x-hub-signature-256`). The server answers at once and runs the work afterwards: wait for
 * `AppServer.idle()` before looking at what it posted. `signature` overrides the computed one (to
 * test rejection).
 */
export async function sendWebhook(
  url: string,
  event: WebhookEvent,
  options: { secret: string; id?: string; signature?: string },
): Promise<{ status: number; text: string; id: string }> {
  const id = options.id ?? randomUUID();
  const body = JSON.stringify(event.payload);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/standin",
      "x-github-event": event.name,
      "x-github-delivery": id,
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": options.signature ?? signWebhook(options.secret, body),
    },
    body,
  });
  return { status: response.status, text: await response.text(), id };
}

const INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };

function userJson(user: StandinUser): Record<string, unknown> {
  return { login: user.login, id: user.login.length * 1000, type: user.type };
}

/** `pull_request` with `action`, for a PR of the stand-in as it is now. */
export function pullRequestEvent(
  standin: GitHubStandin,
  pull: PullState,
  action: "opened" | "synchronize" | "reopened" | "ready_for_review" | "closed",
  before?: string,
): WebhookEvent {
  return {
    name: "pull_request",
    payload: {
      action,
      number: pull.number,
      ...(action === "synchronize" ? { before: before ?? pull.baseSha, after: pull.headSha } : {}),
      pull_request: standin.pullJson(pull),
      repository: standin.repoJson(pull.repo),
      sender: userJson(pull.user),
      installation: INSTALLATION,
    },
  };
}

/** `issue_comment.created` (or `edited`) for a comment on a PR of the stand-in. */
export function issueCommentEvent(
  standin: GitHubStandin,
  comment: IssueCommentState,
  action: "created" | "edited" = "created",
): WebhookEvent {
  const pull = standin.pull(comment.repo, comment.issue_number);
  const pullJson = standin.pullJson(pull);
  return {
    name: "issue_comment",
    payload: {
      action,
      issue: {
        number: pull.number,
        title: pull.title,
        state: pull.state,
        user: userJson(pull.user),
        html_url: pullJson.html_url,
        pull_request: {
          url: `${standin.url}/api/v3/repos/${pull.repo}/pulls/${pull.number}`,
          html_url: pullJson.html_url,
        },
      },
      comment: { id: comment.id, node_id: comment.node_id, body: comment.body, user: userJson(comment.user) },
      repository: standin.repoJson(pull.repo),
      sender: userJson(comment.user),
      installation: INSTALLATION,
    },
  };
}
