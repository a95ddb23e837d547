import { LRUCache } from "lru-cache";
import type { Log } from "./types.js";

/**
 * Remembers webhook deliveries (`x-github-delivery`) so that GitHub delivering the same event twice
 * changes nothing. `claim` is true only for the first caller; `release` forgets a delivery whose run
 * failed internally, so a manual redelivery can try again.
 */
export interface DeliveryStore {
  claim(id: string): Promise<boolean>;
  release(id: string): Promise<void>;
}

/** An in-memory store, bounded: enough for one instance. */
export function createMemoryDeliveryStore(max = 10_000): DeliveryStore {
  const seen = new LRUCache<string, true>({ max });
  return {
    async claim(id) {
      if (seen.has(id)) return false;
      seen.set(id, true);
      return true;
    },
    async release(id) {
      seen.delete(id);
    },
  };
}

/** The slice of an ioredis client the store uses. */
export interface RedisLike {
  set(key: string, value: string, expiry: "EX", seconds: number, mode: "NX"): Promise<string | null>;
  del(key: string): Promise<number>;
}

/** How long a delivery id is remembered in Redis: GitHub redelivers within hours, not days. */
export const DELIVERY_TTL_SECONDS = 24 * 60 * 60;

/** A store shared by every instance through Redis (`SET key 1 EX ttl NX` is an atomic claim). */
export function createRedisDeliveryStore(redis: RedisLike, prefix = "neox-check:delivery:"): DeliveryStore {
  return {
    async claim(id) {
      return (await redis.set(`${prefix}${id}`, "1", "EX", DELIVERY_TTL_SECONDS, "NX")) === "OK";
    },
    async release(id) {
      await redis.del(`${prefix}${id}`);
    },
  };
}

/**
 * The store for this process: Redis when `REDIS_URL` is set and the `ioredis` package is installed
 * (Probot uses the same variable for its Bottleneck cluster), memory otherwise.
 */
export async function createDeliveryStore(options: {
  redisUrl?: string;
  log?: Log;
  /** Loads the Redis client class (tests replace it). */
  importRedis?: () => Promise<RedisModule>;
}): Promise<DeliveryStore> {
  if (!options.redisUrl) return createMemoryDeliveryStore();
  try {
    const mod = await (options.importRedis ?? importIoredis)();
    const Redis = mod.Redis ?? mod.default;
    if (!Redis) throw new Error("ioredis has no Redis export");
    return createRedisDeliveryStore(new Redis(options.redisUrl));
  } catch (error) {
    options.log?.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "REDIS_URL is set but ioredis could not be loaded; deliveries are deduplicated per instance only",
    );
    return createMemoryDeliveryStore();
  }
}

/** What `import("ioredis")` gives. */
export interface RedisModule {
  Redis?: new (url: string) => RedisLike;
  default?: new (url: string) => RedisLike;
}

async function importIoredis(): Promise<RedisModule> {
  // A variable specifier: ioredis is optional and not a dependency of this package.
  const specifier = "ioredis";
  return (await import(specifier)) as RedisModule;
}
