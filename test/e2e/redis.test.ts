/**
 * End to end with a real Redis: two real server processes (`src/github/server.ts`) share one
 * `REDIS_URL`, as two instances behind a load balancer do, and GitHub's same delivery reaching both
 * runs once. Needs `NEOX_CHECK_TEST_REDIS_URL` (CI starts a local `redis-server` and sets it); skips
 * with a printed reason otherwise. The test owns a dedicated database index (5 unless the URL names
 * one) and flushes it before and after.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { GitHubStandin, type PullState } from "../../demo/github-standin.js";
import { generateAppKey, type AppServer } from "../../demo/harness.js";
import { DEMO_REPO, openFinetunePull, seedDemoRepo } from "../../demo/scenario.js";
import { pullRequestEvent, sendWebhook, type WebhookEvent } from "../../demo/webhooks.js";
import { DELIVERY_TTL_SECONDS } from "../../src/github/delivery-store.js";
import { SUMMARY_MARKER } from "../../src/report/index.js";
import { blobRequests } from "./blob-requests.js";
import { startCompiledServer } from "../support/compiled-build.js";

const SECRET = "e2e-redis-secret";
/** The key the delivery store claims (`createRedisDeliveryStore`'s default prefix). */
const DELIVERY_KEY_PREFIX = "neox-check:delivery:";
/** The database index the test owns when the URL names none. */
const DEDICATED_DB = "5";

type RedisProbe = { ok: true; url: string } | { ok: false; reason: string };

/** The URL to use (with its dedicated database index), or why there is no usable Redis. */
async function probeRedis(given: string | undefined): Promise<RedisProbe> {
  if (!given) return { ok: false, reason: "NEOX_CHECK_TEST_REDIS_URL is not set" };
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return { ok: false, reason: `NEOX_CHECK_TEST_REDIS_URL is not a URL: ${given}` };
  }
  if (url.pathname === "" || url.pathname === "/") url.pathname = `/${DEDICATED_DB}`;
  const client = new Redis(url.toString(), {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints "Unhandled error event"; the event also says why (ECONNREFUSED),
  // where the rejected connect() only says "Connection is closed".
  let lastError = "";
  client.on("error", (error: Error) => (lastError = error.message));
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== "PONG") return { ok: false, reason: `Redis at ${given} answered ${pong} to PING` };
    return { ok: true, url: url.toString() };
  } catch (error) {
    const why = lastError || (error instanceof Error ? error.message : String(error));
    return { ok: false, reason: `Redis at ${given} does not answer (${why})` };
  } finally {
    client.disconnect();
  }
}

const probe = await probeRedis(process.env.NEOX_CHECK_TEST_REDIS_URL);

describe("two App servers sharing one Redis (REDIS_URL)", () => {
  if (!probe.ok) {
    it("is skipped: no Redis to test against", () => {
      console.log(`skipped: ${probe.reason}`);
    });
    return;
  }
  const redisUrl = probe.url;

  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const servers: AppServer[] = [];
  let pull: PullState;

  beforeAll(async () => {
    await redis.flushdb();
    await standin.start();
    seedDemoRepo(standin);
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startCompiledServer({
          appId: 99,
          privateKey,
          secret: SECRET,
          gheHost: standin.host,
          gheProtocol: "http",
          redisUrl,
          // "duplicate delivery ignored" is an info line: it tells which process skipped the delivery.
          logLevel: "info",
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await standin.stop();
    await redis.flushdb();
    redis.disconnect();
  });

  /** Sends one delivery to every server at once, as a redelivery racing the original would. */
  async function deliverToAll(event: WebhookEvent, id: string): Promise<void> {
    const responses = await Promise.all(
      servers.map((server) => sendWebhook(server.webhookUrl, event, { secret: SECRET, id })),
    );
    responses.forEach((response, i) => {
      if (response.status !== 200) {
        throw new Error(`server ${i}: ${response.status} ${response.text}\n${servers[i]?.output()}`);
      }
    });
    await Promise.all(servers.map((server) => server.idle()));
  }

  function botComments() {
    return standin.issueComments.filter(
      (c) => c.repo === DEMO_REPO && c.issue_number === pull.number && c.user.type === "Bot",
    );
  }

  /** How many servers logged that they ignored delivery `id` as a duplicate. */
  function ignoredBy(id: string): number {
    return servers.filter((server) =>
      server
        .output()
        .split("\n")
        .some((line) => line.includes("duplicate delivery ignored") && line.includes(id)),
    ).length;
  }

  /** Connections to the test's database other than this test's own. */
  async function otherClients(): Promise<number> {
    const own = await redis.client("ID");
    const db = new URL(redisUrl).pathname.slice(1);
    const list = String(await redis.client("LIST"));
    return list.split("\n").filter((line) => line.includes(` db=${db} `) && !line.startsWith(`id=${own} `))
      .length;
  }

  it("the same delivery sent to both servers at once runs once: one check run, one summary comment, one review", async () => {
    pull = openFinetunePull(standin);
    const id = `redis-e2e-${randomUUID()}`;
    await deliverToAll(pullRequestEvent(standin, pull, "opened"), id);

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "neox-check", status: "completed", conclusion: "failure" });
    expect(
      standin.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs")),
    ).toHaveLength(1);
    // The one run read every file content in one GraphQL request (throttled through Redis too).
    expect(blobRequests(standin.requests)).toEqual({ prefetches: [expect.anything()], restReads: [] });
    expect(botComments()).toHaveLength(1);
    expect(botComments()[0]?.body).toContain(SUMMARY_MARKER);
    expect(standin.reviews).toHaveLength(1);
    expect(ignoredBy(id)).toBe(1);
    // Each server holds its own connections to this database: the delivery store's and the ones
    // Probot's Bottleneck throttling opens for the same REDIS_URL.
    expect(await otherClients()).toBeGreaterThanOrEqual(servers.length * 2);

    const ttl = await redis.ttl(`${DELIVERY_KEY_PREFIX}${id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(DELIVERY_TTL_SECONDS);
  });

  it("a different delivery id for the same PR runs again, once, and edits the same summary comment", async () => {
    const commentId = botComments()[0]?.id;
    const reviewComments = standin.reviewComments.length;
    const id = `redis-e2e-${randomUUID()}`;
    await deliverToAll(pullRequestEvent(standin, pull, "opened"), id);

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(botComments().map((c) => c.id)).toEqual([commentId]);
    expect(standin.reviewComments).toHaveLength(reviewComments);
    expect(ignoredBy(id)).toBe(1);
    expect(await redis.exists(`${DELIVERY_KEY_PREFIX}${id}`)).toBe(1);
  });
});
