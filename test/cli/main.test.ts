/**
 * The CLI end to end: its `main` (what `bin/neox-check.js` runs) on directories and git repositories
 * made here, and on the shared corpus when it is present.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { InspectJson } from "../../src/cli/inspect.js";
import { checkInFormats } from "../../src/cli/main.js";
import type { ReportJson } from "../../src/report/json.js";
import type { SarifLog } from "../../src/report/sarif.js";
import { SUMMARY_MARKER } from "../../src/report/summary-comment.js";
import {
  FINETUNE_COLUMN,
  FINETUNE_LINE,
  finetuneConfig,
  gitIn,
  makeTree,
  PROJECT_ROOT,
  removeTree,
  runCli,
  writeTree,
} from "./helpers.js";

const CORPUS = resolve(PROJECT_ROOT, "../shared/corpus/gpt-neox");
const temporary: string[] = [];

async function tree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await makeTree(files);
  temporary.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(temporary.map(removeTree));
});

const flagged = {
  "configs/finetune.yml": finetuneConfig(),
  "requirements.txt": "deepspeed==0.12.6\n",
};

describe("usage", () => {
  it("prints help and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"], PROJECT_ROOT);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: neox-check <command>");
    expect(stdout).toContain("--fail-on <level>");
    // An installed package has no docs/ beside the user's repository: the link is absolute.
    expect(stdout).toContain("Docs: https://github.com/neox-check/neox-check/blob/main/docs/cli.md");
  });

  it.each<[string, string[], string]>([
    ["an unknown flag", ["check", "--bogus"], "neox-check: unknown option: --bogus"],
    ["an unknown command", ["lint"], "neox-check: unknown command: lint"],
    [
      "a bad format",
      ["check", "--format", "xml"],
      "--format must be one of text, json, sarif, markdown, github",
    ],
    ["a missing path", ["check", "no/such/dir"], "neox-check: no such file or directory: no/such/dir"],
    ["paths outside the current directory", ["check", "..", "."], "is outside the current directory"],
    ["a missing --config", ["check", "--config", "nope.yml"], "neox-check: --config: no such file: nope.yml"],
  ])("exits 2 on %s", async (_name, args, message) => {
    const dir = await tree({ "a.txt": "x\n" });
    const { code, stderr, stdout } = await runCli(args, dir);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe("");
  });

  it("exits 2 when --base is given outside a git repository", async () => {
    const dir = await tree(flagged);
    const { code, stderr } = await runCli(["check", "--base", "main"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("--base needs a git repository");
  });
});

describe("check", () => {
  it("finds NXC101 and exits 1 (text)", async () => {
    const dir = await tree(flagged);
    const { code, stdout, stderr } = await runCli(["check"], dir);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    // One block per root cause: the cause (the pin), then every config it bites.
    expect(stdout).toMatch(/^error {2}NXC101 {2}/m);
    expect(stdout).toContain(`configs/finetune.yml:${FINETUNE_LINE}:${FINETUNE_COLUMN}\n`);
    expect(stdout.match(/ fix: /g)).toHaveLength(1);
    expect(stdout).toMatch(/failed \(fail-on: error\)\n$/);
  });

  it("prints the JSON contract", async () => {
    const dir = await tree(flagged);
    const { code, stdout } = await runCli(["check", ".", "--format", "json"], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as ReportJson;
    expect(report).toMatchObject({ version: 1, failed: true, failOn: "error", compared: false });
    const nxc101 = report.findings.find((f) => f.ruleId === "NXC101");
    expect(nxc101).toMatchObject({
      severity: "error",
      status: "new",
      suppressed: null,
      certainty: { level: "certain" },
      location: { path: "configs/finetune.yml", line: FINETUNE_LINE, column: FINETUNE_COLUMN },
    });
    expect(nxc101?.fix?.edits.map((e) => e.span.path)).toContain("requirements.txt");
  });

  it("prints SARIF 2.1.0 with rule metadata and fingerprints", async () => {
    const dir = await tree(flagged);
    const { code, stdout } = await runCli(["check", "--format", "sarif"], dir);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as SarifLog;
    const run = sarif.runs[0]!;
    expect(sarif.version).toBe("2.1.0");
    expect(run.tool.driver.rules.map((r) => r.id)).toContain("NXC101");
    const result = run.results.find((r) => r.ruleId === "NXC101")!;
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe("NXC101");
    expect(result.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: "configs/finetune.yml" },
      region: { startLine: FINETUNE_LINE, startColumn: FINETUNE_COLUMN },
    });
    expect(result.partialFingerprints["neoxCheck/v1"]).toEqual(expect.any(String));
  });

  it("prints workflow commands and the Markdown summary", async () => {
    const dir = await tree(flagged);
    const github = await runCli(["check", "--format", "github"], dir);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(
      new RegExp(`^::error file=configs/finetune\\.yml,line=${FINETUNE_LINE},col=${FINETUNE_COLUMN},`, "m"),
    );
    const markdown = await runCli(["check", "--format", "markdown"], dir);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(markdown.stdout).toContain("NXC101");
  });

  it("exits 0 once the pin is fixed", async () => {
    const dir = await tree({ ...flagged, "requirements.txt": "deepspeed==0.13.0\n" });
    const { code, stdout } = await runCli(["check", "--format", "json"], dir);
    const report = JSON.parse(stdout) as ReportJson;
    expect(report.findings.filter((f) => f.ruleId === "NXC101")).toEqual([]);
    expect(code).toBe(0);
  });

  it("exits 0 with --fail-on never, and the finding is still reported", async () => {
    const dir = await tree(flagged);
    const { code, stdout } = await runCli(["check", "--fail-on", "never", "--format", "json"], dir);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ReportJson).findings.some((f) => f.ruleId === "NXC101")).toBe(true);
  });

  it("honours an inline suppression and keeps the finding as suppressed", async () => {
    const config = finetuneConfig().replace(
      '"finetune": true,',
      '"finetune": true, # neox-check: ignore NXC101 -- checked by hand',
    );
    const dir = await tree({ ...flagged, "configs/finetune.yml": config });
    const { code, stdout } = await runCli(["check", "--format", "json"], dir);
    const nxc101 = (JSON.parse(stdout) as ReportJson).findings.find((f) => f.ruleId === "NXC101");
    expect(nxc101?.suppressed).toMatchObject({ by: "inline", reason: "checked by hand" });
    expect(code).toBe(0);
  });

  it("reads the repo configuration from --config", async () => {
    const dir = await tree({ ...flagged, "ci/neox-check.yml": "fail_on: never\n" });
    expect((await runCli(["check", "--config", "ci/neox-check.yml"], dir)).code).toBe(0);
    expect((await runCli(["check"], dir)).code).toBe(1);
  });

  it("with several paths, judges only those (relative to the current directory)", async () => {
    // (A second DeepSpeed pin there would be a second install path that disagrees: a warning, not an error.)
    const dir = await tree({ ...flagged, "other/requirements.txt": "torch==2.1.0\n" });
    const { code, stdout } = await runCli(["check", "configs", "requirements.txt", "--format", "json"], dir);
    const report = JSON.parse(stdout) as ReportJson;
    expect(report.files).toEqual({ configs: ["configs/finetune.yml"], dependencies: ["requirements.txt"] });
    expect(code).toBe(1);
  });

  it("with file paths (the pre-commit hook), reads the rest of the repository as context", async () => {
    const dir = await tree({ ...flagged, "notes/other.yml": "# nothing to see\nteam: infra\n" });
    // The config alone: the pin it fails with comes from requirements.txt, which is read though not named.
    const config = await runCli(["check", "configs/finetune.yml", "--format", "json"], dir);
    const configReport = JSON.parse(config.stdout) as ReportJson;
    expect(configReport.findings.map((f) => [f.ruleId, f.severity, f.location.path])).toContainEqual([
      "NXC101",
      "error",
      "configs/finetune.yml",
    ]);
    expect(config.code).toBe(1);
    // The pin alone: the finding is located at the config but points at the pin line, so it is judged.
    const pin = await runCli(["check", "requirements.txt", "--format", "json"], dir);
    expect((JSON.parse(pin.stdout) as ReportJson).findings.map((f) => f.ruleId)).toContain("NXC101");
    expect(pin.code).toBe(1);
    // A file with no finding passes, whatever the rest of the repository holds.
    const other = await runCli(["check", "notes/other.yml", "--format", "json"], dir);
    expect(JSON.parse(other.stdout) as ReportJson).toMatchObject({ findings: [], failed: false });
    expect(other.code).toBe(0);
  });

  it("survives hostile and broken files: never a crash, at worst a diagnostic", async () => {
    const dir = await tree({
      "configs/broken.yml": '{ "finetune": true "bf16": { "enabled": true } }\n',
      "configs/binary.yml": new Uint8Array([0x7b, 0x00, 0x7d]),
      "configs/a|b<img src=x>`@org team.yml": "train-iters: 10\ntrain_iters: 20\n",
      "configs/bomb.yml": `a: &a ["x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [*${i === 0 ? "a" : `b${i - 1}`}, *${i === 0 ? "a" : `b${i - 1}`}]`).join("\n")}\n`,
      "requirements.txt": "deepspeed+https://example.com/x\n-r requirements.txt\n",
      "huge/requirements.txt": `${"x".repeat(2 * 1024 * 1024)}\n`,
    });
    for (const format of ["text", "json", "sarif", "markdown", "github"]) {
      const { code, stderr } = await runCli(["check", "--format", format], dir);
      expect({ format, code, stderr }).toEqual({ format, code: expect.any(Number), stderr: "" });
      expect([0, 1]).toContain(code);
    }
  });

  it("on the corpus, runs without crashing", async () => {
    if (!existsSync(CORPUS)) {
      console.log(`skipped: ${CORPUS} is absent`);
      return;
    }
    const { code, stdout, stderr } = await runCli(["check", CORPUS, "--format", "json"], PROJECT_ROOT);
    expect(stderr).toBe("");
    expect([0, 1]).toContain(code);
    expect((JSON.parse(stdout) as ReportJson).files.configs.length).toBeGreaterThan(50);
  });
});

describe("check --base", () => {
  let repo = "";

  beforeAll(async () => {
    repo = await tree({
      "configs/finetune.yml": finetuneConfig(),
      "requirements.txt": "deepspeed==0.13.0\n",
      "README.md": "a NeoX training repo\n",
    });
    await gitIn(repo, ["init", "-q", "-b", "main"]);
    await gitIn(repo, ["add", "-A"]);
    await gitIn(repo, ["commit", "-q", "-m", "clean"]);
    await gitIn(repo, ["checkout", "-q", "-b", "downgrade"]);
    await writeTree(repo, { "requirements.txt": "deepspeed==0.12.6\n" });
    await gitIn(repo, ["commit", "-q", "-am", "pin deepspeed 0.12.6"]);
  });

  it("reports the finding the branch introduces as new and exits 1", async () => {
    const { code, stdout, stderr } = await runCli(["check", "--base", "main", "--format", "json"], repo);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout) as ReportJson;
    expect(report.compared).toBe(true);
    expect(report.findings.find((f) => f.ruleId === "NXC101")?.status).toBe("new");
    expect(code).toBe(1);
  });

  it("counts an inherited finding without failing on it", async () => {
    await gitIn(repo, ["checkout", "-q", "-b", "readme-only"]);
    await writeTree(repo, { "README.md": "a NeoX training repo, documented\n" });
    await gitIn(repo, ["commit", "-q", "-am", "docs"]);
    const json = await runCli(["check", "--base", "downgrade", "--format", "json"], repo);
    const report = JSON.parse(json.stdout) as ReportJson;
    expect(report.findings.find((f) => f.ruleId === "NXC101")?.status).toBe("existing");
    expect(report.counts.new).toBe(0);
    expect(json.code).toBe(0);
    const text = await runCli(["check", "--base", "downgrade"], repo);
    expect(text.stdout).toMatch(/^0 new, \d+ inherited, \d+ suppressed, \d+ fixed — passed/m);
    expect(text.stdout).not.toContain("NXC101");
  });

  it("sees a fix on the working tree as fixed", async () => {
    await writeTree(repo, { "requirements.txt": "deepspeed==0.13.0\n" });
    const { code, stdout } = await runCli(["check", "--base", "downgrade", "--format", "json"], repo);
    expect((JSON.parse(stdout) as ReportJson).findings.find((f) => f.ruleId === "NXC101")?.status).toBe(
      "fixed",
    );
    expect(code).toBe(0);
    await gitIn(repo, ["checkout", "-q", "--", "requirements.txt"]);
  });

  it("exits 2 on a ref git does not know", async () => {
    const { code, stderr } = await runCli(["check", "--base", "no-such-branch"], repo);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown git ref: no-such-branch");
  });

  it("works from a subdirectory root", async () => {
    const sub = join(repo, "configs");
    const { code, stderr } = await runCli(["check", sub, "--base", "main", "--format", "json"], PROJECT_ROOT);
    expect(stderr).toBe("");
    expect([0, 1]).toContain(code);
  });
});

describe("inspect", () => {
  it("prints the model as the documented JSON", async () => {
    const dir = await tree(flagged);
    const { code, stdout, stderr } = await runCli(["inspect", "--format", "json"], dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as InspectJson;
    expect(Object.keys(model)).toEqual(["configs", "dependencies", "diagnostics", "environment"]);
    expect(model.configs).toHaveLength(1);
    const config = model.configs[0]!;
    expect(config).toMatchObject({
      path: "configs/finetune.yml",
      fragment: false,
      effective: {
        precision: "bfloat16",
        zero_stage: 1,
        finetune: true,
        no_load_optim: false,
        load: "checkpoints/pretrained",
      },
    });
    expect(config.keys.finetune).toEqual({
      value: true,
      line: FINETUNE_LINE,
      column: 3,
      spelling: "finetune",
    });
    expect(config.keys.zero_optimization?.value).toEqual({ stage: 1 });
    expect(model.dependencies).toEqual([
      {
        path: "requirements.txt",
        line: 1,
        column: 1,
        name: "deepspeed",
        kind: "exact",
        specifier: "==0.12.6",
        provider: "pypi",
        vcs: null,
      },
    ]);
    expect(model.diagnostics).toEqual([]);
    expect(model.environment.neox).toMatchObject({ kind: "none", name: "GPT-NeoX", sources: [], checks: {} });
    expect(model.environment.neox.arguments["checkpoint_factor"]).toMatchObject({
      type: "Union[int, float]",
    });
    expect(model.environment.deepspeed).toMatchObject({ agree: true });
    expect(model.environment.deepspeed.paths).toEqual([
      {
        source: "requirements.txt",
        pins: [{ path: "requirements.txt", line: 1, specifier: "==0.12.6", ref: null }],
      },
    ]);
  });

  it("prints the environment read from the repository's own NeoX code", async () => {
    const dir = await tree({
      "savanna/arguments/global_config.py": [
        'operator_type_CHOICES = ["global", "hyena"]',
        "",
        "@dataclass",
        "class GlobalConfigModel(GlobalConfigTemplate):",
        '    pos_emb: Literal["rotary", "rotary_linear_scaled"] = "rotary"',
        "    operator_config: list = None",
        "",
      ].join("\n"),
      "savanna/arguments/arguments.py": [
        "class GlobalConfig(*BASE_CLASSES):",
        "    def calculate_derived(self):",
        '        self.update_value("is_pipe_parallel", self.pipe_parallel_size > 1)',
        "    def validate_values(self):",
        '        raise ValueError("checkpoint_factor or extra_save_iters must be defined if save is defined")',
        '        # raise ValueError("max_position_embeddings must be bigger or equal seq_length")',
        "",
      ].join("\n"),
      "configs/a.yml": "operator_config: [[[hyena], 2]]\nnum_layers: 2\n",
    });
    const { code, stdout } = await runCli(["inspect", "--format", "json"], dir);
    expect(code).toBe(0);
    const neox = (JSON.parse(stdout) as InspectJson).environment.neox;
    expect(neox).toMatchObject({
      kind: "derived",
      name: "savanna",
      pipelineFromPp: 2,
      summary: "this repository's own (savanna)",
      choiceLists: { operator_type_CHOICES: ["global", "hyena"] },
    });
    expect(neox.checks["save-requires-checkpoint-factor"]).toBe(true);
    // Commented out: savanna removed the check.
    expect(neox.checks["max-position-embeddings"]).toBe(false);
    // No training.py was read: unknown, so absent from the record.
    expect(neox.checks["zero-2-3-parallelism-exit"]).toBeUndefined();
    expect(Object.keys(neox.arguments)).toEqual(["operator_config", "pos_emb"]);
  });

  it("prints a readable text form", async () => {
    const dir = await tree(flagged);
    const { code, stdout } = await runCli(["inspect", dir], PROJECT_ROOT);
    expect(code).toBe(0);
    expect(stdout).toContain("configs/finetune.yml: ");
    expect(stdout).toContain("precision bfloat16, zero stage 1, finetune true");
    expect(stdout).toContain("requirements.txt:1:1  deepspeed  exact ==0.12.6  [pypi]");
  });

  it("reports a broken file as a diagnostic, not a crash", async () => {
    const dir = await tree({
      "configs/broken.yml": '{ "finetune": true "bf16": 1 }\n',
      "requirements.txt": "deepspeed+https://x\n",
    });
    const { code, stdout, stderr } = await runCli(["inspect", "--format", "json"], dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as InspectJson;
    expect(model.diagnostics.map((d) => d.path).sort()).toEqual(["configs/broken.yml", "requirements.txt"]);
  });

  it("reads the corpus with paths relative to the directory given", async () => {
    if (!existsSync(CORPUS)) {
      console.log(`skipped: ${CORPUS} is absent`);
      return;
    }
    const { code, stdout, stderr } = await runCli(["inspect", CORPUS, "--format", "json"], PROJECT_ROOT);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as InspectJson;
    const config = model.configs.find((c) => c.path === "configs/configs/125M.yml");
    expect(config?.keys.num_layers).toEqual({ value: 12, line: 9, column: 4, spelling: "num_layers" });
    expect(config?.effective).toMatchObject({ precision: "fp16", zero_stage: 1 });
    expect(model.dependencies).toContainEqual({
      path: "requirements/62aded2-requirements.txt",
      line: 1,
      column: 1,
      name: "deepspeed",
      kind: "vcs",
      specifier: null,
      provider: "deeperspeed",
      vcs: {
        url: "https://github.com/EleutherAI/DeeperSpeed.git",
        ref: "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea",
      },
    });
  });
});

describe("check --base and a change to a loaded checkpoint's shape (NXC221)", () => {
  let repo = "";
  const config = (mp: number, extra = "") =>
    finetuneConfig().replace('"model_parallel_size": 1', `"model_parallel_size": ${mp}`) + extra;

  beforeAll(async () => {
    repo = await tree({ "configs/finetune.yml": config(1), "requirements.txt": "deepspeed==0.13.0\n" });
    await gitIn(repo, ["init", "-q", "-b", "main"]);
    await gitIn(repo, ["add", "-A"]);
    await gitIn(repo, ["commit", "-q", "-m", "mp 1"]);
    // A branch whose own commit changes model parallelism against the checkpoint it loads.
    await gitIn(repo, ["checkout", "-q", "-b", "mp2"]);
    await writeTree(repo, { "configs/finetune.yml": config(2) });
    await gitIn(repo, ["commit", "-q", "-am", "mp 2"]);
    // A branch from mp2 that only adds a comment: the change to mp happened before it.
    await gitIn(repo, ["checkout", "-q", "-b", "comment-only"]);
    await writeTree(repo, { "configs/finetune.yml": config(2, "# tuned on 2 GPUs\n") });
    await gitIn(repo, ["commit", "-q", "-am", "comment"]);
  });

  it("reports NXC221 when the pull request changes model_parallel_size", async () => {
    await gitIn(repo, ["checkout", "-q", "mp2"]);
    const { stdout } = await runCli(["check", "--base", "main", "--format", "json"], repo);
    const found = (JSON.parse(stdout) as ReportJson).findings.filter((f) => f.ruleId === "NXC221");
    expect(found.map((f) => [f.status, f.location.path, f.location.line])).toEqual([
      ["new", "configs/finetune.yml", 4],
    ]);
  });

  it("does not report NXC221 when the change is not in the pull request", async () => {
    await gitIn(repo, ["checkout", "-q", "comment-only"]);
    const { stdout } = await runCli(["check", "--base", "mp2", "--format", "json"], repo);
    expect((JSON.parse(stdout) as ReportJson).findings.filter((f) => f.ruleId === "NXC221")).toEqual([]);
  });

  it("does not report NXC221 without --base", async () => {
    await gitIn(repo, ["checkout", "-q", "mp2"]);
    const { stdout } = await runCli(["check", "--format", "json"], repo);
    expect((JSON.parse(stdout) as ReportJson).findings.filter((f) => f.ruleId === "NXC221")).toEqual([]);
  });
});

describe("checkInFormats (the Action: one analysis, several outputs)", () => {
  const io = (cwd: string, stderr: string[]) => ({
    stdout: () => undefined,
    stderr: (text: string) => void stderr.push(text),
    cwd,
    color: false,
    today: new Date().toISOString().slice(0, 10),
  });

  it("renders each format exactly as `check --format` prints it, with check's exit code", async () => {
    const dir = await tree(flagged);
    const stderr: string[] = [];
    const formats = ["json", "github", "markdown", "sarif", "text"] as const;
    const result = await checkInFormats(["--fail-on", "error"], formats, io(dir, stderr));
    expect(stderr).toEqual([]);
    expect(result.code).toBe(1);
    for (const format of formats) {
      const alone = await runCli(["check", "--fail-on", "error", "--format", format], dir);
      expect(alone.code).toBe(1);
      expect(result.outputs[format]).toBe(alone.stdout);
    }
    expect(result.outputs.github).toMatch(/^::error file=configs\/finetune\.yml,/m);
  });

  it("passes fail-on through: the same findings do not fail at never", async () => {
    const dir = await tree(flagged);
    const result = await checkInFormats(["--fail-on", "never"], ["json"], io(dir, []));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.outputs.json ?? "null")).toMatchObject({ failed: false });
  });

  it("answers a bad argument as the CLI does: exit 2, the reason on stderr, no output", async () => {
    const dir = await tree(flagged);
    const stderr: string[] = [];
    const result = await checkInFormats(["--fail-on", "bogus"], ["json", "github"], io(dir, stderr));
    expect(result).toEqual({ code: 2, outputs: {} });
    expect(stderr.join("")).toContain("--fail-on must be one of error, warning, never");
  });
});
