/**
 * After a restart, the server completes the check runs a previous process left `in_progress` (older
 * than the run budget) on the heads of open PRs, without waiting for an event.
 */
import { GitHubStandin } from "../../demo/github-standin.js";
import { generateAppKey, type AppServer } from "../../demo/harness.js";
import { DEMO_REPO, openFinetunePull, seedDemoRepo } from "../../demo/scenario.js";
import { startCompiledServer } from "../support/compiled-build.js";

describe("the startup sweep", () => {
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  let server: AppServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await standin.stop();
  });

  it("completes a stale in_progress run (failure, Re-run) and leaves a fresh one alone", async () => {
    await standin.start();
    seedDemoRepo(standin);
    const pull = openFinetunePull(standin);
    const base = { repo: DEMO_REPO, name: "neox-check", head_sha: pull.headSha, status: "in_progress" };
    const fields = { conclusion: null, output: {}, annotations: [], annotationBatches: [] };
    standin.checkRuns.push(
      { id: 1, ...base, ...fields, started_at: new Date(Date.now() - 3600_000).toISOString() },
      { id: 2, ...base, ...fields, started_at: new Date().toISOString() },
    );
    server = await startCompiledServer({
      appId: 5,
      privateKey,
      secret: "s",
      gheHost: standin.host,
    });
    const until = Date.now() + 20_000;
    while (standin.checkRuns[0]?.status !== "completed" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(standin.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(standin.checkRuns[0]?.output.summary).toContain("left unfinished");
    expect(standin.checkRuns[1]?.status).toBe("in_progress");
  }, 60_000);
});
