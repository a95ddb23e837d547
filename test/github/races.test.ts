/**
 * Races and spam, with the App in process against the GitHub stand-in: out-of-order `synchronize`
 * deliveries and a GitHub that still names the previous head never mark the newest head superseded;
 * a read-only user's 20 `/neox-check` comments get one reply; a failed 👀 reaction does not stop a
 * run; a failed permission lookup is answered once.
 */
import nock from "nock";
import { Probot } from "probot";
import { GitHubStandin, type PullState } from "../../demo/github-standin.js";
import { generateAppKey } from "../../demo/harness.js";
import { DEMO_REPO, openFinetunePull, pushFix, seedDemoRepo } from "../../demo/scenario.js";
import { issueCommentEvent, pullRequestEvent, type WebhookEvent } from "../../demo/webhooks.js";
import { createApp } from "../../src/github/app.js";
import { octokitClassFor } from "../../src/github/octokit-class.js";
import { createAppState } from "../../src/github/state.js";

const { privateKey, publicKey } = generateAppKey();

describe("races and spam", () => {
  let standin: GitHubStandin;
  let probot: Probot;
  let deliveries = 0;

  beforeAll(() => nock.enableNetConnect("127.0.0.1"));
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    standin = new GitHubStandin({ appPublicKey: publicKey });
    await standin.start();
    seedDemoRepo(standin);
    probot = new Probot({
      appId: 1,
      privateKey,
      baseUrl: standin.url,
      logLevel: "fatal",
      Octokit: octokitClassFor({ NEOX_CHECK_THROTTLE: "off" }, { baseMs: 5, timeoutMs: 2000 }),
    });
    await probot.load(createApp(createAppState({ today: () => "2026-01-15", publishBackoffMs: 5 })));
  });
  afterEach(() => standin.stop());

  function deliver(event: WebhookEvent): Promise<void> {
    deliveries += 1;
    return probot.receive({
      id: `race-${deliveries}`,
      name: event.name,
      payload: event.payload,
    } as Parameters<Probot["receive"]>[0]);
  }

  function runsAt(sha: string) {
    return standin.checkRuns.filter((r) => r.head_sha === sha);
  }

  it("the older push's event arriving last supersedes only the older head", async () => {
    const pull = openFinetunePull(standin);
    const older = pull.headSha;
    const olderEvent = pullRequestEvent(standin, pull, "synchronize");
    pushFix(standin, pull);
    const newer = pull.headSha;
    await deliver(pullRequestEvent(standin, pull, "synchronize", older));
    await deliver(olderEvent);

    expect(runsAt(newer)).toHaveLength(1);
    expect(runsAt(newer)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(runsAt(older)).toHaveLength(1);
    expect(runsAt(older)[0]).toMatchObject({
      status: "completed",
      output: { title: "Superseded by a newer push" },
    });
  });

  it("GitHub still naming the previous head (a late answer) does not supersede the newest push", async () => {
    const pull = openFinetunePull(standin);
    const older = pull.headSha;
    pushFix(standin, pull);
    const newer = pull.headSha;
    const event = pullRequestEvent(standin, pull, "synchronize", older);
    (pull as PullState).headSha = older;
    await deliver(event);

    expect(runsAt(newer)).toHaveLength(1);
    expect(runsAt(newer)[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("a read-only user commenting /neox-check 20 times gets one reply, then reactions", async () => {
    const pull = openFinetunePull(standin);
    standin.roles.set("rita", "read");
    const comments = [];
    for (let i = 0; i < 20; i++) {
      const comment = standin.addIssueComment(
        DEMO_REPO,
        pull.number,
        { login: "rita", type: "User" },
        "/neox-check",
      );
      comments.push(comment);
      await deliver(issueCommentEvent(standin, comment));
    }
    const replies = standin.issueComments.filter((c) => c.user.type === "Bot");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("@rita");
    expect(comments.slice(1).every((c) => c.reactions.includes("-1"))).toBe(true);
    expect(standin.checkRuns).toHaveLength(0);
  });

  it("a failed 👀 reaction does not stop the run", async () => {
    const pull = openFinetunePull(standin);
    standin.roles.set("max", "maintain");
    standin.faults.push({ method: "POST", path: /\/reactions$/, status: 500, times: 1 });
    const comment = standin.addIssueComment(
      DEMO_REPO,
      pull.number,
      { login: "max", type: "User" },
      "/neox-check",
    );
    await deliver(issueCommentEvent(standin, comment));
    expect(runsAt(pull.headSha)).toHaveLength(1);
    expect(runsAt(pull.headSha)[0]).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("a 403 on the permission lookup is answered once, not dropped", async () => {
    const pull = openFinetunePull(standin);
    standin.faults.push({ method: "GET", path: /\/permission$/, status: 403, times: 5 });
    for (let i = 0; i < 3; i++) {
      const comment = standin.addIssueComment(
        DEMO_REPO,
        pull.number,
        { login: "eve", type: "User" },
        "/neox-check",
      );
      await deliver(issueCommentEvent(standin, comment));
    }
    const replies = standin.issueComments.filter((c) => c.user.type === "Bot");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("could not check your permission");
  });

  it("a 10 MB config in the PR ends with a conclusion and a diagnostic naming the file", async () => {
    standin.push(
      DEMO_REPO,
      "huge",
      { "configs/huge.yml": `train_iters: 1\n# ${"x".repeat(10 * 1024 * 1024)}\n` },
      "A 10 MB config",
    );
    const pull = standin.openPull(DEMO_REPO, "huge");
    await deliver(pullRequestEvent(standin, pull, "opened"));
    const run = runsAt(pull.headSha)[0];
    expect(run?.status).toBe("completed");
    expect(run?.conclusion).not.toBe("neutral");
    expect(`${run?.output.summary ?? ""}\n${run?.output.text ?? ""}`).toContain("configs/huge.yml");
  }, 180_000);

  it("a run that cannot finish ends with the repository's on_error choice and a Re-run button", async () => {
    standin.push(DEMO_REPO, "main", { ".github/neox-check.yml": "on_error: action_required\n" }, "on_error");
    const pull = openFinetunePull(standin);
    standin.faults.push({ method: "GET", path: /\/git\/trees\//, status: 404, times: 10 });
    await deliver(pullRequestEvent(standin, pull, "opened"));
    const run = runsAt(pull.headSha)[0];
    expect(run).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(run?.output.summary).toContain("STANDIN:");
    const completing = standin.requests.filter(
      (r) => r.method === "PATCH" && r.path.includes("/check-runs/"),
    );
    expect(completing.at(-1)?.body).toMatchObject({ actions: [{ identifier: "rerun" }] });
  });
});
