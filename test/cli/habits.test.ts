/**
 * The command line's habits (ESLint, Ruff, actionlint): --quiet, --output-file, colours, --stdin,
 * --fix, explain, rules, "nothing to check", and `_extends`. Run in process: `main` with injected
 * argv, output and environment.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { main, type CliIo } from "../../src/cli/main.js";
import { colorFromEnv } from "../../src/cli/colors.js";
import type { ReportJson } from "../../src/report/json.js";
import { rules } from "../../src/core/rules/index.js";
import { FINETUNE_LINE, finetuneConfig, gitIn, makeTree, removeTree } from "./helpers.js";

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map(removeTree));
});

async function tree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await makeTree(files);
  temporary.push(dir);
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], cwd: string, io: Partial<CliIo> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    color: false,
    today: "2026-11-27",
    env: {},
    ...io,
  });
  return { code, stdout, stderr };
}

const ESC = "\u001b[";
const flagged = { "configs/finetune.yml": finetuneConfig(), "requirements.txt": "deepspeed==0.12.6\n" };
/** NXC101 (error) plus NXC302 (warning: two files pin deepspeed differently). */
const errorAndWarning = { ...flagged, "requirements-dev.txt": "deepspeed==0.12.5\n" };

describe("--quiet", () => {
  it("shows errors only, with the same exit code", async () => {
    const dir = await tree(errorAndWarning);
    const loud = await cli(["check", "--format", "json"], dir);
    const quiet = await cli(["check", "--format", "json", "--quiet"], dir);
    const severities = (r: Run) => (JSON.parse(r.stdout) as ReportJson).findings.map((f) => f.severity);
    expect(severities(loud)).toEqual(expect.arrayContaining(["error", "warning"]));
    expect(new Set(severities(quiet))).toEqual(new Set(["error"]));
    expect([loud.code, quiet.code]).toEqual([1, 1]);
    const text = await cli(["check", "-q"], dir);
    expect(text.stdout).toContain("NXC101");
    expect(text.stdout).not.toContain("NXC302");
  });
});

describe("--output-file", () => {
  it("writes the report to the file, without colours, and nothing to stdout", async () => {
    const dir = await tree(flagged);
    const run = await cli(["check", "-o", "out/report.txt"], dir, { color: true });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    const written = await readFile(join(dir, "out/report.txt"), "utf8");
    expect(written).toContain("NXC101");
    expect(written).not.toContain(ESC);
  });

  it("keeps colours in the file with --color", async () => {
    const dir = await tree(flagged);
    await cli(["check", "--output-file", "r.txt", "--color"], dir);
    expect(await readFile(join(dir, "r.txt"), "utf8")).toContain(`${ESC}31m`);
  });
});

describe("colours", () => {
  it.each<[string, string[], boolean, boolean]>([
    ["--color on a pipe", ["--color"], false, true],
    ["--no-color on a terminal", ["--no-color"], true, false],
    ["the last of --color and --no-color", ["--color", "--no-color"], true, false],
    ["the last of --no-color and --color", ["--no-color", "--color"], false, true],
    ["the environment's choice without a flag", [], true, true],
  ])("%s", async (_name, flags, envColor, expected) => {
    const dir = await tree(flagged);
    const run = await cli(["check", ...flags], dir, { color: envColor });
    expect(run.stdout.includes(ESC)).toBe(expected);
  });

  it.each<[Record<string, string>, boolean, boolean]>([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true], // no-color.org: only when present and not empty
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "" }, false, false],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
  ])("colorFromEnv(%j, tty=%s) = %s", (env, tty, expected) => {
    expect(colorFromEnv(env, tty)).toBe(expected);
  });
});

describe("--stdin", () => {
  it("checks the text on stdin as the named file, with the files on disk around it", async () => {
    const dir = await tree({
      "requirements.txt": "deepspeed==0.12.6\n",
      "configs/other.yml": finetuneConfig(),
    });
    const run = await cli(
      ["check", "--stdin", "--stdin-filename", "configs/finetune.yml", "--format", "json"],
      dir,
      { readStdin: async () => Buffer.from(finetuneConfig()) },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as ReportJson;
    const paths = new Set(report.findings.map((f) => f.location.path));
    // Only the stdin file is judged (not configs/other.yml); the pin it depends on is read from disk.
    expect(report.findings.find((f) => f.ruleId === "NXC101")?.location).toMatchObject({
      path: "configs/finetune.yml",
      line: FINETUNE_LINE,
    });
    expect(paths.has("configs/other.yml")).toBe(false);
  });

  it("refuses stdin bytes that are not UTF-8 as the same file on disk is refused (one decoder)", async () => {
    const bytes = Buffer.from(`${finetuneConfig()}# caf\xe9\n`, "latin1");
    const dir = await tree({ "requirements.txt": "deepspeed==0.12.6\n" });
    const fromStdin = await cli(
      ["check", "--stdin", "--stdin-filename", "configs/finetune.yml", "--format", "json"],
      dir,
      { readStdin: async () => bytes },
    );
    const onDisk = await tree({ "requirements.txt": "deepspeed==0.12.6\n", "configs/finetune.yml": bytes });
    const fromDisk = await cli(["check", "--format", "json", "configs/finetune.yml"], onDisk);
    const said = (run: Run): unknown => {
      const report = JSON.parse(run.stdout) as ReportJson;
      return { findings: report.findings, diagnostics: report.diagnostics };
    };
    expect(said(fromStdin)).toEqual(said(fromDisk));
    expect((JSON.parse(fromStdin.stdout) as ReportJson).diagnostics).toEqual([
      expect.objectContaining({ path: "configs/finetune.yml", code: "not-utf8" }),
    ]);
  });

  it.each<[string[], string]>([
    [["check", "--stdin"], "--stdin needs --stdin-filename"],
    [["check", "--stdin-filename", "a.yml"], "--stdin-filename needs --stdin"],
    [["check", "--stdin", "--stdin-filename", "a.yml", "--fix"], "cannot be used with --stdin"],
    [["check", "--stdin", "--stdin-filename", "../a.yml"], "must be a file inside"],
  ])("%j is a usage error", async (argv, message) => {
    const dir = await tree({ "a.txt": "" });
    const run = await cli(argv, dir, { readStdin: async () => Buffer.alloc(0) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe("--fix", () => {
  it("applies the fix edits on a copy, says what changed, and is idempotent", async () => {
    const dir = await tree(flagged);
    const first = await cli(["check", "--fix"], dir);
    expect(first.stderr).toBe("neox-check: fixed requirements.txt (1 edit on line 1; NXC101)\n");
    expect(await readFile(join(dir, "requirements.txt"), "utf8")).toBe("deepspeed==0.13.0\n");
    // The report is of the fixed files: NXC101 is gone.
    expect(first.stdout).not.toContain("NXC101");
    expect(first.code).toBe(0);
    const config = await readFile(join(dir, "configs/finetune.yml"), "utf8");

    const second = await cli(["check", "--fix"], dir);
    expect(second.stderr).toBe("neox-check: nothing to fix\n");
    expect(second.stdout).toBe(first.stdout);
    expect(await readFile(join(dir, "requirements.txt"), "utf8")).toBe("deepspeed==0.13.0\n");
    expect(await readFile(join(dir, "configs/finetune.yml"), "utf8")).toBe(config);
  });

  it("leaves suppressed findings alone", async () => {
    const dir = await tree({
      ...flagged,
      "configs/finetune.yml": finetuneConfig().replace(
        '"finetune": true,',
        '"finetune": true,  # neox-check: ignore NXC101 -- cluster image has 0.13.1',
      ),
    });
    const run = await cli(["check", "--fix"], dir);
    expect(run.stderr).toBe("neox-check: nothing to fix\n");
    expect(await readFile(join(dir, "requirements.txt"), "utf8")).toContain("deepspeed==0.12.6");
  });
});

describe("explain and rules", () => {
  it("explains a rule by id or name: its page, its advisories, how to silence it", async () => {
    const byId = await cli(["explain", "nxc101"], process.cwd());
    expect(byId.code).toBe(0);
    expect(byId.stdout.startsWith("# NXC101 finetune-bf16-stale-master-weights")).toBe(true);
    expect(byId.stdout).toContain("Advisories:");
    expect(byId.stdout).toContain("# neox-check: ignore NXC101 -- reason");
    const byName = await cli(["explain", "finetune-bf16-stale-master-weights"], process.cwd());
    expect(byName.stdout).toBe(byId.stdout);
    const json = await cli(["explain", "NXC101", "--format", "json"], process.cwd());
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: "NXC101",
      severity: "error",
      advisories: [expect.anything()],
    });
  });

  it("refuses an unknown rule with exit 2", async () => {
    const run = await cli(["explain", "NXC999"], process.cwd());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no such rule: NXC999");
  });

  it("lists every rule", async () => {
    const text = await cli(["rules"], process.cwd());
    expect(text.code).toBe(0);
    for (const rule of rules) {
      expect(text.stdout).toMatch(
        new RegExp(`^${rule.meta.id}  ${rule.meta.severity} +${rule.meta.name} `, "m"),
      );
    }
    const json = await cli(["rules", "--format", "json"], process.cwd());
    expect((JSON.parse(json.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual(
      rules.map((r) => r.meta.id),
    );
  });

  it("rejects check options on them", async () => {
    const run = await cli(["rules", "--quiet"], process.cwd());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--quiet is an option of check, not rules");
  });
});

describe("what the summary line says", () => {
  it("says nothing to check for a folder with no config or dependency file", async () => {
    const dir = await tree({ "README.md": "# notes\n", "etc/hosts": "127.0.0.1 localhost\n" });
    const text = await cli(["check"], dir);
    expect(text).toMatchObject({
      code: 0,
      stdout: "No GPT-NeoX config or dependency file found: nothing to check.\n",
    });
    const github = await cli(["check", "--format", "github"], dir);
    expect(github.stdout).toContain("nothing to check");
    expect(github.stdout).not.toContain("passed");
  });

  it("still reports a broken repo config in such a folder", async () => {
    const dir = await tree({ ".github/neox-check.yml": "rules:\n  NXC999: off\n" });
    const run = await cli(["check"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("no such rule: NXC999");
    expect(run.stdout).toMatch(/^error +NXC001 /m);
    expect(run.stdout).toMatch(/^ +\.github\/neox-check\.yml:2:3$/m);
  });

  it("counts info findings as info, as the lines name them", async () => {
    const config = finetuneConfig({ finetune: false }).replace(
      '"zero_optimization": { "stage": 1 }',
      '"zero_optimization": { "stage": 1, "cpu_offload": true }',
    );
    const dir = await tree({ "configs/run.yml": config, "requirements.txt": "deepspeed==0.13.0\n" });
    const run = await cli(["check"], dir);
    expect(run.stdout).toMatch(/^info +NXC219 /m);
    expect(run.stdout).toMatch(/\(1 info\)/);
    expect(run.stdout).not.toMatch(/note/);
  });
});

describe("_extends on the command line", () => {
  const local = "_extends: models:.github/neox-base.yml\nrules:\n  NXC204: off\n";
  const base = "fail_on: never\n";

  it("follows it into this repository (GITHUB_REPOSITORY, as Actions sets it)", async () => {
    const dir = await tree({ ...flagged, ".github/neox-check.yml": local, ".github/neox-base.yml": base });
    const run = await cli(["check", "--format", "json"], dir, { env: { GITHUB_REPOSITORY: "acme/models" } });
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.findings.filter((f) => f.ruleId === "NXC001")).toEqual([]);
    expect(report.failOn).toBe("never");
    expect(run.code).toBe(0);
  });

  it("knows the repository from the origin remote, even when checking only some files", async () => {
    const dir = await tree({ ...flagged, ".github/neox-check.yml": local, ".github/neox-base.yml": base });
    await gitIn(dir, ["init", "-q"]);
    await gitIn(dir, ["remote", "add", "origin", "git@github.com:acme/models.git"]);
    const run = await cli(["check", "configs/finetune.yml", "requirements.txt", "--format", "json"], dir);
    expect((JSON.parse(run.stdout) as ReportJson).failOn).toBe("never");
    expect(run.code).toBe(0);
  });

  it("warns that another repository cannot be resolved offline, and uses the local keys", async () => {
    const dir = await tree({
      ...flagged,
      ".github/neox-check.yml": "_extends: acme/policies\nfail_on: never\n",
    });
    const run = await cli(["check"], dir, { env: { GITHUB_REPOSITORY: "acme/models" } });
    expect(run.stdout).toMatch(
      /^warning +NXC001 +The neox-check configuration's `_extends` could not be followed/m,
    );
    expect(run.stdout).toContain("never fetches over the network");
    expect(run.code).toBe(0);
  });
});
