import {
  createDeliveryStore,
  createMemoryDeliveryStore,
  createRedisDeliveryStore,
  DELIVERY_TTL_SECONDS,
  type RedisLike,
} from "../../src/github/delivery-store.js";

describe("delivery stores", () => {
  it("memory: the first claim wins, a release lets the id through again, the set is bounded", async () => {
    const store = createMemoryDeliveryStore(2);
    expect(await store.claim("a")).toBe(true);
    expect(await store.claim("a")).toBe(false);
    await store.release("a");
    expect(await store.claim("a")).toBe(true);
    await store.claim("b");
    await store.claim("c"); // evicts a
    expect(await store.claim("a")).toBe(true);
  });

  it("redis: an atomic SET NX EX per delivery id", async () => {
    const keys = new Map<string, string>();
    const calls: unknown[][] = [];
    const redis: RedisLike = {
      async set(key, value, ...rest) {
        calls.push([key, value, ...rest]);
        if (keys.has(key)) return null;
        keys.set(key, value);
        return "OK";
      },
      async del(key) {
        return keys.delete(key) ? 1 : 0;
      },
    };
    const store = createRedisDeliveryStore(redis);
    expect(await store.claim("d-1")).toBe(true);
    expect(await store.claim("d-1")).toBe(false);
    await store.release("d-1");
    expect(await store.claim("d-1")).toBe(true);
    expect(calls[0]).toEqual(["neox-check:delivery:d-1", "1", "EX", DELIVERY_TTL_SECONDS, "NX"]);
  });

  it("uses Redis when REDIS_URL is set and a client loads", async () => {
    const urls: string[] = [];
    class FakeRedis implements RedisLike {
      constructor(url: string) {
        urls.push(url);
      }
      async set(): Promise<string | null> {
        return "OK";
      }
      async del(): Promise<number> {
        return 1;
      }
    }
    const store = await createDeliveryStore({
      redisUrl: "redis://cache:6379",
      importRedis: async () => ({ Redis: FakeRedis }),
    });
    expect(await store.claim("x")).toBe(true);
    expect(urls).toEqual(["redis://cache:6379"]);
  });

  it("falls back to memory, with a warning, when REDIS_URL is set but no client can be loaded", async () => {
    const warnings: string[] = [];
    const log = { warn: (_meta: unknown, message: string) => warnings.push(message) };
    const store = await createDeliveryStore({
      redisUrl: "redis://127.0.0.1:1",
      log: log as unknown as Parameters<typeof createDeliveryStore>[0]["log"],
      importRedis: async () => Promise.reject(new Error("Cannot find package 'ioredis'")),
    });
    expect(await store.claim("y")).toBe(true);
    expect(await store.claim("y")).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});
