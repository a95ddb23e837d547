import { bf16PipelineZeroGradAccumRule } from "../../../src/core/rules/bf16-pipeline-zero-grad-accum.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

const ZERO1 = "zero_optimization:\n  stage: 1\n";
/** An affected release (0.9.2–0.13.2), so the config-side cases below are judged with certainty. */
/** `output` for a case whose finding rewrites `from` into `to` in a.yml (nothing when `from` is absent). */
function fixed(text: string, from: string, to: string): { output?: Record<string, string> } {
  return text.includes(from) ? { output: { "a.yml": text.replace(from, to) } } : {};
}

const AFFECTED = { "requirements.txt": "deepspeed==0.12.0\n" };

describe("NXC202 bf16-pipeline-zero-grad-accum", () => {
  it.each([
    [
      "bf16.enabled, ZeRO-1, pipe_parallel_size 1, no data_types",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: true\n`,
      7,
      12,
      7,
      16,
    ],
    [
      "precision: bfloat16 (no bf16 dict), ZeRO-1, pipe_parallel_size 2",
      `${WHOLE}precision: bfloat16\npipe-parallel-size: 2\n${ZERO1}`,
      3,
      12,
      3,
      20,
    ],
    [
      "data_types without grad_accum_dtype",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  other: 1\n`,
      6,
      12,
      6,
      20,
    ],
    [
      "grad_accum_dtype bf16 (pointed at, with a mechanical fix)",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: "bf16"\n`,
      8,
      21,
      8,
      27,
    ],
  ])("flags %s", async (_name, text, line, column, endLine, endColumn) => {
    await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: { "a.yml": text, ...AFFECTED },
      ...fixed(text, 'grad_accum_dtype: "bf16"', 'grad_accum_dtype: "fp32"'),
      errors: [
        {
          messageId: "missingFp32Accum",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
  });

  it("replaces a wrong grad_accum_dtype with fp32, keeping the quotes", async () => {
    const head = `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n`;
    const findings = await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: { "a.yml": `${head}  grad_accum_dtype: "bf16"\n`, ...AFFECTED },
      output: { "a.yml": `${head}  grad_accum_dtype: "fp32"\n` },
      errors: [
        {
          messageId: "missingFp32Accum",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 27,
        },
      ],
    });
    expect(findings[0]?.fix?.edits).toEqual([
      {
        span: { path: "a.yml", line: 8, column: 21, endLine: 8, endColumn: 27 },
        replacement: '"fp32"',
      },
    ]);
    expect(findings[0]?.related.map((r) => r.label)).toEqual([
      "bf16 enabled here",
      "ZeRO stage set here",
      "pipeline parallelism set here",
      "pinned here",
    ]);
  });

  it.each([
    [
      "fp32 gradient accumulation",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: fp32\n`,
    ],
    [
      "fp32 gradient accumulation spelled float32 (DeepSpeed's DtypeEnum accepts it)",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: float32\n`,
    ],
    ["fp16 instead of bf16", `${WHOLE}pipe_parallel_size: 1\n${ZERO1}fp16:\n  enabled: true\n`],
    [
      "bf16 without a pipeline (pipe_parallel_size 0)",
      `${WHOLE}pipe_parallel_size: 0\n${ZERO1}precision: bfloat16\n`,
    ],
    [
      "bf16 with a pipeline and ZeRO stage 0",
      `${WHOLE}pipe_parallel_size: 1\nzero_optimization:\n  stage: 0\nprecision: bfloat16\n`,
    ],
    ["bf16 disabled", `${WHOLE}pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: false\n`],
    ["a fragment missing two parts (precision and data_types)", `pipe_parallel_size: 1\n${ZERO1}`],
    [
      "ZeRO stage 2 with a pipeline (NXC201's root cause: DeepSpeed's PipelineEngine asserts)",
      `${WHOLE}pipe_parallel_size: 1\nzero_optimization:\n  stage: 2\nprecision: bfloat16\n`,
    ],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(bf16PipelineZeroGradAccumRule, { files: { "a.yml": text, ...AFFECTED } });
  });

  it.each([
    [
      "precision set in another file",
      `pipe_parallel_size: 1\n${ZERO1}data_types:\n  grad_accum_dtype: bf16\n`,
      "partUnknown",
      5,
      21,
      "the precision",
      5,
      25,
    ],
    [
      "data_types possibly in another file",
      `pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: true\n`,
      "accumUnknown",
      5,
      12,
      "`data_types.grad_accum_dtype`",
      5,
      16,
    ],
  ])("calls %s unknown", async (_name, text, messageId, line, column, unknown, endLine, endColumn) => {
    const findings = await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: { "a.yml": text, ...AFFECTED },
      ...fixed(text, "grad_accum_dtype: bf16", "grad_accum_dtype: fp32"),
      errors: [
        {
          messageId,
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(unknown);
  });
});

/** bf16 + ZeRO-1 + pipe_parallel_size 1, no data_types: the combination of advisory NXA-2026-0009. */
const COMBO = `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\n`;
const DEEPER = (sha: string): string =>
  `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${sha}#egg=deepspeed\n`;
const DS_02E2 = "02e2ebf7dee6aaab3d89094ed470a4609763c742";
const DS_91D1 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";

/**
 * Runs COMBO with the given requirements through the rule tester: `expected` lists "severity/certainty"
 * per finding (an error is the defect itself, a warning the unknown version), each on COMBO's precision.
 */
async function judge(files: Record<string, string>, expected: string[], config?: string): Promise<void> {
  const c = { files: { "a.yml": COMBO, ...files }, ...(config === undefined ? {} : { config }) };
  if (expected.length === 0) {
    await checkValid(bf16PipelineZeroGradAccumRule, c);
    return;
  }
  await checkInvalid(bf16PipelineZeroGradAccumRule, {
    ...c,
    errors: expected.map((e) => {
      const [severity = "", certainty = ""] = e.split("/");
      const messageId = severity === "error" ? "missingFp32Accum" : "versionUnknown";
      return {
        messageId,
        severity,
        certainty,
        path: "a.yml",
        line: 6,
        column: 12,
        endLine: 6,
        endColumn: 20,
      };
    }),
  });
}

describe("NXC202 against the installed DeepSpeed (bf16-pipeline-zero1.md)", () => {
  it.each`
    name                                       | files                                                    | expected
    ${"DeepSpeed 0.9.1 (NXC103's defect)"}     | ${{ "requirements.txt": "deepspeed==0.9.1\n" }}          | ${[]}
    ${"DeepSpeed 0.9.2"}                       | ${{ "requirements.txt": "deepspeed==0.9.2\n" }}          | ${["error/certain"]}
    ${"DeepSpeed 0.13.2"}                      | ${{ "requirements.txt": "deepspeed==0.13.2\n" }}         | ${["error/certain"]}
    ${"DeepSpeed 0.13.3"}                      | ${{ "requirements.txt": "deepspeed==0.13.3\n" }}         | ${[]}
    ${"DeeperSpeed 02e2ebf7"}                  | ${{ "requirements.txt": DEEPER(DS_02E2) }}               | ${["error/certain"]}
    ${"DeeperSpeed 91d1c55b (squash merge)"}   | ${{ "requirements.txt": DEEPER(DS_91D1) }}               | ${[]}
    ${"DeeperSpeed tag v3.0"}                  | ${{ "requirements.txt": DEEPER("v3.0") }}                | ${[]}
    ${"DeeperSpeed 3362dad8 (NXC103's)"}       | ${{ "requirements.txt": DEEPER("3362dad87d1a8c1a") }}    | ${[]}
    ${"a DeeperSpeed commit not in the table"} | ${{ "requirements.txt": DEEPER("0123456789abcdef") }}    | ${["warning/unknown"]}
    ${"DeeperSpeed unpinned (main)"}           | ${{ "requirements.txt": DEEPER("").replace("@#", "#") }} | ${["warning/unknown"]}
    ${"a bare deepspeed"}                      | ${{ "requirements.txt": "deepspeed\n" }}                 | ${["warning/unknown"]}
    ${"no DeepSpeed requirement at all"}       | ${{}}                                                    | ${["warning/unknown"]}
    ${"a range inside the affected window"}    | ${{ "requirements.txt": "deepspeed>=0.12,<0.13\n" }}     | ${["error/certain"]}
    ${"a range that allows fixed releases"}    | ${{ "requirements.txt": "deepspeed>=0.12\n" }}           | ${["warning/unknown"]}
  `("$name: $expected", async ({ files, expected }) => {
    await judge(files as Record<string, string>, expected as string[]);
  });

  it("warns, naming both files, when install paths disagree (gpt-neox HEAD's requirements.txt and pyproject.toml)", async () => {
    const findings = await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: {
        "a.yml": COMBO,
        "requirements/requirements.txt": DEEPER(DS_91D1),
        "requirements/pyproject.toml": `[tool.poetry.dependencies]\ndeepspeed = {git = "https://github.com/EleutherAI/DeeperSpeed.git", rev = "${DS_02E2}"}\n`,
      },
      errors: [
        {
          messageId: "versionUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 20,
        },
      ],
    });
    expect(findings.map((f) => `${f.severity}/${f.certainty.level}`)).toEqual(["warning/unknown"]);
    expect(findings[0]?.certainty.detail).toContain("the install paths disagree");
    expect(findings[0]?.certainty.detail).toContain(
      "`requirements/requirements.txt` installs DeeperSpeed @ 91d1c55b (not affected)",
    );
    expect(findings[0]?.certainty.detail).toContain(
      "`requirements/pyproject.toml` installs DeeperSpeed @ 02e2ebf7 (affected)",
    );
  });

  it("counts a Dockerfile's `pip install -r` file as its install path", async () => {
    const files = {
      Dockerfile: "FROM python:3.10\nRUN pip install -r requirements/requirements.txt\n",
      "requirements/requirements.txt": DEEPER(DS_02E2),
    };
    await judge(files, ["error/certain"]);
  });

  it("lets assume.deeperspeed settle what the cluster runs", async () => {
    await judge({ "requirements.txt": "deepspeed\n" }, [], "assume:\n  deeperspeed: 91d1c55b\n");
    await judge({ "requirements.txt": "deepspeed\n" }, ["error/certain"], "assume:\n  deepspeed: 0.12.6\n");
  });

  it("suggests the nearest DeepSpeed release that leaves the range, and the data_types fix", async () => {
    const findings = await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: { "a.yml": COMBO, "requirements.txt": "deepspeed==0.10.0\n" },
      errors: [
        {
          messageId: "missingFp32Accum",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 20,
        },
      ],
    });
    expect(findings[0]?.fix?.description).toContain("Set `data_types: {grad_accum_dtype: fp32}`");
    expect(findings[0]?.fix?.description).toContain("`deepspeed>=0.13.3`");
    expect(findings[0]?.fix?.description).not.toContain("0.19");
  });

  it("suggests no data_types fix to a NeoX without the data_types argument (before gpt-neox#819)", async () => {
    const neoxArgs = [
      "from dataclasses import dataclass",
      "",
      "@dataclass",
      "class NeoXArgsModel(NeoXArgsTemplate):",
      "    num_layers: int = None",
      "    train_iters: int = None",
      "    pipe_parallel_size: int = 0",
      "    precision: str = None",
      "    zero_optimization: dict = None",
      "",
    ].join("\n");
    const findings = await checkInvalid(bf16PipelineZeroGradAccumRule, {
      files: {
        "a.yml": COMBO,
        "requirements.txt": DEEPER(DS_02E2),
        "megatron/neox_arguments/neox_args.py": neoxArgs,
        // Where NeoX decides that pp=1 builds a PipelineEngine (arguments.py calculate_derived).
        "megatron/neox_arguments/arguments.py":
          'class NeoXArgs:\n    def calculate_derived(self):\n        self.update_value("is_pipe_parallel", self.pipe_parallel_size >= 1)\n',
      },
      output: { "requirements.txt": DEEPER(DS_91D1) },
      errors: [
        {
          messageId: "missingFp32Accum",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 20,
        },
      ],
    });
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]?.fix?.description).not.toContain("Set `data_types");
    expect(findings[0]?.fix?.description).toContain("no `data_types` argument");
    expect(findings[0]?.fix?.description).toContain("`91d1c55b`");
  });
});
