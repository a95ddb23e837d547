import { ProbotOctokit } from "probot";
import { retryPlugin, type RetryOptions } from "./retry.js";

/**
 * The Octokit class the server uses: Probot's, with `retryPlugin` deciding every retry (Probot's retry
 * plugin is turned off: it never retries a 403 nor a 404, and two layers would multiply the attempts)
 * and the throttling plugin only spacing writes (its rate-limit handlers hand the error to
 * `retryPlugin`, which waits within the run budget). `NEOX_CHECK_THROTTLE=off` turns the spacing off
 * for a local GitHub stand-in or a GitHub Enterprise Server without rate limits (the demo and the
 * end-to-end test use it). `NEOX_CHECK_RETRY_BASE_MS` and `NEOX_CHECK_REQUEST_TIMEOUT_MS` tune the
 * backoff and the per-request time limit (tests make them small).
 */
export function octokitClassFor(
  env: Record<string, string | undefined>,
  retry: Partial<RetryOptions> = {},
): typeof ProbotOctokit {
  const throttleOff = (env.NEOX_CHECK_THROTTLE ?? "").toLowerCase() === "off";
  const neoxRetry: Partial<RetryOptions> = { ...retryFromEnv(env), ...retry };
  // A function default: Probot passes its own `throttle` options, which an object default would lose to.
  return ProbotOctokit.plugin(retryPlugin as unknown as Parameters<typeof ProbotOctokit.plugin>[0]).defaults(
    (options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      neoxRetry,
      throttle: {
        ...(options.throttle as object),
        ...(throttleOff ? { enabled: false } : {}),
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
      },
    }),
  ) as unknown as typeof ProbotOctokit;
}

function retryFromEnv(env: Record<string, string | undefined>): Partial<RetryOptions> {
  const out: Partial<RetryOptions> = {};
  const base = Number(env.NEOX_CHECK_RETRY_BASE_MS);
  if (env.NEOX_CHECK_RETRY_BASE_MS && Number.isFinite(base)) out.baseMs = base;
  const timeout = Number(env.NEOX_CHECK_REQUEST_TIMEOUT_MS);
  if (env.NEOX_CHECK_REQUEST_TIMEOUT_MS && Number.isFinite(timeout)) out.timeoutMs = timeout;
  return out;
}
