/**
 * `npm run demo`: neox-check end to end with no GitHub account and no network. Starts a local
 * stand-in for GitHub's API serving the bundled example repository, starts the real App server
 * against it (as a GitHub Enterprise Server), sends it signed webhooks for a PR that enables
 * `finetune` with bf16 on `deepspeed==0.12.6` and then for a push that fixes it, and prints (and
 * writes under `demo-output/`) the check runs, the summary comment and the review the App posted.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GitHubStandin, type CheckRunState } from "./github-standin.js";
import { generateAppKey, PROJECT_ROOT, startAppServer, type AppServer } from "./harness.js";
import { DEMO_REPO, openFinetunePull, pushFix, seedDemoRepo } from "./scenario.js";
import { pullRequestEvent, sendWebhook } from "./webhooks.js";

const SECRET = "demo-webhook-secret";
const APP_ID = 4242;
const OUTPUT_DIR = join(PROJECT_ROOT, "demo-output");

async function main(): Promise<void> {
  const started = Date.now();
  const { privateKey, publicKey } = generateAppKey();
  const standin = new GitHubStandin({ appPublicKey: publicKey });
  await standin.start();
  let server: AppServer | null = null;
  try {
    seedDemoRepo(standin);
    say(`GitHub stand-in on ${standin.url}, serving ${DEMO_REPO} (test/fixtures/demo-repo)`);
    server = await startAppServer({ appId: APP_ID, privateKey, secret: SECRET, gheHost: standin.host });
    say(`neox-check server (npm start) on ${server.url}, GHE_HOST=${standin.host} GHE_PROTOCOL=http`);

    const pull = openFinetunePull(standin);
    say(
      `\n1. PR #${pull.number} "${pull.title}": adds configs/pythia-160m-finetune.yml, pins deepspeed==0.12.6`,
    );
    await deliver(server, pullRequestEvent(standin, pull, "opened"));
    const flaggedComment = summaryComment(standin);

    const before = pushFix(standin, pull);
    say(`2. Push ${pull.headSha.slice(0, 7)}: deepspeed==0.13.0`);
    await deliver(server, pullRequestEvent(standin, pull, "synchronize", before));

    const outputs = render(standin, flaggedComment);
    rmSync(OUTPUT_DIR, { recursive: true, force: true });
    mkdirSync(OUTPUT_DIR, { recursive: true });
    for (const { name, text, brief } of outputs) {
      writeFileSync(join(OUTPUT_DIR, name), `${text}\n`);
      process.stdout.write(
        `\n${"=".repeat(100)}\ndemo-output/${name}\n${"=".repeat(100)}\n${brief ?? text}\n`,
      );
    }
    say(
      `\n${standin.checkRuns.length} check runs, ${standin.issueComments.length} comment, ${standin.reviews.length} review, ` +
        `${standin.requests.length} API requests; written to demo-output/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await server?.stop();
    await standin.stop();
  }
}

async function deliver(server: AppServer, event: ReturnType<typeof pullRequestEvent>): Promise<void> {
  const response = await sendWebhook(server.webhookUrl, event, { secret: SECRET });
  if (response.status !== 200) {
    throw new Error(`the server answered ${response.status} ${response.text}\n${server.output()}`);
  }
  await server.idle();
  say(`   webhook ${event.name}.${String(event.payload.action)} -> ${response.status}`);
}

function summaryComment(standin: GitHubStandin): string {
  return standin.issueComments.find((c) => c.user.type === "Bot")?.body ?? "(no summary comment)";
}

/** One output: the Markdown file, and what the terminal shows of it (the whole text unless `brief`). */
interface Output {
  name: string;
  text: string;
  brief?: string;
}

function render(standin: GitHubStandin, flaggedComment: string): Output[] {
  const files: Output[] = [];
  for (const [index, run] of standin.checkRuns.entries()) {
    files.push({
      name: `check-run-${index + 1}.md`,
      text: checkRunMarkdown(run, true),
      brief: `${checkRunMarkdown(run, false)}\n\n(the check run's details are in the file)`,
    });
  }
  files.push({ name: "summary-comment-after-push-1.md", text: flaggedComment });
  files.push({ name: "summary-comment-after-push-2.md", text: summaryComment(standin) });
  const reviews = standin.reviews.map((review) => {
    const comments = standin.reviewComments.filter((c) => review.comments.includes(c.id));
    return [
      `# Review ${review.id} (${review.event}) on ${review.commit_id.slice(0, 7)}`,
      "",
      review.body,
      ...comments.map((c) =>
        [
          "",
          `## Inline comment on \`${c.path}\` line ${c.line}${c.minimized ? " (minimized as outdated)" : ""}`,
          "",
          c.body,
        ].join("\n"),
      ),
    ].join("\n");
  });
  files.push({ name: "review.md", text: reviews.join("\n\n") || "(no review)" });
  return files;
}

function checkRunMarkdown(run: CheckRunState, details: boolean): string {
  const lines = [
    `# Check run \`${run.name}\` on ${run.head_sha.slice(0, 7)}: ${run.status}, ${run.conclusion ?? "no conclusion"}`,
    "",
    `## ${run.output.title ?? ""}`,
    "",
    run.output.summary ?? "",
  ];
  if (run.annotations.length > 0) {
    lines.push("", "## Annotations", "");
    for (const a of run.annotations) {
      lines.push(
        `- \`${String(a.path)}:${String(a.start_line)}\` **${String(a.annotation_level)}** ${String(a.title ?? "")}: ${firstLine(String(a.message))}`,
      );
    }
  }
  if (details && run.output.text) lines.push("", "## Details", "", run.output.text);
  return lines.join("\n");
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
