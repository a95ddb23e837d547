/**
 * Every GitHub call of a run x {500, 502, 403 secondary rate limit with retry-after, 429, 404, reset
 * connection, slow answer, three failures in a row}: the App in process (Probot.receive) against the
 * GitHub stand-in (a real HTTP server on loopback, so duplicates and lost outputs are observable in
 * its state), with tiny backoffs and time limits. Each case: the check ends completed; never neutral
 * or success for this PR, which introduces an NXC101 error; one summary comment at most; an output
 * that could not be posted is named on the check run.
 */
import nock from "nock";
import { Probot } from "probot";
import { GitHubStandin, type Fault } from "../../demo/github-standin.js";
import { generateAppKey } from "../../demo/harness.js";
import { DEMO_REPO, openFinetunePull, seedDemoRepo } from "../../demo/scenario.js";
import { pullRequestEvent } from "../../demo/webhooks.js";
import { createApp } from "../../src/github/app.js";
import { octokitClassFor } from "../../src/github/octokit-class.js";
import { createAppState } from "../../src/github/state.js";
import { SUMMARY_MARKER } from "../../src/report/index.js";

/** The calls of a run on the flagged demo PR, as method and path on the stand-in. */
const CALLS: Array<[string, string, RegExp]> = [
  ["create check run", "POST", /\/check-runs$/],
  ["list PR files", "GET", /\/pulls\/\d+\/files$/],
  ["read repo config", "GET", /\/contents\//],
  ["merge base (compare)", "GET", /\/compare\//],
  ["list trees", "GET", /\/git\/trees\//],
  ["prefetch blobs (GraphQL)", "POST", /^\/graphql$/],
  ["PR head before publishing", "GET", /\/pulls\/\d+$/],
  ["list comments", "GET", /\/issues\/\d+\/comments$/],
  ["post summary comment", "POST", /\/issues\/\d+\/comments$/],
  ["list review comments", "GET", /\/pulls\/\d+\/comments$/],
  ["post review", "POST", /\/pulls\/\d+\/reviews$/],
  ["complete check run", "PATCH", /\/check-runs\/\d+$/],
];

/** How long the App waits for an answer here, and how long the slow answer takes: twice that. */
const TIMEOUT_MS = 1000;

const FAULTS: Array<[string, Omit<Fault, "method" | "path">]> = [
  ["500", { status: 500, times: 1 }],
  ["502", { status: 502, times: 1 }],
  ["403 secondary rate limit", { status: 403, times: 1, headers: { "retry-after": "0" } }],
  ["429", { status: 429, times: 1, headers: { "retry-after": "0" } }],
  ["404", { status: 404, times: 1 }],
  ["reset connection", { status: 0, times: 1, kind: "reset" }],
  ["slow answer", { status: 200, times: 1, kind: "slow", delayMs: 2 * TIMEOUT_MS }],
  ["three 502s in a row", { status: 502, times: 3 }],
  ["a 502 after the write was applied", { status: 502, times: 1, after: "apply" }],
];

const { privateKey, publicKey } = generateAppKey();

/** One run of the App on the flagged demo PR, on its own stand-in, with `spec` injected. */
async function runCase(call: string, fault: string, spec: Fault): Promise<void> {
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  await standin.start();
  try {
    seedDemoRepo(standin);
    const pull = openFinetunePull(standin);
    const probot = new Probot({
      appId: 1,
      privateKey,
      baseUrl: standin.url,
      logLevel: "fatal",
      Octokit: octokitClassFor({ NEOX_CHECK_THROTTLE: "off" }, { baseMs: 5, timeoutMs: TIMEOUT_MS }),
    });
    const state = createAppState({ today: () => "2026-01-15", publishBackoffMs: 5, runBudgetMs: 20_000 });
    await probot.load(createApp(state));
    standin.faults.push({ ...spec });

    await probot.receive({
      id: `fault-${call}-${fault}`,
      name: "pull_request",
      payload: pullRequestEvent(standin, pull, "opened").payload,
    } as Parameters<Probot["receive"]>[0]);

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    // A create applied by GitHub but answered with an error is found again, not duplicated.
    expect(runs.length).toBe(1);
    const run = runs[0];
    expect(run?.status).toBe("completed");
    expect(["failure", "action_required"]).toContain(run?.conclusion);
    const summaries = standin.issueComments.filter(
      (c) => c.repo === DEMO_REPO && c.user.type === "Bot" && c.body.includes(SUMMARY_MARKER),
    );
    expect(summaries.length).toBeLessThanOrEqual(1);
    const inlineFingerprints = standin.reviewComments.map((c) => c.body);
    expect(new Set(inlineFingerprints).size).toBe(inlineFingerprints.length);
    // Either the summary is there, or the check run says it is not.
    if (summaries.length === 0) {
      expect(`${run?.output.summary ?? ""}\n${run?.output.text ?? ""}`).toMatch(
        /summary comment could not be posted|could not finish/,
      );
    }
  } finally {
    await standin.stop();
  }
}

describe("fault matrix: every GitHub call of a run x transient faults", () => {
  beforeAll(() => {
    nock.enableNetConnect("127.0.0.1");
  });
  afterAll(() => nock.enableNetConnect());

  const cases = CALLS.flatMap(([call, method, path]) =>
    FAULTS.map(([fault, spec]) => [call, fault, { ...spec, method, path }] as const),
  );

  it.each(cases.filter(([, , spec]) => spec.kind !== "slow"))("%s answered with %s", runCase, 20_000);

  // A slow answer is waited for until the time limit: these cases mostly wait, so they wait together
  // (jest's maxConcurrency at a time), each on its own stand-in and App.
  it.concurrent.each(cases.filter(([, , spec]) => spec.kind === "slow"))(
    "%s answered with %s",
    runCase,
    20_000,
  );
});
