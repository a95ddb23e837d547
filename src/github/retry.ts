import { AsyncLocalStorage } from "node:async_hooks";
import { httpStatusOf } from "./errors.js";

/**
 * How requests to GitHub are retried. Probot's own retry plugin never retries a 403 (secondary rate
 * limit) nor a 404, and its throttling plugin waits without a budget; this one decides for every
 * request, honouring `retry-after` and `x-ratelimit-reset`, within the run's budget.
 */
export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** The first backoff; it doubles on each retry (with jitter). */
  baseMs: number;
  /** No single wait longer than this: a longer `retry-after` fails the request instead. */
  maxWaitMs: number;
  /** One attempt that takes longer is aborted and counts as a transient failure (a slow answer). */
  timeoutMs: number;
  /** Retries of a 404 on a read that asked for them (`request.retryNotFound`): eventual consistency. */
  notFoundRetries: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 4,
  baseMs: 1000,
  maxWaitMs: 60_000,
  timeoutMs: 30_000,
  notFoundRetries: 2,
};

/** The deadline of the run a request belongs to: no retry waits past it. */
const budget = new AsyncLocalStorage<{ deadline: number }>();

/** Runs `task` with a run budget: requests made inside it never wait for a retry past the deadline. */
export function withRunBudget<T>(ms: number, task: () => Promise<T>): Promise<T> {
  return budget.run({ deadline: Date.now() + ms }, task);
}

/** Milliseconds left in the current run's budget (Infinity outside a run). */
export function budgetLeft(): number {
  const store = budget.getStore();
  return store ? store.deadline - Date.now() : Infinity;
}

interface RequestOptions {
  method: string;
  url: string;
  request?: {
    signal?: AbortSignal;
    /** Set by a caller reading a ref just pushed: a 404 may be GitHub's eventual consistency. */
    retryNotFound?: boolean;
    /**
     * Parse a JSON answer with `JSON.parse` (`plainJson`), not Octokit's big-integer-safe parser: for
     * large answers whose numbers are all below 2^53 (git trees: sizes and modes).
     */
    plainJson?: boolean;
    parseSuccessResponseBody?: boolean;
  };
  [key: string]: unknown;
}

interface HookedOctokit {
  hook: {
    wrap(
      name: "request",
      wrapper: (request: (options: RequestOptions) => Promise<unknown>, options: RequestOptions) => unknown,
    ): void;
  };
  log?: { warn(meta: object, message: string): void };
}

/**
 * An Octokit plugin (`Octokit.plugin(retryPlugin)`), options under `neoxRetry`. Writes that may have
 * taken effect before failing (a POST answered 5xx, reset or slow) are not retried here: their callers
 * look for what they created before creating it again. A rate-limit answer means nothing was done,
 * so every request is retried on those.
 */
export function retryPlugin(octokit: HookedOctokit, options: { neoxRetry?: Partial<RetryOptions> }): void {
  const settings = { ...DEFAULT_RETRY, ...options.neoxRetry };
  octokit.hook.wrap("request", async (request, requestOptions) => {
    let notFound = 0;
    const asked = requestOptions.request;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await attemptWithTimeout(request, requestOptions, asked, settings.timeoutMs);
      } catch (error) {
        const decision = retryDecision(error, requestOptions, settings, attempt, notFound);
        if (decision === null) throw error;
        if (decision.notFound) notFound += 1;
        const left = budgetLeft();
        if (decision.waitMs > settings.maxWaitMs || decision.waitMs >= left) throw error;
        octokit.log?.warn(
          {
            method: requestOptions.method,
            url: requestOptions.url,
            status: httpStatusOf(error),
            attempt: attempt + 1,
            waitMs: decision.waitMs,
          },
          "GitHub request failed; retrying",
        );
        await sleep(decision.waitMs);
      }
    }
  });
}

async function attemptWithTimeout(
  request: (options: RequestOptions) => Promise<unknown>,
  options: RequestOptions,
  asked: RequestOptions["request"],
  timeoutMs: number,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // Raced as well as aborted: an answer that never comes must not hold the run, whatever the transport.
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = new TimeoutError(options, timeoutMs);
        controller.abort(error);
        reject(error);
      },
      Math.max(1, Math.min(timeoutMs, budgetLeft())),
    );
  });
  const given = asked?.signal;
  const signal = given ? AbortSignal.any([given, controller.signal]) : controller.signal;
  const plain = asked?.plainJson === true;
  // Octokit's hooks (before-after-hook) bind every inner hook, the auth hook among them, to this same
  // options object and ignore what a wrapper passes on: what reaches fetch is read from this object
  // when they run. So this attempt's signal (and the unparsed body `plainJson` reads) is set on it,
  // as a new `request` object (the caller's own may be shared).
  options.request = { ...asked, signal, ...(plain ? { parseSuccessResponseBody: false } : {}) };
  // The body is read inside the attempt, so the time limit and the retries cover it too.
  const attempt = plain ? request(options).then(plainJson) : request(options);
  attempt.catch(() => undefined);
  try {
    return await Promise.race([attempt, timedOut]);
  } catch (error) {
    if (controller.signal.aborted) throw new TimeoutError(options, timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An Octokit response whose body was left unread (`parseSuccessResponseBody: false`), its JSON parsed
 * by `JSON.parse`. Octokit parses every answer with json-with-bigint, which on Node 20 rewrites the
 * whole text with a regular expression and revives every value: for a 10,000-file git tree that was
 * most of a pull request run's time.
 */
async function plainJson(response: unknown): Promise<unknown> {
  if (response === null || typeof response !== "object" || !("data" in response)) return response;
  const { data } = response as { data: unknown };
  if (!(data instanceof ReadableStream) && data !== null) return response;
  const text = await new Response(data).text();
  return { ...response, data: text === "" ? "" : (JSON.parse(text) as unknown) };
}

/** A request aborted because GitHub did not answer in time (status 504-like, always transient). */
export class TimeoutError extends Error {
  readonly status = 504;
  constructor(options: RequestOptions, timeoutMs: number) {
    super(`${options.method} ${options.url}: no answer within ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/** Whether and how long to wait before retrying, or null when the failure is final. */
export function retryDecision(
  error: unknown,
  options: RequestOptions,
  settings: RetryOptions,
  attempt: number,
  notFoundSoFar: number,
): { waitMs: number; notFound: boolean } | null {
  const status = httpStatusOf(error);
  const headers = headersOf(error);
  const backoff = Math.round(settings.baseMs * 2 ** attempt * (0.75 + Math.random() * 0.5));
  const rateLimited = isRateLimited(status, headers, error);
  if (rateLimited) {
    if (attempt >= settings.retries) return null;
    return { waitMs: Math.max(rateLimitWait(headers) ?? backoff, 0), notFound: false };
  }
  if (attempt >= settings.retries) return null;
  if (status === 404) {
    if (options.request?.retryNotFound !== true || notFoundSoFar >= settings.notFoundRetries) return null;
    return { waitMs: backoff, notFound: true };
  }
  const transient = status === null || status === 500 || status === 502 || status === 503 || status === 504;
  if (!transient) return null;
  // A write GitHub may have applied before failing is left to its caller (see `retryPlugin`).
  if (options.method === "POST" && !isGraphql(options.url)) return null;
  return { waitMs: backoff, notFound: false };
}

/** 429, or a 403 that is a (secondary) rate limit rather than a missing permission. */
function isRateLimited(status: number | null, headers: Record<string, string>, error: unknown): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  if (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0") return true;
  const message = error instanceof Error ? error.message.toLowerCase() : "";
  return message.includes("rate limit");
}

/** `retry-after` (seconds), else `x-ratelimit-reset` (epoch seconds) when the quota is spent. */
function rateLimitWait(headers: Record<string, string>): number | null {
  const after = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(after)) return after * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset)) return reset * 1000 - Date.now();
  return null;
}

function headersOf(error: unknown): Record<string, string> {
  if (!error || typeof error !== "object") return {};
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) out[key.toLowerCase()] = String(value);
  }
  return out;
}

function isGraphql(url: string): boolean {
  return /\/graphql$/.test(url);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
