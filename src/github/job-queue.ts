/**
 * Where webhook work runs. `inline`: the handler awaits the work (tests that call `probot.receive`
 * and then look at what was posted). `background`: the handler returns at once (the server answers
 * the webhook before any GitHub request), at most `concurrency` jobs run at a time, the rest wait in
 * arrival order; `idle()` resolves when nothing is queued or running (shutdown, tests).
 */
export interface JobQueue {
  readonly mode: "inline" | "background";
  /** Starts `job` (background) or runs it to the end (inline). A failing job is logged by its owner. */
  submit(job: () => Promise<void>): Promise<void>;
  /** Jobs queued or running. */
  readonly pending: number;
  idle(): Promise<void>;
}

export function createInlineJobQueue(): JobQueue {
  let pending = 0;
  return {
    mode: "inline",
    async submit(job) {
      pending += 1;
      try {
        await job();
      } finally {
        pending -= 1;
      }
    },
    get pending() {
      return pending;
    },
    async idle() {},
  };
}

export function createBackgroundJobQueue(concurrency = 8): JobQueue {
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];
  const pump = (): void => {
    while (running < concurrency && waiting.length > 0) {
      const job = waiting.shift() as () => Promise<void>;
      running += 1;
      void job()
        .catch(() => undefined)
        .finally(() => {
          running -= 1;
          pump();
        });
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
  return {
    mode: "background",
    async submit(job) {
      waiting.push(job);
      queueMicrotask(pump);
    },
    get pending() {
      return running + waiting.length;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
