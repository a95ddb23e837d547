import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { analyze, type AnalyzeOptions } from "../core/analyze.js";
import type { Report, Workspace } from "../core/model/index.js";

/** Runs `analyze()`. The server's runs it in worker threads, tests may run it in process. */
export interface Analyzer {
  analyze(head: Workspace, options: AnalyzeOptions): Promise<Report>;
  /** Stops the workers (shutdown). */
  close(): Promise<void>;
}

/** An analysis stopped for going over its time or memory limit: untrusted content, not a bug. */
export class AnalysisLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalysisLimitError";
  }
}

/**
 * The worker's code: the compiled `analysis-worker.js`, or `analysis-worker.ts` after registering tsx
 * in the worker (a worker does not inherit the parent's `--import tsx` hooks on Node 20).
 */
function workerEntry(): string {
  const source = import.meta.url.endsWith(".ts");
  const file = new URL(`./analysis-worker.${source ? "ts" : "js"}`, import.meta.url).href;
  if (!source) return `import(${JSON.stringify(file)});`;
  // The ESM build of tsx's API (require.resolve gives its CommonJS twin).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(file)}); });`;
}

export function createInProcessAnalyzer(): Analyzer {
  return { analyze, async close() {} };
}

export interface WorkerAnalyzerOptions {
  /** Analysis time (not counting the time the worker waits for GitHub reads) before it is killed. */
  timeoutMs?: number;
  /** The worker's V8 old-generation heap limit. */
  maxOldGenerationSizeMb?: number;
  /** Workers analysing at the same time; more analyses wait for a free one. */
  workers?: number;
}

interface Job {
  head: Workspace;
  options: AnalyzeOptions;
  resolve: (report: Report) => void;
  reject: (error: Error) => void;
}

type FromWorker =
  | { type: "call"; id: number; target: "head" | "base" | "resolver"; method: string; args: unknown[] }
  | { type: "done"; report: Report }
  | { type: "failed"; message: string };

/**
 * Analyses in worker threads, so that content a pull request controls never blocks the thread that
 * answers webhooks: each worker has a V8 heap limit (`resourceLimits`) and each analysis a time
 * limit; a worker over either is terminated and replaced, and the analysis fails with
 * `AnalysisLimitError`. The worker reads files through the main thread (one message per `list`/`read`,
 * answered from the run's blob store), so the network stays here and the limit counts only analysis.
 * The worker module is resolved next to this file: `.ts` through tsx (`npm start`, jest), `.js` in a
 * compiled build.
 */
export function createWorkerAnalyzer(options: WorkerAnalyzerOptions = {}): Analyzer {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const heapMb = options.maxOldGenerationSizeMb ?? 512;
  const size = Math.max(1, options.workers ?? Math.min(2, availableParallelism()));
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const waiting: Job[] = [];
  let closed = false;

  const spawn = (): Worker => {
    const worker = new Worker(workerEntry(), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    all.add(worker);
    worker.once("exit", () => all.delete(worker));
    return worker;
  };

  const pump = (): void => {
    while (waiting.length > 0 && (idle.length > 0 || all.size < size)) {
      const job = waiting.shift() as Job;
      const worker = idle.pop() ?? spawn();
      run(worker, job);
    }
  };

  const run = (worker: Worker, job: Job): void => {
    let outstanding = 0;
    let busyMs = 0;
    let last = Date.now();
    let finished = false;
    const finish = (outcome: { report: Report } | { error: Error }, keep: boolean): void => {
      if (finished) return;
      finished = true;
      clearInterval(clock);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (keep && !closed) idle.push(worker);
      else void worker.terminate();
      if ("report" in outcome) job.resolve(outcome.report);
      else job.reject(outcome.error);
      pump();
    };
    const clock = setInterval(
      () => {
        const now = Date.now();
        if (outstanding === 0) busyMs += now - last;
        last = now;
        if (busyMs > timeoutMs) {
          finish(
            {
              error: new AnalysisLimitError(
                `the analysis took longer than ${Math.round(timeoutMs / 1000)} s`,
              ),
            },
            false,
          );
        }
      },
      Math.min(100, timeoutMs),
    );
    const targets: Record<string, unknown> = {
      head: job.head,
      base: job.options.base ?? null,
      resolver: job.options.resolver ?? null,
    };
    const onMessage = (message: FromWorker): void => {
      if (message.type === "done") return finish({ report: message.report }, true);
      if (message.type === "failed") return finish({ error: new Error(message.message) }, true);
      outstanding += 1;
      const target = targets[message.target] as Record<string, (...args: unknown[]) => Promise<unknown>>;
      Promise.resolve()
        .then(() => target[message.method]?.(...message.args))
        .then(
          (value) => ({ id: message.id, value }),
          (error: unknown) => ({
            id: message.id,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .then((reply) => {
          outstanding -= 1;
          if (!finished) worker.postMessage({ type: "reply", ...reply });
        });
    };
    const onError = (error: Error): void => {
      const memory = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
      finish(
        {
          error: memory
            ? new AnalysisLimitError(`the analysis went over its memory limit (${heapMb} MB)`)
            : error,
        },
        false,
      );
    };
    const onExit = (code: number): void =>
      finish({ error: new Error(`the analysis worker exited (code ${code})`) }, false);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    const { base, resolver, ...rest } = job.options;
    worker.postMessage({
      type: "analyze",
      options: rest,
      hasBase: base !== undefined && base !== null,
      hasResolver: resolver !== undefined,
    });
  };

  return {
    analyze(head, analyzeOptions) {
      if (closed) return Promise.reject(new Error("the analyzer is closed"));
      return new Promise((resolve, reject) => {
        waiting.push({ head, options: analyzeOptions, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  };
}

/**
 * The server's analyzer: worker threads, limits from `NEOX_CHECK_ANALYSIS_TIMEOUT_MS` (60 s),
 * `NEOX_CHECK_ANALYSIS_MEMORY_MB` (512) and `NEOX_CHECK_ANALYSIS_WORKERS` (2 at most);
 * `NEOX_CHECK_ANALYSIS=in-process` runs it on the main thread instead (not for untrusted input).
 */
export function createAnalyzerFromEnv(env: Record<string, string | undefined>): Analyzer {
  if (env.NEOX_CHECK_ANALYSIS === "in-process") return createInProcessAnalyzer();
  const number = (value: string | undefined): number | undefined => {
    const parsed = Number(value);
    return value && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
  };
  return createWorkerAnalyzer({
    timeoutMs: number(env.NEOX_CHECK_ANALYSIS_TIMEOUT_MS),
    maxOldGenerationSizeMb: number(env.NEOX_CHECK_ANALYSIS_MEMORY_MB),
    workers: number(env.NEOX_CHECK_ANALYSIS_WORKERS),
  });
}
