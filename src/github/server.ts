/**
 * `npm start`: Probot's server with its standard environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
 * WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL, REDIS_URL, ...; see .env.example).
 * Without APP_ID and a private key, Probot serves its setup page, which registers the App from app.yml.
 *
 * In front of Probot: our webhook endpoint (a 25 MB limit while streaming, no payload in logs,
 * answered before the work runs) and `GET /neox-check/status` (work pending, runs in flight). On
 * SIGTERM (and SIGINT) the server stops taking webhooks, lets running jobs finish for a grace period
 * (`NEOX_CHECK_SHUTDOWN_GRACE_MS`, 20 s), completes the check runs still in progress with their
 * repository's `on_error` conclusion ("server shutting down, re-run"), and exits.
 */
import { randomUUID } from "node:crypto";
import { run, type ApplicationFunction } from "probot";
import { createApp } from "./app.js";
import { octokitClassFor } from "./octokit-class.js";
import { completeCheckRun } from "./publish/check-run.js";
import { internalErrorResult } from "./run-check.js";
import type { AppState } from "./state.js";
import { createWebhookHandler } from "./webhook-handler.js";

const publicPath = process.env.WEBHOOK_PATH || "/api/github/webhooks";
// Probot's own webhook middleware (whole body read before the signature check, payload logged on a
// mismatch) is moved to a path nobody knows; ours answers on the public one.
process.env.WEBHOOK_PATH = `/__probot-webhooks-unused/${randomUUID()}`;

let state: AppState | undefined;
let log: { info(meta: object, message: string): void; warn(meta: object, message: string): void } = console;

const neoxCheck: ApplicationFunction = async (app, options) => {
  log = app.log;
  const webhooks = createWebhookHandler({ path: publicPath, probot: app });
  options.addHandler(webhooks);
  options.addHandler((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/neox-check/status") return false;
    res.writeHead(200, { "content-type": "application/json" });
    // Pending: queued jobs and deliveries whose handlers have not queued theirs yet.
    const pending = (state?.jobs.pending ?? 0) + webhooks.receiving();
    res.end(JSON.stringify({ pending, inFlight: state?.inFlight.size ?? 0 }));
    return true;
  });
  await createApp(undefined, (created) => (state = created))(app, options);
};

const server = await run(neoxCheck, { Octokit: octokitClassFor(process.env) });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const grace = Number(process.env.NEOX_CHECK_SHUTDOWN_GRACE_MS ?? 20_000);
  log.info({ signal, pending: state?.jobs.pending ?? 0, graceMs: grace }, "shutting down");
  const closed = server.stop().catch(() => undefined);
  if (state) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([state.jobs.idle(), new Promise((resolve) => (timer = setTimeout(resolve, grace)))]);
    clearTimeout(timer);
    const left = [...state.inFlight.values()];
    await Promise.all(
      left.map((run) =>
        completeCheckRun(
          run.octokit,
          run.repo,
          run.checkRunId,
          internalErrorResult(
            new Error("the neox-check server is shutting down; re-run to check this commit"),
            run.deliveryId,
            run.onError(),
          ),
        ).catch((error: unknown) =>
          log.warn(
            { checkRunId: run.checkRunId, err: error instanceof Error ? error.message : String(error) },
            "could not complete a check run on shutdown",
          ),
        ),
      ),
    );
    if (left.length > 0) log.warn({ completed: left.length }, "completed unfinished check runs on shutdown");
    await state.analyzer.close();
  }
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  process.exit(0);
}
// Probot's own SIGINT handler exits without waiting for runs: ours replaces it.
process.removeAllListeners("SIGINT");
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
