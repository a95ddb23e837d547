import { moeZeroStageRule } from "../../../src/core/rules/moe-zero-stage.js";
import { brief, runRule } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

describe("NXC211 moe-zero-stage", () => {
  it.each([
    ["MoE with ZeRO-2", `${WHOLE}moe_num_experts: 8\nzero_optimization:\n  stage: 2\n`, "a.yml", 5, 10],
    [
      "MoE with ZeRO-3 (hyphenated key)",
      `${WHOLE}moe-num-experts: 2\nzero_optimization: {stage: 3}\n`,
      "a.yml",
      4,
      28,
    ],
  ])("flags %s", async (_name, text, path, line, column) => {
    const findings = await runRule(moeZeroStageRule, { files: { [path]: text } });
    expect(findings.map(brief)).toEqual([
      { messageId: "incompatible", severity: "error", certainty: "certain", path, line, column },
    ]);
    expect(findings[0]?.related.map((r) => r.label)).toEqual(["MoE enabled here"]);
  });

  it("flags a declared set with MoE in one file and ZeRO-2 in another", async () => {
    const findings = await runRule(moeZeroStageRule, {
      files: { "model.yml": `${WHOLE}moe_num_experts: 4\n`, "zero.yml": "zero_optimization:\n  stage: 2\n" },
      config: "config_sets:\n  - files: [model.yml, zero.yml]\n",
    });
    expect(findings.map(brief)).toEqual([
      {
        messageId: "incompatible",
        severity: "error",
        certainty: "certain",
        path: "zero.yml",
        line: 2,
        column: 10,
      },
    ]);
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
    expect(await runRule(moeZeroStageRule, { files: { "a.yml": text } })).toEqual([]);
  });

  it("calls MoE in a fragment without a ZeRO stage unknown", async () => {
    const findings = await runRule(moeZeroStageRule, {
      files: { "a.yml": "moe_num_experts: 8\nmoe_top_k: 2\n" },
    });
    expect(findings.map(brief)).toEqual([
      {
        messageId: "stageUnknown",
        severity: "warning",
        certainty: "unknown",
        path: "a.yml",
        line: 1,
        column: 18,
      },
    ]);
  });
});
