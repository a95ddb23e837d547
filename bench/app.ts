/**
 * 5. The App, end to end, through the demo harness: the local GitHub stand-in (`demo/github-standin.ts`)
 * and the real server process (`npm start`), with signed webhooks over HTTP, as `npm run demo` does.
 *
 * - API requests per run, counted from the stand-in's request log: the first run of the demo PR
 *   (opened: check run, summary comment, review) and each later push (synchronize);
 * - wall time of a push run (webhook sent until the server reports no job queued or running: the App
 *   answers a webhook before its run) against the baseline of a no-op round trip: a signed webhook for
 *   an event the App ignores (a closed PR), which costs the HTTP exchange, signature check, routing and
 *   the one status read that finds the server idle, and nothing else;
 * - the same push run in a repository with 10,000 irrelevant files more, against the run in the demo
 *   repository: the ratio and the request count should stay about the same.
 * Each repetition sends one of each (no-op, push to the demo PR, push to the large-repo PR), order rotating.
 */
import { GitHubStandin, type PullState, type RecordedRequest } from "../demo/github-standin.js";
import { demoRepoFiles, generateAppKey, startAppServer, type AppServer } from "../demo/harness.js";
import { AFFECTED_PIN, FIXED_PIN, openFinetunePull, seedDemoRepo } from "../demo/scenario.js";
import { pullRequestEvent, sendWebhook, type WebhookEvent } from "../demo/webhooks.js";
import { median } from "./measure.js";
import { cpuMs, findChildPid } from "./process-cpu.js";
import type { Row } from "./table.js";
import { irrelevantFiles } from "./workspaces.js";

const SECTION = "5 app";
const SECRET = "bench-webhook-secret";
const APP_ID = 4243;
const LARGE_REPO = "acme/large-training-repo";
const REQUIREMENTS = "requirements/requirements.txt";
const REPS = 5;

interface Delivered {
  ms: number;
  /** CPU time the App server process spent on it (null where `/proc` is not available). */
  appCpuMs: number | null;
  /** CPU time of this process meanwhile: the stand-in answering the App's requests. */
  standinCpuMs: number;
  requests: RecordedRequest[];
}

export async function benchApp(say: (line: string) => void): Promise<Row[]> {
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  let server: AppServer | null = null;
  try {
    await standin.start();
    seedDemoRepo(standin);
    standin.addRepo(LARGE_REPO, { ...demoRepoFiles(), ...irrelevantFiles(10_000) });
    const started = performance.now();
    server = await startAppServer({ appId: APP_ID, privateKey, secret: SECRET, gheHost: standin.host });
    say(
      `   server (npm start) up in ${((performance.now() - started) / 1000).toFixed(1)} s on ${server.url}`,
    );
    return await measure(standin, server);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return [
      skippedRow("the App end to end", "no-op webhook round trip", `the harness did not run: ${reason}`),
    ];
  } finally {
    await server?.stop();
    await standin.stop();
  }
}

async function measure(standin: GitHubStandin, server: AppServer): Promise<Row[]> {
  const pid = findChildPid("src/github/server.ts");
  const appCpu = (): number | null => (pid === null ? null : cpuMs(pid));
  const deliver = async (event: WebhookEvent): Promise<Delivered> => {
    const before = standin.requests.length;
    const cpuBefore = appCpu();
    const ownBefore = process.cpuUsage();
    const start = performance.now();
    const response = await sendWebhook(server.webhookUrl, event, { secret: SECRET });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.text}`);
    // The App answers a webhook before its run (queued): the run is over when the server is idle again.
    await server.idle();
    const ms = performance.now() - start;
    const own = process.cpuUsage(ownBefore);
    const cpuAfter = appCpu();
    return {
      ms,
      appCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      standinCpuMs: (own.user + own.system) / 1000,
      requests: standin.requestsSince(before),
    };
  };
  const demo = openFinetunePull(standin);
  const large = openFinetunePull(standin, LARGE_REPO);
  const noop = (): Promise<Delivered> => deliver(pullRequestEvent(standin, demo, "closed"));
  const push = (pull: PullState): Promise<Delivered> =>
    deliver(pullRequestEvent(standin, pull, "synchronize", togglePin(standin, pull)));

  await noop();
  const first = await deliver(pullRequestEvent(standin, demo, "opened"));
  await deliver(pullRequestEvent(standin, large, "opened"));

  const noops: Delivered[] = [];
  const pushes: Delivered[] = [];
  const largePushes: Delivered[] = [];
  const steps = [
    async () => noops.push(await noop()),
    async () => pushes.push(await push(demo)),
    async () => largePushes.push(await push(large)),
  ];
  for (let rep = 0; rep < REPS; rep += 1) {
    for (let k = 0; k < steps.length; k += 1) await steps[(rep + k) % steps.length]?.();
  }

  const noopMs = median(noops.map((d) => d.ms));
  const pushMs = median(pushes.map((d) => d.ms));
  const largeMs = median(largePushes.map((d) => d.ms));
  const pushCounts = pushes.map((d) => d.requests.length);
  const largeCounts = largePushes.map((d) => d.requests.length);
  const pushCpu = medianOrNull(pushes.map((d) => d.appCpuMs));
  const largeCpu = medianOrNull(largePushes.map((d) => d.appCpuMs));
  const pushStandin = median(pushes.map((d) => d.standinCpuMs));
  const largeStandin = median(largePushes.map((d) => d.standinCpuMs));
  const rows: Row[] = [
    {
      section: SECTION,
      measurement: "API requests, first PR run",
      baseline: "(count)",
      value: first.requests.length,
      kind: "count",
      expect: "about ten",
      notes: `opened: ${breakdown(first.requests, demo.repo)}`,
      raw: { requests: first.requests.map((r) => describe(r, demo.repo)) },
    },
    {
      section: SECTION,
      measurement: "API requests per push run",
      baseline: "(count, median)",
      value: median(pushCounts),
      kind: "count",
      expect: "about ten",
      notes:
        `synchronize x${pushes.length} (${Math.min(...pushCounts)}-${Math.max(...pushCounts)}), pin toggled ` +
        `each time: ${breakdown(pushes[0]?.requests ?? [], demo.repo)}`,
      raw: { counts: pushCounts, first: (pushes[0]?.requests ?? []).map((r) => describe(r, demo.repo)) },
    },
    {
      section: SECTION,
      measurement: "API requests, no-op webhook",
      baseline: "(count, total)",
      value: noops.reduce((n, d) => n + d.requests.length, 0),
      kind: "count",
      expect: "0",
      notes: `pull_request.closed x${noops.length}: the App does not listen to it`,
    },
    {
      section: SECTION,
      measurement: "push run wall time",
      baseline: "no-op webhook round trip",
      value: pushMs / noopMs,
      kind: "ratio",
      range: perRep(pushes, noops),
      expect: "tens (API calls)",
      notes:
        `median of ${pushes.length}; the run makes ${median(pushCounts)} HTTP calls to the local stand-in ` +
        "(no network latency), analyses head and base, and publishes; the first run (token, cold caches) took " +
        `${(first.ms / noopMs).toFixed(0)}x the no-op`,
      raw: {
        pushMs,
        noopMs,
        firstMs: first.ms,
        pushes: pushes.map((d) => d.ms),
        noops: noops.map((d) => d.ms),
      },
    },
  ];
  rows.push(
    pushCpu === null
      ? skippedRow("App CPU per push run", "push run wall time", "/proc is not available here")
      : {
          section: SECTION,
          measurement: "App server CPU per push run",
          baseline: "push run wall time",
          value: pushCpu / pushMs,
          kind: "ratio",
          expect: "share",
          notes:
            "the App process's own CPU (user+system from /proc, 10 ms ticks) as a share of the run; the " +
            `stand-in serving it used ${(pushStandin / pushMs).toFixed(2)}x the wall time in this process`,
          raw: { appCpuMs: pushes.map((d) => d.appCpuMs), standinCpuMs: pushes.map((d) => d.standinCpuMs) },
        },
  );
  rows.push({
    section: SECTION,
    measurement: "push run, +10,000 irrelevant files",
    baseline: "push run, demo repo",
    value: largeMs / pushMs,
    kind: "ratio",
    range: perRep(largePushes, pushes),
    expect: "~1",
    notes:
      `wall time; requests per run ${median(largeCounts)} vs ${median(pushCounts)}, nothing irrelevant fetched; ` +
      `but head and base trees list 10,000 more entries: App CPU ` +
      (pushCpu === null || largeCpu === null ? "n/a" : `x${(largeCpu / pushCpu).toFixed(2)}`) +
      `, stand-in CPU x${(largeStandin / pushStandin).toFixed(2)} (serving the trees)`,
    raw: {
      largeMs,
      pushMs,
      counts: largeCounts,
      runs: largePushes.map((d) => d.ms),
      appCpuMs: largePushes.map((d) => d.appCpuMs),
      standinCpuMs: largePushes.map((d) => d.standinCpuMs),
    },
  });
  return rows;
}

function perRep(runs: Delivered[], base: Delivered[]): [number, number] {
  const ratios = runs.map((d, i) => d.ms / (base[i]?.ms ?? Number.NaN));
  return [Math.min(...ratios), Math.max(...ratios)];
}

function medianOrNull(values: Array<number | null>): number | null {
  return values.some((v) => v === null) ? null : median(values as number[]);
}

/** Pushes the demo PR's other pin (affected <-> fixed) and returns the head SHA before it. */
function togglePin(standin: GitHubStandin, pull: PullState): string {
  const before = pull.headSha;
  const text = standin.repo(pull.repo).read(before, REQUIREMENTS) ?? "";
  const next = text.includes(AFFECTED_PIN)
    ? text.replace(AFFECTED_PIN, FIXED_PIN)
    : text.replace(FIXED_PIN, AFFECTED_PIN);
  standin.push(pull.repo, pull.headRef, { [REQUIREMENTS]: next }, "Toggle the deepspeed pin");
  return before;
}

/** `GET /repos/:repo/git/trees/:sha`; another repository than the PR's (the org's `.github`) keeps its name. */
function describe(request: RecordedRequest, repo: string): string {
  const path = request.path
    .replace(`/repos/${repo}/`, "/repos/:repo/")
    .replace(/[0-9a-f]{40}/g, ":sha")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
  return `${request.method} ${path}`;
}

/** `1 GET pulls/files, 5 GET git/blobs, ...`: the requests grouped by method and path words. */
function breakdown(requests: RecordedRequest[], repo: string): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const words = describe(request, repo)
      .split(/[\s/]+/)
      .filter((w) => w !== "" && !w.startsWith(":") && w !== "repos");
    const key = `${request.method} ${words.slice(1).join("/")}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n} ${key}`).join(", ");
}

function skippedRow(measurement: string, baseline: string, reason: string): Row {
  return {
    section: SECTION,
    measurement,
    baseline,
    value: null,
    kind: "ratio",
    expect: "",
    notes: `skipped: ${reason}`,
  };
}
