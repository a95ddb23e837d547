import { moeZeroStageRule } from "../../../src/core/rules/moe-zero-stage.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** These cases are about a NeoX that has the check: today's upstream (`assume.neox: head`). */
const HEAD = "assume:\n  neox: head\n";

describe("NXC211 moe-zero-stage", () => {
  it.each([
    [
      "MoE with ZeRO-2",
      `${WHOLE}moe_num_experts: 8\nzero_optimization:\n  stage: 2\n`,
      "a.yml",
      5,
      10,
      5,
      11,
    ],
    [
      "MoE with ZeRO-3 (hyphenated key)",
      `${WHOLE}moe-num-experts: 2\nzero_optimization: {stage: 3}\n`,
      "a.yml",
      4,
      28,
      4,
      29,
    ],
  ])("flags %s", async (_name, text, path, line, column, endLine, endColumn) => {
    const findings = await checkInvalid(moeZeroStageRule, {
      config: HEAD,
      files: { [path]: text },
      errors: [
        {
          messageId: "incompatible",
          severity: "error",
          certainty: "certain",
          path,
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.related.map((r) => r.label)).toEqual(["MoE enabled here"]);
  });

  it("flags a declared set with MoE in one file and ZeRO-2 in another", async () => {
    await checkInvalid(moeZeroStageRule, {
      files: { "model.yml": `${WHOLE}moe_num_experts: 4\n`, "zero.yml": "zero_optimization:\n  stage: 2\n" },
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
      "MoE with ZeRO-1 (as NeoX's 125M-dmoe.yml)",
      `${WHOLE}moe_num_experts: 8\nzero_optimization:\n  stage: 1\n`,
    ],
    ["MoE with ZeRO left at its default 0", `${WHOLE}moe_num_experts: 8\n`],
    ["a single expert (no MoE) with ZeRO-3", `${WHOLE}moe_num_experts: 1\nzero_optimization:\n  stage: 3\n`],
    ["ZeRO-3 in a fragment without MoE", "zero_optimization:\n  stage: 3\n"],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(moeZeroStageRule, { config: HEAD, files: { "a.yml": text } });
  });

  it("calls MoE in a fragment without a ZeRO stage unknown", async () => {
    await checkInvalid(moeZeroStageRule, {
      config: HEAD,
      files: { "a.yml": "moe_num_experts: 8\nmoe_top_k: 2\n" },
      errors: [
        {
          messageId: "stageUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 19,
        },
      ],
    });
  });
});

describe("NXC211 against the repository's own NeoX", () => {
  const args =
    "class NeoXArgsModel(NeoXArgsTemplate):\n    moe_num_experts: int = 1\n    pipe_parallel_size: int = 0\n" +
    "    num_layers: int = None\n    train_iters: int = None\n    zero_optimization: dict = None\n";
  const arguments2024 = [
    "class NeoXArgs:",
    "    def calculate_derived(self):",
    '        self.update_value("is_pipe_parallel", self.pipe_parallel_size >= 1)',
    "        if self.moe_num_experts > 1:",
    '            assert not self.is_pipe_parallel, "MoE not supported with pipeline parallelism"',
    '            assert self.zero_optimization["stage"] != 3, "MoE not compatible with zero3"',
    "",
  ].join("\n");
  const moe = (pp: number, stage: number): string =>
    `${WHOLE}moe_num_experts: 4\npipe_parallel_size: ${pp}\nzero_optimization:\n  stage: ${stage}\n`;

  it("flags MoE with a pipeline where its NeoX asserts against it (gpt-neox#1129 until #1210)", async () => {
    const files = {
      "megatron/neox_arguments/neox_args.py": args,
      "megatron/neox_arguments/arguments.py": arguments2024,
      "a.yml": moe(1, 1),
    };
    await checkInvalid(moeZeroStageRule, {
      files,
      errors: [
        {
          messageId: "pipeline",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 22,
        },
      ],
    });
  });

  it("accepts ZeRO-2 where its NeoX only rejects ZeRO-3, and flags ZeRO-3", async () => {
    const base = {
      "megatron/neox_arguments/neox_args.py": args,
      "megatron/neox_arguments/arguments.py": arguments2024,
    };
    await checkValid(moeZeroStageRule, { files: { ...base, "a.yml": moe(0, 2) } });
    const three = await checkInvalid(moeZeroStageRule, {
      files: { ...base, "a.yml": moe(0, 3) },
      errors: [
        {
          messageId: "incompatibleZero3",
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
    expect(three.map((f) => f.messageId)).toEqual(["incompatibleZero3"]);
  });

  it("says nothing where its NeoX has no MoE check at all", async () => {
    const files = {
      "megatron/neox_arguments/neox_args.py": args,
      "megatron/neox_arguments/arguments.py": "class NeoXArgs:\n    pass\n",
      "a.yml": moe(1, 2),
    };
    await checkValid(moeZeroStageRule, { files });
  });

  it("warns, certainty unknown, where no NeoX code says which check is in force", async () => {
    const findings = await checkInvalid(moeZeroStageRule, {
      files: { "a.yml": moe(0, 2) },
      errors: [
        {
          messageId: "incompatible",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 11,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain("assume.neox");
  });
});
