/**
 * action.yml run as a runner runs a composite action: each `run:` step with `bash --noprofile --norc -eo
 * pipefail`, its `${{ }}` expressions evaluated, and the environment an Actions runner sets
 * (GITHUB_WORKSPACE, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH,
 * RUNNER_TEMP, ...). `uses:` steps (setup-node, cache) are not run here: the action folder already holds
 * the compiled build and its dependencies, which is what a cache hit restores.
 *
 * The repository is a throw-away one whose checked directory is a subdirectory (`path: sub`), checked out
 * as actions/checkout does by default: `git fetch --depth=1` of the pull request's merge ref.
 */
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { finetuneConfig } from "../cli/helpers.js";
import { git, PROJECT_ROOT, run, stagePackage, tempDir } from "./support.js";

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  "working-directory"?: string;
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(PROJECT_ROOT, "action.yml"), "utf8")) as ActionYml;

let work: string;
let actionPath: string;
let origin: string;
let baseSha: string;

const DUPLICATE =
  '# a partial config\n"train_micro_batch_size_per_gpu": 4\n"train_micro_batch_size_per_gpu": 8\n';

beforeAll(async () => {
  work = await tempDir("action");
  // The action's folder as `uses: neox-check/neox-check@v…` gets it, plus the compiled build and
  // dependencies a cache hit restores.
  actionPath = await stagePackage(work);
  for (const file of ["action.yml", "package-lock.json", "tsconfig.json", "tsconfig.build.json"]) {
    await cp(join(PROJECT_ROOT, file), join(actionPath, file));
  }
  await symlink(join(PROJECT_ROOT, "src"), join(actionPath, "src"), "dir");

  // main: an inherited error (NXC101) under sub/, and a repository config that fails on warnings.
  const source = join(work, "source");
  await mkdir(join(source, "sub", "configs"), { recursive: true });
  await mkdir(join(source, "sub", ".github"), { recursive: true });
  await writeFile(join(source, "sub", "configs", "finetune.yml"), finetuneConfig());
  await writeFile(join(source, "sub", "requirements.txt"), "deepspeed==0.12.6\n");
  await writeFile(join(source, "sub", ".github", "neox-check.yml"), "fail_on: warning\n");
  await writeFile(join(source, "README.md"), "outside the checked directory\n");
  await git(source, ["init", "-q", "-b", "main"]);
  await git(source, ["add", "-A"]);
  await git(source, ["commit", "-q", "-m", "base"]);
  // The pull request: a config with a warning (NXC208) under sub/, and a file outside it.
  await git(source, ["checkout", "-q", "-b", "feature"]);
  await writeFile(join(source, "sub", "configs", "other.yml"), DUPLICATE);
  await writeFile(join(source, "README.md"), "changed outside the checked directory\n");
  await git(source, ["add", "-A"]);
  await git(source, ["commit", "-q", "-m", "add a config"]);
  // main moves on, then GitHub's merge ref (refs/pull/1/merge) merges the PR into it.
  await git(source, ["checkout", "-q", "main"]);
  await writeFile(join(source, "NOTES.txt"), "later on main\n");
  await git(source, ["add", "-A"]);
  await git(source, ["commit", "-q", "-m", "main moves on"]);
  baseSha = await git(source, ["rev-parse", "HEAD"]);
  await git(source, ["merge", "-q", "--no-ff", "-m", "merge", "feature"]);
  await git(source, ["update-ref", "refs/pull/1/merge", "HEAD"]);
  await git(source, ["reset", "-q", "--hard", baseSha]);
  origin = join(work, "origin.git");
  await git(work, ["clone", "-q", "--mirror", source, origin]);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A checkout as actions/checkout makes it: `fetch-depth: 1` (the default) or 0 (all history). */
async function checkout(name: string, depth: 0 | 1): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  await git(dir, ["init", "-q"]);
  await git(dir, ["remote", "add", "origin", `file://${origin}`]);
  const depthArgs = depth === 1 ? ["--depth=1"] : [];
  await git(dir, [
    "fetch",
    "-q",
    "--no-tags",
    ...depthArgs,
    "origin",
    "+refs/pull/1/merge:refs/remotes/pull/1/merge",
  ]);
  if (depth === 0)
    await git(dir, ["fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*"]);
  await git(dir, ["checkout", "-q", "--detach", "refs/remotes/pull/1/merge"]);
  return dir;
}

interface ActionRun {
  code: number;
  log: string;
  outputs: Record<string, string>;
  summary: string;
  sarif: string | null;
}

/** Evaluates the `${{ }}` expressions action.yml uses: inputs, github.event, github.action_path, steps. */
function evaluate(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    let value: unknown = context;
    for (const part of expression.split(".")) {
      if (value === null || typeof value !== "object") throw new Error(`cannot evaluate ${expression}`);
      value = (value as Record<string, unknown>)[part];
    }
    return value === undefined || value === null ? "" : String(value);
  });
}

async function runAction(workspace: string, given: Record<string, string>): Promise<ActionRun> {
  const temp = await tempDir("runner-temp");
  const event = {
    action: "synchronize",
    number: 1,
    pull_request: { number: 1, base: { sha: baseSha, ref: "main" } },
  };
  const eventPath = join(temp, "event.json");
  await writeFile(eventPath, JSON.stringify(event));
  const github = { event, action_path: actionPath, workspace };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputs[name] = given[name] ?? evaluate(spec.default ?? "", { github });
  }
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const summaryPath = join(temp, "step-summary.md");
  await writeFile(summaryPath, "");
  let log = "";
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined) continue;
    const context = { inputs, github, steps };
    const outputPath = join(temp, `output-${index}`);
    await writeFile(outputPath, "");
    const script = join(temp, `step-${index}.sh`);
    await writeFile(script, evaluate(step.run ?? "", context));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: temp,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_ACTION_PATH: actionPath,
      RUNNER_TEMP: temp,
      RUNNER_OS: "Linux",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
    };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(value, context);
    const cwd = step["working-directory"]
      ? join(workspace, evaluate(step["working-directory"], context))
      : workspace;
    expect(step.shell).toBe("bash");
    const result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env });
    log += result.stdout + result.stderr;
    const outputs: Record<string, string> = {};
    for (const line of (await readFile(outputPath, "utf8")).split("\n")) {
      const at = line.indexOf("=");
      if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    if (step.id) steps[step.id] = { outputs };
    code = result.code;
    if (code !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs)) outputs[name] = evaluate(spec.value, { steps });
  const sarifPath = outputs.sarif ?? "";
  return {
    code,
    log,
    outputs,
    summary: await readFile(summaryPath, "utf8"),
    sarif: sarifPath !== "" && existsSync(sarifPath) ? await readFile(sarifPath, "utf8") : null,
  };
}

const annotations = (log: string) => log.split("\n").filter((l) => /^::(error|warning|notice) /.test(l));

describe("action.yml", () => {
  it("is a composite action on Node 24 that caches its build instead of installing from the registry every job", () => {
    expect(action.runs.using).toBe("composite");
    const uses = action.runs.steps.filter((s) => s.uses !== undefined);
    expect(uses.map((s) => s.uses)).toEqual(["actions/setup-node@v4", "actions/cache@v4"]);
    expect(action.inputs["node-version"]?.default).toBe("24");
    expect(action.inputs["fail-on"]?.default).toBe("");
    const build = action.runs.steps.find((s) => s.name === "Build neox-check")?.run ?? "";
    expect(build).toMatch(/if \[ -f dist\/action\/run\.js \]/);
    expect(Object.keys(action.outputs).sort()).toEqual(["errors", "failed", "sarif", "warnings"]);
  });

  it("on a default checkout (fetch-depth: 1) checks the files the pull request changes, with annotations from the repository root", async () => {
    const workspace = await checkout("shallow", 1);
    const result = await runAction(workspace, { path: "sub" });
    // The repository's fail_on (warning) applies: the new warning fails the step, the inherited error is not judged.
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ errors: "0", warnings: "1", failed: "true" });
    expect(annotations(result.log)).toEqual([
      expect.stringMatching(
        /^::warning file=sub\/configs\/other\.yml,line=3,col=1,.*title=NXC208 duplicate-key::/,
      ),
    ]);
    expect(result.log).toContain("Checked the 1 file this change touches");
    expect(result.log).toContain("fetch-depth: 0");
    expect(result.summary).toContain("NXC208");
    expect(result.summary).toContain("Paths are relative to `sub/`");
    expect(result.summary).not.toContain("NXC101");
    const sarif = JSON.parse(result.sarif ?? "null") as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
        }>;
      }>;
    };
    expect(
      sarif.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]),
    ).toContainEqual(["NXC208", "sub/configs/other.yml"]);
  }, 120_000);

  it("the fail-on input overrides the repository's fail_on", async () => {
    const workspace = await checkout("shallow-fail-on", 1);
    const result = await runAction(workspace, { path: "sub", "fail-on": "error" });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ errors: "0", warnings: "1", failed: "false" });
  }, 120_000);

  it("with the whole history (fetch-depth: 0) compares with the merge base", async () => {
    const workspace = await checkout("full", 0);
    const result = await runAction(workspace, { path: "sub", "fail-on": "warning" });
    expect(result.log).toContain(`Compared with the merge base of \`${baseSha}\``);
    expect(result.outputs).toMatchObject({ errors: "0", warnings: "1", failed: "true" });
    expect(annotations(result.log)).toEqual([
      expect.stringMatching(/^::warning file=sub\/configs\/other\.yml,/),
    ]);
    expect(result.code).toBe(1);
  }, 120_000);

  it("says to use fetch-depth: 0 when it cannot tell what changed, and checks everything", async () => {
    const workspace = await checkout("no-origin", 1);
    await git(workspace, ["remote", "remove", "origin"]);
    const result = await runAction(workspace, { path: "sub", "fail-on": "error" });
    expect(annotations(result.log)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^::warning title=neox-check::Checked every file.*fetch-depth: 0/),
        expect.stringMatching(/^::error file=sub\/configs\/finetune\.yml,.*title=NXC101 /),
      ]),
    );
    expect(result.outputs.failed).toBe("true");
    expect(Number(result.outputs.errors)).toBeGreaterThanOrEqual(1);
    expect(result.code).toBe(1);
  }, 120_000);
});
