/**
 * The load run behind `npm run load` (and, small, test/e2e/load.test.ts): the real server (spawned,
 * loopback only) against the GitHub stand-in, many PRs with rapid pushes, each push's webhook sent
 * once and some twice (a redelivery: the same delivery id), at a fixed concurrency, in push order or
 * shuffled. Measures how fast webhooks are answered and checks what the App left on GitHub.
 */
import { randomUUID } from "node:crypto";
import { GitHubStandin } from "./github-standin.js";
import { demoChange, generateAppKey, startAppServer } from "./harness.js";
import { AFFECTED_PIN, DEMO_REPO, seedDemoRepo } from "./scenario.js";
import { Worker } from "node:worker_threads";
import { pullRequestEvent, type WebhookEvent } from "./webhooks.js";

export interface LoadOptions {
  pulls: number;
  /** Pushes after opening, per PR, drawn from 0..maxPushes (rapid: all pushed before any delivery). */
  maxPushes: number;
  concurrency: number;
  /** The share of deliveries sent a second time with the same id. */
  redelivered: number;
  shuffle: boolean;
  /** A seed for the pseudo-random choices (pushes, redeliveries, order). */
  seed?: number;
  log?: (line: string) => void;
  /** The server to run (see `AppServerOptions.entry`); the TypeScript source by default. */
  entry?: string;
}

export interface LoadResult {
  deliveries: number;
  pulls: number;
  heads: number;
  /** Answer times in ms, sorted. */
  answerMs: number[];
  non200: number;
  seconds: number;
  /** Heads without exactly one check run, or whose run is not completed. */
  badHeads: string[];
  /** PRs whose newest head was marked superseded (or did not pass/fail on its own content). */
  supersededNewest: string[];
  conclusions: Record<string, number>;
  apiRequests: number;
}

/** Runs one load pass; never throws on a violated invariant (the result says), only on a setup failure. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const random = mulberry32(options.seed ?? 42);
  const secret = "load-secret";
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  await standin.start();
  const server = await startAppServer({
    appId: 31,
    privateKey,
    secret,
    gheHost: standin.host,
    ...(options.entry ? { entry: options.entry } : {}),
    env: {
      NEOX_CHECK_RETRY_BASE_MS: "50",
      ...(process.env.NEOX_CHECK_JOBS ? { NEOX_CHECK_JOBS: process.env.NEOX_CHECK_JOBS } : {}),
    },
  });
  try {
    seedDemoRepo(standin);
    const repo = standin.repo(DEMO_REPO);
    const requirements = repo.read(repo.defaultBranch, "requirements/requirements.txt") ?? "";
    const config = demoChange("pythia-160m-finetune.yml");
    const events: Array<{ event: WebhookEvent; id: string }> = [];
    const heads = new Set<string>();
    const newest = new Map<number, string>();
    for (let i = 0; i < options.pulls; i++) {
      const branch = `load-${i}`;
      standin.push(
        DEMO_REPO,
        branch,
        {
          "configs/pythia-160m-finetune.yml": config,
          "requirements/requirements.txt": requirements.replace("deepspeed==0.10.0", AFFECTED_PIN),
        },
        `PR ${i}`,
      );
      const pull = standin.openPull(DEMO_REPO, branch);
      events.push({ event: snapshot(pullRequestEvent(standin, pull, "opened")), id: randomUUID() });
      heads.add(pull.headSha);
      const pushes = Math.floor(random() * (options.maxPushes + 1));
      for (let p = 0; p < pushes; p++) {
        const before = pull.headSha;
        standin.push(DEMO_REPO, branch, { "README.md": `# PR ${i}, push ${p}\n` }, `push ${p}`);
        events.push({
          event: snapshot(pullRequestEvent(standin, pull, "synchronize", before)),
          id: randomUUID(),
        });
        heads.add(pull.headSha);
      }
      newest.set(pull.number, pull.headSha);
    }
    const redeliveries = events.filter(() => random() < options.redelivered).map((e) => ({ ...e }));
    let queue = [...events, ...redeliveries];
    if (options.shuffle) queue = shuffle(queue, random);
    else queue = [...events.flatMap((e) => [e, ...redeliveries.filter((r) => r.id === e.id)])];
    log(
      `${options.pulls} PRs, ${heads.size} heads, ${queue.length} deliveries (${redeliveries.length} redelivered), ` +
        `concurrency ${options.concurrency}, ${options.shuffle ? "shuffled" : "in push order"}`,
    );

    const started = Date.now();
    const { answerMs, non200 } = await sendAll(
      server.webhookUrl,
      secret,
      queue.map((item) => ({ name: item.event.name, id: item.id, body: JSON.stringify(item.event.payload) })),
      options.concurrency,
    );
    log(
      `all ${queue.length} webhooks answered in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the runs`,
    );
    await server.idle(30 * 60_000);
    const seconds = (Date.now() - started) / 1000;

    const badHeads: string[] = [];
    const conclusions: Record<string, number> = {};
    for (const sha of heads) {
      const runs = standin.checkRuns.filter((r) => r.head_sha === sha);
      if (runs.length !== 1 || runs[0]?.status !== "completed") badHeads.push(`${sha}: ${runs.length} runs`);
    }
    for (const run of standin.checkRuns) {
      const key =
        run.output.title === "Superseded by a newer push" ? "superseded" : (run.conclusion ?? "none");
      conclusions[key] = (conclusions[key] ?? 0) + 1;
    }
    const supersededNewest: string[] = [];
    for (const [number, sha] of newest) {
      const run = standin.checkRuns.find((r) => r.head_sha === sha);
      if (run?.output.title === "Superseded by a newer push" || run?.conclusion !== "failure")
        supersededNewest.push(`#${number} ${sha}: ${run?.conclusion ?? "no run"} ${run?.output.title ?? ""}`);
    }
    answerMs.sort((a, b) => a - b);
    return {
      deliveries: queue.length,
      pulls: options.pulls,
      heads: heads.size,
      answerMs,
      non200,
      seconds,
      badHeads,
      supersededNewest,
      conclusions,
      apiRequests: standin.requests.length,
    };
  } finally {
    await server.stop();
    await standin.stop();
  }
}

/**
 * The sender runs in a worker thread with its own event loop: the stand-in, in this thread, is busy
 * answering the App, and its work must not count as the App's answer time.
 */
const SENDER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHmac } = require("node:crypto");
const { url, secret, items, concurrency } = workerData;
const answerMs = [];
let non200 = 0;
let next = 0;
async function lane() {
  while (next < items.length) {
    const item = items[next++];
    const signature = "sha256=" + createHmac("sha256", secret).update(item.body).digest("hex");
    const sent = Date.now();
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": item.name,
        "x-github-delivery": item.id,
        "x-hub-signature-256": signature,
      },
      body: item.body,
    });
    await response.text();
    answerMs.push(Date.now() - sent);
    if (response.status !== 200) non200 += 1;
  }
}
Promise.all(Array.from({ length: concurrency }, lane)).then(() => parentPort.postMessage({ answerMs, non200 }));
`;

function sendAll(
  url: string,
  secret: string,
  items: Array<{ name: string; id: string; body: string }>,
  concurrency: number,
): Promise<{ answerMs: number[]; non200: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: { url, secret, items, concurrency } });
    worker.once("message", (result: { answerMs: number[]; non200: number }) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/** The `q`-quantile of sorted values. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function snapshot(event: WebhookEvent): WebhookEvent {
  return JSON.parse(JSON.stringify(event)) as WebhookEvent;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
