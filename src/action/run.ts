/**
 * The GitHub Action's check step (action.yml runs `node dist/action/run.js`): runs the CLI's check in the
 * `path` input's directory (in this process, one analysis for every output), prints its findings as
 * annotations on paths relative to the repository root, writes a job summary ($GITHUB_STEP_SUMMARY), a
 * SARIF file for `github/codeql-action/upload-sarif` and the step's outputs ($GITHUB_OUTPUT: errors,
 * warnings, sarif, failed), and exits 1 when the findings reach fail-on (the input, or else the
 * repository's `fail_on`).
 *
 * On a default checkout (`fetch-depth: 1`) the merge base is not there, so `--base` cannot work: the step
 * then checks the files the pull request or push changes (from `git diff` against the base commit, fetched
 * alone when missing, or from the push event's commit list) with the rest of the repository as context,
 * and says so; when even that is impossible it checks everything and says to use `fetch-depth: 0`.
 */
import { execFile } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { checkInFormats } from "../cli/main.js";
import { encodePath, escapeCommandData, escapeCommandProperty } from "../report/escape.js";

/** More changed files than this and the step checks everything (command lines have limits). */
const MAX_CHANGED_FILES = 1000;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolveResult) => {
    execFile(file, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 2) : 0;
      resolveResult({ code, stdout, stderr });
    });
  });
}

async function git(cwd: string, args: string[]): Promise<string | null> {
  const result = await exec("git", args, cwd);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** What was checked, for the summary and the log. */
interface Plan {
  /** Extra CLI arguments: `--base <ref>` or the changed files. */
  args: string[];
  /** One sentence. */
  note: string;
  /** Nothing to check: the change touches no file under `path`. */
  empty?: boolean;
  /** Shown as a warning annotation too. */
  warn?: boolean;
}

interface EventPayload {
  before?: string;
  pull_request?: { base?: { sha?: string } };
  commits?: Array<{ added?: string[]; modified?: string[] }>;
}

function readEvent(): EventPayload {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as EventPayload;
  } catch {
    return {};
  }
}

const hasCommit = async (cwd: string, sha: string): Promise<boolean> =>
  (await git(cwd, ["cat-file", "-e", `${sha}^{commit}`])) !== null;

/** The files changed since `base` (fetched alone, without history, when the checkout lacks it), or null. */
async function changedSince(cwd: string, base: string): Promise<string[] | null> {
  if (
    !/^[0-9a-f]{40}$/i.test(base) &&
    (await git(cwd, ["rev-parse", "--verify", "--quiet", base])) === null
  ) {
    return null;
  }
  if (!(await hasCommit(cwd, base))) {
    await git(cwd, ["fetch", "--no-tags", "--quiet", "--depth=1", "origin", base]);
    if (!(await hasCommit(cwd, base))) return null;
  }
  const out = await git(cwd, ["diff", "--name-only", "--no-renames", "--diff-filter=d", base, "HEAD"]);
  return out === null ? null : out.split("\n").filter(Boolean);
}

/** The files a push event's commits add or modify (GitHub lists at most 20 commits in the payload). */
function pushedFiles(event: EventPayload): string[] | null {
  if (!event.commits || event.commits.length === 0 || event.commits.length >= 20) return null;
  return [...new Set(event.commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? [])]))];
}

async function plan(dir: string, prefix: string, base: string): Promise<Plan> {
  if (base === "") return { args: [], note: "Checked every file (no base to compare with)." };
  if ((await git(dir, ["merge-base", base, "HEAD"])) !== null) {
    return { args: ["--base", base], note: `Compared with the merge base of \`${base}\` and HEAD.` };
  }
  const event = readEvent();
  const since = event.pull_request?.base?.sha ?? base;
  const files = (await changedSince(dir, since)) ?? (since === base ? null : await changedSince(dir, base));
  const changed = files ?? pushedFiles(event);
  const hint =
    "the checkout has no history back to the merge base: check out with `fetch-depth: 0` (actions/checkout) to compare with it";
  if (changed === null || changed.length > MAX_CHANGED_FILES) {
    return {
      args: [],
      warn: true,
      note: `Checked every file, inherited findings included: ${hint}.`,
    };
  }
  const under = prefix === "" ? "" : `${prefix}/`;
  const local = changed
    .filter((p) => p.startsWith(under))
    .map((p) => p.slice(under.length))
    .filter((p) => existsSync(join(dir, p)) && statSync(join(dir, p)).isFile());
  const what = `the ${local.length} file${local.length === 1 ? "" : "s"} this change touches`;
  return {
    args: local.length === 0 ? [] : ["--", ...local],
    empty: local.length === 0,
    note:
      local.length === 0
        ? `Nothing to check: the change touches no file under \`${prefix || "."}\` (${hint}).`
        : `Checked ${what}, with the rest of the repository as context; ${hint}.`,
  };
}

/** `::error file=<path>,...`: the path made relative to the repository root. */
function prefixAnnotations(commands: string, prefix: string): string {
  if (prefix === "") return commands;
  const escaped = escapeCommandProperty(`${prefix}/`);
  return commands.replace(/^(::(?:error|warning|notice) file=)/gm, `$1${escaped}`);
}

/** SARIF artifact URIs made relative to the repository root, where code scanning resolves them. */
function prefixSarif(value: unknown, prefix: string): unknown {
  if (prefix === "" || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => prefixSarif(v, prefix));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (
      key === "artifactLocation" &&
      v !== null &&
      typeof v === "object" &&
      "uri" in v &&
      typeof v.uri === "string"
    ) {
      out[key] = { ...v, uri: `${encodePath(prefix)}/${v.uri}` };
    } else out[key] = prefixSarif(v, prefix);
  }
  return out;
}

function output(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value}\n`);
}

function summary(text: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, text);
}

interface ReportCounts {
  failed: boolean;
  failOn: string;
  counts: { errors: number; warnings: number };
}

async function main(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const dir = resolve(workspace, process.env.INPUT_PATH || ".");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stdout.write(`::error::neox-check: path ${escapeCommandData(dir)} is not a directory\n`);
    return 2;
  }
  const top = (await git(dir, ["rev-parse", "--show-toplevel"])) ?? workspace;
  const prefix = relative(top, dir).split(sep).join("/");
  const failOn = (process.env.INPUT_FAIL_ON ?? "").trim();
  const sarifPath = resolve(
    workspace,
    process.env.INPUT_SARIF || join(process.env.RUNNER_TEMP ?? workspace, "neox-check.sarif"),
  );

  const what = await plan(dir, prefix, (process.env.INPUT_BASE ?? "").trim());
  process.stdout.write(`neox-check: ${what.note}\n`);
  if (what.warn) process.stdout.write(`::warning title=neox-check::${escapeCommandData(what.note)}\n`);
  if (what.empty) {
    output("errors", "0");
    output("warnings", "0");
    output("failed", "false");
    summary(`## neox-check\n\n${what.note}\n`);
    return 0;
  }

  const args = [...(failOn === "" ? [] : ["--fail-on", failOn]), ...what.args];
  // One analysis, rendered four ways, in this process (the CLI's own `check`, not a child per format).
  let stderr = "";
  const result = await checkInFormats(args, ["json", "github", "markdown", "sarif"], {
    stdout: () => undefined,
    stderr: (text) => void (stderr += text),
    cwd: dir,
    color: false,
    today: new Date().toISOString().slice(0, 10),
    env: process.env,
  });
  if (result.code === 2) {
    process.stdout.write(`::error title=neox-check::${escapeCommandData(stderr.trim())}\n`);
    summary(`## neox-check\n\nThe check could not run:\n\n\`\`\`\n${stderr.trim()}\n\`\`\`\n`);
    return 2;
  }
  const { json, github, markdown, sarif } = result.outputs;
  const report = JSON.parse(json) as ReportCounts;

  process.stdout.write(prefixAnnotations(github, prefix));
  writeFileSync(sarifPath, `${JSON.stringify(prefixSarif(JSON.parse(sarif), prefix), null, 2)}\n`);

  const where = prefix === "" ? "" : ` Paths are relative to \`${prefix}/\`.`;
  summary(`${markdown.trim()}\n\n${what.note}${where}\n`);
  output("errors", String(report.counts.errors));
  output("warnings", String(report.counts.warnings));
  output("sarif", sarifPath);
  output("failed", String(report.failed));
  return report.failed ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stdout.write(`::error title=neox-check::${escapeCommandData(`internal error: ${detail}`)}\n`);
  return 2;
});
