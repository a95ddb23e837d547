import { createCompareCache, type CompareCache } from "./compare-resolver.js";
import { createMemoryDeliveryStore, type DeliveryStore } from "./delivery-store.js";
import { KeyedQueue } from "./keyed-queue.js";
import { LRUCache } from "lru-cache";

/** What the App keeps between deliveries in one process. Everything is bounded. */
export interface AppState {
  deliveries: DeliveryStore;
  compareCache: CompareCache;
  /** Review comments (GraphQL node ids) this process already minimized. */
  minimized: LRUCache<string, true>;
  /** Runs for one PR are serialised. */
  queue: KeyedQueue;
  /** The newest head SHA seen per PR (`owner/repo#number`): older runs are superseded. */
  latestHead: LRUCache<string, string>;
  /** Today as `YYYY-MM-DD` (repo-config `ignore ... until` dates). */
  today: () => string;
}

export function createAppState(overrides: Partial<AppState> = {}): AppState {
  return {
    deliveries: createMemoryDeliveryStore(),
    compareCache: createCompareCache(),
    minimized: new LRUCache({ max: 10_000 }),
    queue: new KeyedQueue(),
    latestHead: new LRUCache({ max: 10_000 }),
    today: () => new Date().toISOString().slice(0, 10),
    ...overrides,
  };
}
