/**
 * End to end: the real server process (`src/github/server.ts`, what `npm start` runs) driven over HTTP
 * with signed webhooks, against the local GitHub stand-in (a real HTTP server, not nock), addressed as
 * a GitHub Enterprise Server (`GHE_HOST=127.0.0.1:<port>`, `GHE_PROTOCOL=http`).
 */
import { GitHubStandin, type PullState, type RecordedRequest } from "../../demo/github-standin.js";
import { demoChange, generateAppKey, type AppServer } from "../../demo/harness.js";
import { DEMO_REPO, FIXED_PIN, openFinetunePull, pushFix, seedDemoRepo } from "../../demo/scenario.js";
import {
  issueCommentEvent,
  pullRequestEvent,
  sendWebhook,
  signWebhook,
  type WebhookEvent,
} from "../../demo/webhooks.js";
import { SUMMARY_MARKER } from "../../src/report/index.js";
import { blobRequests, candidateBlobs, prefetchedOids } from "./blob-requests.js";
import { startCompiledServer } from "../support/compiled-build.js";

const SECRET = "e2e-secret";
const FINETUNE_CONFIG = "configs/pythia-160m-finetune.yml";
const REQUIREMENTS = "requirements/requirements.txt";

describe("the App server end to end (GitHub Enterprise Server addresses)", () => {
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  let server: AppServer;
  let pull: PullState;

  beforeAll(async () => {
    await standin.start();
    seedDemoRepo(standin);
    server = await startCompiledServer({
      appId: 99,
      privateKey,
      secret: SECRET,
      gheHost: standin.host,
      gheProtocol: "http",
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await standin.stop();
  });

  async function deliver(event: WebhookEvent, id?: string): Promise<{ status: number; id: string }> {
    const response = await sendWebhook(server.webhookUrl, event, { secret: SECRET, ...(id ? { id } : {}) });
    if (response.status !== 200) throw new Error(`${response.status} ${response.text}\n${server.output()}`);
    await server.idle();
    return response;
  }

  function lineOf(ref: string, path: string, text: string): number {
    const lines = (standin.repo(DEMO_REPO).read(ref, path) ?? "").split("\n");
    return lines.findIndex((line) => line.includes(text)) + 1;
  }

  function botComments(repo = DEMO_REPO, number = pull.number) {
    return standin.issueComments.filter(
      (c) => c.repo === repo && c.issue_number === number && c.user.type === "Bot",
    );
  }

  it("a flagged PR gets a failing check with annotations on the finetune and pin lines, one summary comment and a review with a suggestion on the pin line", async () => {
    pull = openFinetunePull(standin);
    const before = standin.requests.length;
    await deliver(pullRequestEvent(standin, pull, "opened"));

    // Every file content of head and merge base in one GraphQL request, none over REST.
    const { prefetches, restReads } = blobRequests(standin.requestsSince(before));
    expect(prefetches).toHaveLength(1);
    const mergeBase = standin.repo(DEMO_REPO).mergeBase(pull.baseSha, pull.headSha) ?? "";
    expect(prefetchedOids(prefetches[0] as RecordedRequest).sort()).toEqual(
      candidateBlobs(standin, DEMO_REPO, [pull.headSha, mergeBase]),
    );
    expect(restReads).toEqual([]);

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "neox-check", status: "completed", conclusion: "failure" });
    const finetuneLine = lineOf(pull.headSha, FINETUNE_CONFIG, '"finetune": true');
    const pinLine = lineOf(pull.headSha, REQUIREMENTS, "deepspeed==0.12.6");
    const annotated = runs[0]?.annotations.map((a) => `${String(a.path)}:${String(a.start_line)}`);
    expect(annotated).toEqual(
      expect.arrayContaining([`${FINETUNE_CONFIG}:${finetuneLine}`, `${REQUIREMENTS}:${pinLine}`]),
    );

    expect(botComments()).toHaveLength(1);
    expect(botComments()[0]?.body).toContain(SUMMARY_MARKER);
    expect(botComments()[0]?.body).toContain("NXC101");

    expect(standin.reviews).toHaveLength(1);
    expect(standin.reviews[0]?.event).toBe("COMMENT");
    const onPin = standin.reviewComments.find((c) => c.path === REQUIREMENTS && c.line === pinLine);
    expect(onPin?.body).toContain(`\`\`\`suggestion\n${FIXED_PIN}\n\`\`\``);
  });

  it("the fixing push turns the check green, edits the same single comment and posts no new review comment", async () => {
    const commentId = botComments()[0]?.id;
    const reviewComments = standin.reviewComments.length;
    const before = pushFix(standin, pull);
    await deliver(pullRequestEvent(standin, pull, "synchronize", before));

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(botComments().map((c) => c.id)).toEqual([commentId]);
    expect(botComments()[0]?.body).toContain(SUMMARY_MARKER);
    // Resolved: it says what was fixed, and no longer that the pull request introduces anything.
    expect(botComments()[0]?.body).toContain("### ✅ neox-check: all resolved");
    expect(botComments()[0]?.body).toMatch(
      /Fixed:\n\n- ✅ `deepspeed==0\.12\.6` makes 1 bf16 finetune config/,
    );
    expect(botComments()[0]?.body).not.toContain("introduces");
    expect(standin.reviewComments).toHaveLength(reviewComments);
    expect(standin.reviewComments.every((c) => c.minimized)).toBe(true);
  });

  it("a duplicate delivery changes nothing", async () => {
    const event = pullRequestEvent(standin, pull, "synchronize");
    await deliver(event, "e2e-duplicate");
    const requests = standin.requests.length;
    const again = await sendWebhook(server.webhookUrl, event, { secret: SECRET, id: "e2e-duplicate" });
    expect(again.status).toBe(200);
    await server.idle();
    expect(standin.requests.length).toBe(requests);
  });

  it("a bad signature is rejected with 4xx and causes no API call", async () => {
    const requests = standin.requests.length;
    const event = pullRequestEvent(standin, pull, "synchronize");
    const response = await sendWebhook(server.webhookUrl, event, {
      secret: SECRET,
      signature: signWebhook("not-the-secret", JSON.stringify(event.payload)),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(standin.requests.length).toBe(requests);
  });

  it("/neox-check by a reader runs nothing; by a maintainer it runs", async () => {
    standin.roles.set("rita-reader", "read");
    standin.roles.set("max-maintainer", "maintain");
    const runs = standin.checkRuns.length;

    const byReader = standin.addIssueComment(
      DEMO_REPO,
      pull.number,
      { login: "rita-reader", type: "User" },
      "/neox-check",
    );
    await deliver(issueCommentEvent(standin, byReader));
    expect(standin.checkRuns.length).toBe(runs);
    expect(standin.issueComments.at(-1)?.body).toContain("only people with write access");

    const byMaintainer = standin.addIssueComment(
      DEMO_REPO,
      pull.number,
      { login: "max-maintainer", type: "User" },
      "/neox-check run",
    );
    await deliver(issueCommentEvent(standin, byMaintainer));
    expect(byMaintainer.reactions).toEqual(["eyes"]);
    expect(standin.checkRuns.length).toBe(runs + 1);
    expect(standin.checkRuns.at(-1)).toMatchObject({ head_sha: pull.headSha, conclusion: "success" });
  });

  it("the App's own comment triggers nothing", async () => {
    const own = botComments()[0];
    if (!own) throw new Error("no summary comment");
    const requests = standin.requests.length;
    own.body = `/neox-check\n${own.body}`;
    await deliver(issueCommentEvent(standin, own));
    expect(standin.requests.length).toBe(requests);
  });

  it("a README-only PR gets a success check and no comment", async () => {
    standin.push(DEMO_REPO, "docs", { "README.md": "# pythia-160m-training\n\nNow with docs.\n" }, "Docs");
    const docs = standin.openPull(DEMO_REPO, "docs");
    await deliver(pullRequestEvent(standin, docs, "opened"));
    const runs = standin.checkRuns.filter((r) => r.head_sha === docs.headSha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(botComments(DEMO_REPO, docs.number)).toHaveLength(0);
  });

  it("a requirements-only PR gets the finding on the config it did not touch", async () => {
    const repo = "acme/neox-finetune";
    seedDemoRepo(standin, repo);
    standin.push(
      repo,
      "main",
      { [FINETUNE_CONFIG]: demoChange("pythia-160m-finetune.yml") },
      "Add the finetune config",
    );
    const requirements = standin.repo(repo).read("main", REQUIREMENTS) ?? "";
    standin.push(
      repo,
      "bump-deepspeed",
      { [REQUIREMENTS]: requirements.replace("deepspeed==0.10.0", "deepspeed==0.12.6") },
      "Bump deepspeed",
    );
    const bump = standin.openPull(repo, "bump-deepspeed");
    await deliver(pullRequestEvent(standin, bump, "opened"));

    const run = standin.checkRuns.find((r) => r.head_sha === bump.headSha);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    const finetuneLine =
      (standin.repo(repo).read(bump.headSha, FINETUNE_CONFIG) ?? "")
        .split("\n")
        .findIndex((line) => line.includes('"finetune": true')) + 1;
    expect(run?.annotations).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: FINETUNE_CONFIG, start_line: finetuneLine })]),
    );
    expect(botComments(repo, bump.number)[0]?.body).toContain(FINETUNE_CONFIG);
  });

  it("talked to GitHub only through the Enterprise Server addresses (/api/v3, /api/graphql)", () => {
    expect(standin.requests.length).toBeGreaterThan(0);
    expect(standin.requests.filter((r) => !r.enterprise)).toEqual([]);
    expect(standin.requests.some((r) => r.path === "/graphql")).toBe(true);
    expect(standin.requests.some((r) => /^\/app\/installations\/1\/access_tokens$/.test(r.path))).toBe(true);
  });
});
