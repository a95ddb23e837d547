import { createCompareCache, type CompareCache } from "./compare-resolver.js";
import { createMemoryDeliveryStore, type DeliveryStore } from "./delivery-store.js";
import { createInProcessAnalyzer, type Analyzer } from "./analyzer.js";
import { createInlineJobQueue, type JobQueue } from "./job-queue.js";
import { KeyedQueue } from "./keyed-queue.js";
import { LRUCache } from "lru-cache";
import type { GitHubClient, RepoRef } from "./types.js";

/** A check run this process is working on: completed with the on_error conclusion on shutdown. */
export interface InFlightRun {
  octokit: GitHubClient;
  repo: RepoRef;
  checkRunId: number;
  headSha: string;
  deliveryId: string;
  onError: () => "failure" | "action_required";
}

/** What the App keeps between deliveries in one process. Everything is bounded. */
export interface AppState {
  deliveries: DeliveryStore;
  compareCache: CompareCache;
  /** Review comments (GraphQL node ids) this process already minimized. */
  minimized: LRUCache<string, true>;
  /** Runs for one PR are serialised. */
  queue: KeyedQueue;
  /** Where webhook work runs: awaited (tests) or in the background after the webhook is answered. */
  jobs: JobQueue;
  /** Runs analyze() (in a worker thread with time and memory limits, in the server). */
  analyzer: Analyzer;
  /** The newest head SHA seen per PR (`owner/repo#number`), a hint only: GitHub's PR head decides. */
  latestHead: LRUCache<string, string>;
  /** Check runs in progress in this process, by id. */
  inFlight: Map<number, InFlightRun>;
  /** When each repository was last swept for stale `in_progress` runs (ms since epoch). */
  sweptAt: LRUCache<string, number>;
  /** `owner/repo#number@login` of users already told they cannot run commands on a PR. */
  refusedReplies: LRUCache<string, true>;
  /** Whether runs first complete the repository's stale `in_progress` runs (the server; off in tests). */
  sweepStale: boolean;
  /** A run that takes longer is ended with the on_error conclusion; older `in_progress` runs are stale. */
  runBudgetMs: number;
  /** The first wait before publishing a comment or review again (doubles per attempt). */
  publishBackoffMs: number;
  /** Today as `YYYY-MM-DD` (repo-config `ignore ... until` dates). */
  today: () => string;
}

/** Five minutes: far more than a run takes, far less than a reviewer waits for a stuck check. */
export const DEFAULT_RUN_BUDGET_MS = 5 * 60_000;

export function createAppState(overrides: Partial<AppState> = {}): AppState {
  return {
    deliveries: createMemoryDeliveryStore(),
    compareCache: createCompareCache(),
    minimized: new LRUCache({ max: 10_000 }),
    queue: new KeyedQueue(),
    jobs: createInlineJobQueue(),
    analyzer: createInProcessAnalyzer(),
    latestHead: new LRUCache({ max: 10_000 }),
    inFlight: new Map(),
    sweptAt: new LRUCache({ max: 10_000 }),
    refusedReplies: new LRUCache({ max: 10_000 }),
    sweepStale: false,
    runBudgetMs: DEFAULT_RUN_BUDGET_MS,
    publishBackoffMs: 1000,
    today: () => new Date().toISOString().slice(0, 10),
    ...overrides,
  };
}
