import { KeyedQueue } from "../../src/github/keyed-queue.js";
import { LRUCache } from "lru-cache";

// The caches are lru-cache's LRUCache: the behaviour they rely on, as it was tested on our own Lru.
describe("LRUCache as the caches use it", () => {
  it("evicts the least recently used entry past its capacity", () => {
    const lru = new LRUCache<string, number>({ max: 2 });
    lru.set("a", 1).set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(lru.has("b")).toBe(false);
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
    expect(lru.size).toBe(2);
  });

  it("rejects a cache without a bound", () => {
    expect(() => new LRUCache<string, number>({ max: 0 })).toThrow(TypeError);
  });
});

describe("KeyedQueue", () => {
  it("runs tasks of one key one at a time, in order, and other keys alongside", async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run("pr#1", async () => {
      events.push("1:start");
      await gate;
      events.push("1:end");
    });
    const second = queue.run("pr#1", async () => {
      events.push("2:run");
    });
    const other = queue.run("pr#2", async () => {
      events.push("other:run");
    });
    await other;
    expect(events).toEqual(["1:start", "other:run"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["1:start", "other:run", "1:end", "2:run"]);
  });

  it("goes on after a failed task and forgets idle keys", async () => {
    const queue = new KeyedQueue();
    await expect(queue.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run("k", async () => 42)).resolves.toBe(42);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });
});
