/**
 * Issue 8, Done-when 5: the App and the CLI show the same judgement. One real repository of the
 * development corpus (`../shared/corpus/EleutherAI__gpt-neox`: gpt-neox at HEAD, whose install paths
 * disagree on DeeperSpeed) is checked by the CLI in-process, and served by the GitHub stand-in as the
 * head of a pull request against an empty base, which the real App server process judges. Every
 * finding of the CLI must be an annotation of the App's check run, at the same place, with the same
 * rule, level and message, and the App must annotate nothing else.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { main } from "../../src/cli/main.js";
import { GitHubStandin } from "../../demo/github-standin.js";
import { generateAppKey, PROJECT_ROOT, readTree, type AppServer } from "../../demo/harness.js";
import { pullRequestEvent, sendWebhook } from "../../demo/webhooks.js";
import { startCompiledServer } from "../support/compiled-build.js";

const CORPUS_REPO = resolve(PROJECT_ROOT, "..", "shared", "corpus", "EleutherAI__gpt-neox");
const present = existsSync(CORPUS_REPO);
if (!present) console.log(`skipping the CLI/App parity test: ${CORPUS_REPO} is absent`);
const describeIfCorpus = present ? describe : describe.skip;

const SECRET = "parity-secret";
const REPO = "eleutherai/gpt-neox";
const LEVEL: Record<string, string> = { error: "failure", warning: "warning", info: "notice" };

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { path: string; line: number };
}

describeIfCorpus("the CLI and the App judge a corpus repository alike", () => {
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  let server: AppServer;

  beforeAll(async () => {
    await standin.start();
    server = await startCompiledServer({
      appId: 98,
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

  it("gives the same findings for gpt-neox at HEAD", async () => {
    let out = "";
    const code = await main(["check", ".", "--format", "json"], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      cwd: CORPUS_REPO,
      color: false,
      today: "2026-01-15",
    });
    expect(code).toBe(1);
    const cli = (JSON.parse(out) as { findings: CliFinding[] }).findings;
    const expected = cli
      // The rule, the place and the level: annotation texts are grouped by root cause (one per place).
      .map((f) => `${f.ruleId}|${f.location.path}:${f.location.line}|${LEVEL[f.severity]}`)
      .sort();

    standin.addRepo(REPO, { "README.md": "# gpt-neox\n" });
    standin.push(REPO, "head", readTree(CORPUS_REPO), "gpt-neox at HEAD");
    const pull = standin.openPull(REPO, "head", { title: "gpt-neox at HEAD", user: "alice" });
    const response = await sendWebhook(server.webhookUrl, pullRequestEvent(standin, pull, "opened"), {
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    // The webhook is answered at once; the run goes on in the server's queue.
    await server.idle();

    const runs = standin.checkRuns.filter((r) => r.head_sha === pull.headSha);
    expect(runs).toHaveLength(1);
    const app = (runs[0]?.annotations ?? [])
      .filter((a) => !String(a.title).endsWith(": fix"))
      .map(
        (a) =>
          `${String(a.title).split(" ")[0] ?? ""}|${String(a.path)}:${String(a.start_line)}|${String(a.annotation_level)}`,
      )
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(app).toEqual(expected);
    // Both fail the change, and neither makes an error of the DeeperSpeed the install paths disagree on.
    expect(runs[0]?.conclusion).toBe("failure");
    expect(cli.filter((f) => f.ruleId === "NXC202").map((f) => f.severity)).not.toContain("error");
  }, 120_000);
});
