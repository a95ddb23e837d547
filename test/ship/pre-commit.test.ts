/**
 * The pre-commit hook (.pre-commit-hooks.yaml) run by the real `pre-commit` (Debian package
 * `pre-commit`; .ci/run installs it) on commits in a throw-away repository. The hook is declared as a
 * `repo: local` hook with every field of .pre-commit-hooks.yaml except `language` (`system`, so
 * pre-commit installs nothing from the registry) and the command (the compiled bin of this build).
 */
import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { finetuneConfig } from "../cli/helpers.js";
import { git, PROJECT_ROOT, run, stagePackage, tempDir } from "./support.js";

interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  files?: string;
  [key: string]: unknown;
}

const hooks = parse(readFileSync(join(PROJECT_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const hook = hooks.find((h) => h.id === "neox-check");

let work: string;
let repo: string;
let env: Record<string, string>;
let available = true;

beforeAll(async () => {
  const version = await run("pre-commit", ["--version"]);
  if (version.code !== 0) {
    available = false;
    console.log("skipped: pre-commit is not installed (apt-get install pre-commit; .ci/run does)");
    return;
  }
  work = await tempDir("pre-commit");
  const stage = await stagePackage(work);
  repo = join(work, "repo");
  await mkdir(join(repo, "configs"), { recursive: true });
  env = {
    PATH: process.env.PATH ?? "",
    HOME: work,
    PRE_COMMIT_HOME: join(work, "pre-commit-home"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
    NO_COLOR: "1",
  };
  const local = {
    ...hook,
    language: "system",
    entry: (hook?.entry ?? "").replace(
      /^neox-check\b/,
      `${process.execPath} ${join(stage, "bin", "neox-check.js")}`,
    ),
  };
  await writeFile(
    join(repo, ".pre-commit-config.yaml"),
    stringify({ repos: [{ repo: "local", hooks: [local] }] }),
  );
  // Already in the repository: an error (NXC101: finetune in bf16 on deepspeed 0.12.6) and a clean fragment.
  await writeFile(join(repo, "configs", "finetune.yml"), finetuneConfig());
  await writeFile(join(repo, "requirements.txt"), "deepspeed==0.12.6\n");
  await writeFile(join(repo, "configs", "eval.yml"), '# eval settings\n"eval_iters": 10\n');
  await git(repo, ["init", "-q", "-b", "main"]);
  await git(repo, ["add", "-A"]);
  await git(repo, ["commit", "-q", "-m", "start"]);
  const installed = await run("pre-commit", ["install"], { cwd: repo, env });
  if (installed.code !== 0) throw new Error(`pre-commit install: ${installed.stdout}${installed.stderr}`);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const commit = (message: string) => run("git", ["commit", "-m", message], { cwd: repo, env });

describe("the pre-commit hook", () => {
  it("is declared for the staged files: filenames passed, one process", () => {
    expect(hook).toMatchObject({ entry: "neox-check check", language: "node", require_serial: true });
    expect(hook?.pass_filenames).not.toBe(false);
    expect(new RegExp(hook?.files ?? "^$").test("configs/eval.yml")).toBe(true);
    expect(new RegExp(hook?.files ?? "^$").test("requirements/requirements-dev.txt")).toBe(true);
  });

  it("lets a comment-only commit through despite an error in a file it does not touch", async () => {
    if (!available) return;
    await writeFile(
      join(repo, "configs", "eval.yml"),
      '# eval settings, checked nightly\n"eval_iters": 10\n',
    );
    await git(repo, ["add", "configs/eval.yml"]);
    const result = await commit("comment");
    expect(result.stdout + result.stderr).toMatch(/neox-check\.+Passed/);
    expect(result.code).toBe(0);
    expect(await git(repo, ["log", "-1", "--format=%s"])).toBe("comment");
  }, 120_000);

  it("refuses a commit that introduces an error, naming it", async () => {
    if (!available) return;
    await writeFile(join(repo, "configs", "eval.yml"), '# eval settings\n"eval_iters": "ten"\n');
    await git(repo, ["add", "configs/eval.yml"]);
    const result = await commit("break eval");
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/neox-check\.+Failed/);
    expect(output).toContain("configs/eval.yml");
    expect(output).toContain("NXC224");
    expect(output).not.toContain("NXC101");
    expect(result.code).not.toBe(0);
    expect(await git(repo, ["log", "-1", "--format=%s"])).toBe("comment");
  }, 120_000);

  it("checks a staged pin change against the configs it affects", async () => {
    if (!available) return;
    await git(repo, ["checkout", "--", "."]);
    await git(repo, ["reset", "-q", "--hard"]);
    await writeFile(join(repo, "requirements.txt"), "deepspeed==0.12.5\n");
    await git(repo, ["add", "requirements.txt"]);
    const result = await commit("downgrade");
    expect(result.stdout + result.stderr).toContain("NXC101");
    expect(result.code).not.toBe(0);
  }, 120_000);
});
