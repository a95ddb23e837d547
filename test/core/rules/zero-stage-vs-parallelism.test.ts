import { zeroStageVsParallelismRule } from "../../../src/core/rules/zero-stage-vs-parallelism.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** These cases are about a NeoX that has the check: today's upstream (`assume.neox: head`). */
const HEAD = "assume:\n  neox: head\n";

/** A whole run needs the model's shape and a training length; everything else comes from the case. */

describe("NXC201 zero-stage-vs-parallelism", () => {
  it.each([
    [
      "ZeRO-2 with pipe_parallel_size 1 (still a PipelineModule)",
      { "a.yml": `${WHOLE}pipe_parallel_size: 1\nzero_optimization:\n  stage: 2\n` },
      5,
      10,
      5,
      11,
    ],
    [
      "ZeRO-3 with model_parallel_size 2 and no pipeline",
      { "a.yml": `${WHOLE}pipe_parallel_size: 0\nmodel_parallel_size: 2\nzero_optimization:\n  stage: 3\n` },
      6,
      10,
      6,
      11,
    ],
    [
      "a JSON-style config with hyphenated keys",
      {
        "a.yml":
          '{\n  "num-layers": 2,\n  "train-iters": 100,\n  "pipe-parallel-size": 4,\n  "zero_optimization": {"stage": 2, "overlap_comm": True},\n}\n',
      },
      5,
      34,
      5,
      35,
    ],
  ])("flags %s", async (_name, files, line, column, endLine, endColumn) => {
    await checkInvalid(zeroStageVsParallelismRule, {
      config: HEAD,
      files,
      errors: [
        {
          messageId: "incompatible",
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

  it("says that the exit status 0 is inferred, and points at the parallelism", async () => {
    const findings = await checkInvalid(zeroStageVsParallelismRule, {
      config: HEAD,
      files: {
        "a.yml": `${WHOLE}pipe_parallel_size: 1\nmodel_parallel_size: 2\nzero_optimization:\n  stage: 2\n`,
      },
      errors: [
        {
          messageId: "incompatible",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 11,
        },
      ],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(
      "`pipe_parallel_size: 1` (a value of 1 still wraps the model in a PipelineModule) and `model_parallel_size: 2`",
    );
    expect(findings[0]?.message).toContain("exit status 0 (inferred from Python semantics, not observed)");
    expect(findings[0]?.related.map((r) => [r.label, r.location.line])).toEqual([
      ["pipeline parallelism set here", 3],
      ["model parallelism set here", 4],
    ]);
  });

  it.each([
    ["pipeline parallelism", "pipe_parallel_size: 1\nmodel_parallel_size: 1\n", true, 6, 11],
    ["model parallelism alone", "pipe_parallel_size: 0\nmodel_parallel_size: 2\n", false, 6, 11],
  ])("cites DeepSpeed's pipeline assert only for %s", async (_name, parallel, cites, endLine, endColumn) => {
    const findings = await checkInvalid(zeroStageVsParallelismRule, {
      config: HEAD,
      files: { "a.yml": `${WHOLE}${parallel}zero_optimization:\n  stage: 2\n` },
      errors: [
        {
          messageId: "incompatible",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 10,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message.includes("DeepSpeed asserts")).toBe(cites);
    expect(findings[0]?.message).toContain("NeoX (since gpt-neox#1275) stops at start");
  });

  it("flags a declared config set whose files each look harmless", async () => {
    await checkInvalid(zeroStageVsParallelismRule, {
      files: {
        "model.yml": `${WHOLE}pipe_parallel_size: 1\n`,
        "zero.yml": "zero_optimization:\n  stage: 2\n",
      },
      config: HEAD + "config_sets:\n  - files: [model.yml, zero.yml]\n",
      errors: [
        {
          messageId: "incompatible",
          severity: "error",
          certainty: "certain",
          path: "zero.yml",
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 11,
        },
      ],
    });
  });

  it.each([
    [
      "ZeRO-2 with pipe_parallel_size 0 and model_parallel_size 1",
      `${WHOLE}pipe_parallel_size: 0\nmodel_parallel_size: 1\nzero_optimization:\n  stage: 2\n`,
    ],
    ["ZeRO-2 with the parallel sizes left at NeoX's defaults", `${WHOLE}zero_optimization:\n  stage: 2\n`],
    ["ZeRO-1 with a pipeline", `${WHOLE}pipe_parallel_size: 2\nzero_optimization:\n  stage: 1\n`],
    ["a pipeline without any ZeRO (stage 0 by default)", `${WHOLE}pipe_parallel_size: 2\n`],
    ["a fragment with a pipeline and no ZeRO stage", "pipe_parallel_size: 1\nmodel_parallel_size: 2\n"],
    [
      "a commented-out stage",
      `${WHOLE}pipe_parallel_size: 1\nzero_optimization:\n  # stage: 2\n  stage: 1\n`,
    ],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(zeroStageVsParallelismRule, { config: HEAD, files: { "a.yml": text } });
  });

  it.each([
    [
      "a ZeRO-3 fragment (parallel sizes come from another file)",
      "zero_optimization:\n  stage: 3\n",
      "`pipe_parallel_size` and `model_parallel_size`",
      2,
      11,
    ],
    [
      "a fragment that only rules out model parallelism",
      "model_parallel_size: 1\nzero_optimization:\n  stage: 2\n",
      "`pipe_parallel_size`",
      3,
      11,
    ],
  ])("calls %s unknown", async (_name, text, unknown, endLine, endColumn) => {
    const line = text.split("\n").findIndex((l) => l.includes("stage:")) + 1;
    const findings = await checkInvalid(zeroStageVsParallelismRule, {
      config: HEAD,
      files: { "a.yml": text },
      errors: [
        {
          messageId: "parallelismUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line,
          column: 10,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(unknown);
  });
});

describe("NXC201 against a derived framework (savanna: no exit check, pipeline from pp 2)", () => {
  const files = (pp: number, mp: number): Record<string, string> => ({
    "savanna/arguments/global_config.py":
      "class GlobalConfigParallelism(GlobalConfigTemplate):\n    pipe_parallel_size: int = 0\n    model_parallel_size: int = 1\n" +
      "    num_layers: int = None\n    train_iters: int = None\n    zero_optimization: dict = None\n",
    "savanna/arguments/arguments.py":
      'class GlobalConfig(*BASE_CLASSES):\n    def calculate_derived(self):\n        self.update_value("is_pipe_parallel", self.pipe_parallel_size > 1)\n',
    "savanna/training.py": "def setup_model_and_optimizer(global_config):\n    pass\n",
    "a.yml": `${WHOLE}pipe_parallel_size: ${pp}\nmodel_parallel_size: ${mp}\nzero_optimization:\n  stage: 3\n`,
  });

  it("says nothing for model parallelism or pp=1, where savanna neither exits nor builds a pipeline", async () => {
    await checkValid(zeroStageVsParallelismRule, { files: files(1, 8) });
  });

  it("flags pp=2, where DeepSpeed's PipelineEngine asserts", async () => {
    const findings = await checkInvalid(zeroStageVsParallelismRule, {
      files: files(2, 1),
      errors: [
        {
          messageId: "deepspeedOnly",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 11,
        },
      ],
    });
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([["deepspeedOnly", "error"]]);
    expect(findings[0]?.message).toContain(
      "this repository's savanna builds a DeepSpeed PipelineEngine from `pipe_parallel_size: 2`",
    );
  });
});
