import { precisionSpecificOptionsRule } from "../../../src/core/rules/precision-specific-options.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

describe("NXC216 precision-specific-options", () => {
  it.each([
    [
      "fp16 cross entropy in a bf16 run",
      `${WHOLE}precision: bfloat16\nfp16_lm_cross_entropy: true\n`,
      "crossEntropy",
      4,
      24,
      4,
      28,
    ],
    [
      "fp16 cross entropy in an fp32 run (no precision set)",
      `${WHOLE}fp16_lm_cross_entropy: true\n`,
      "crossEntropy",
      3,
      24,
      3,
      28,
    ],
    [
      "µP with Lion",
      `${WHOLE}use_mup: true\noptimizer:\n  type: lion\n  params: {lr: 0.0001}\n`,
      "mupOptimizer",
      5,
      9,
      5,
      13,
    ],
    [
      "OneBitAdam without train_iters",
      "num_layers: 2\ntrain_epochs: 1\noptimizer: {type: OneBitAdam, params: {lr: 0.0001}}\n",
      "oneBitAdam",
      3,
      19,
      3,
      29,
    ],
    ["an amp block without enabled", `${WHOLE}amp:\n  opt_level: O1\n`, "noEnabled", 3, 1, 3, 4],
    [
      "a flops_profiler block without enabled",
      `${WHOLE}flops_profiler: {profile_step: 10}\n`,
      "noEnabled",
      3,
      1,
      3,
      15,
    ],
    [
      "an fp16 block without enabled and no precision",
      `${WHOLE}fp16:\n  loss_scale: 0\n`,
      "noEnabledFp16",
      3,
      1,
      3,
      5,
    ],
    [
      "an fp16 block without enabled in a bf16 run",
      `${WHOLE}precision: bfloat16\nfp16: {loss_scale: 0}\n`,
      "noEnabledFp16",
      4,
      1,
      4,
      5,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(precisionSpecificOptionsRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId,
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

  it("points at the precision that rules fp16 cross entropy out", async () => {
    const [finding] = await checkInvalid(precisionSpecificOptionsRule, {
      files: { "a.yml": `${WHOLE}bf16:\n  enabled: true\nfp16_lm_cross_entropy: true\n` },
      errors: [
        {
          messageId: "crossEntropy",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 28,
        },
      ],
    });
    expect(finding?.message).toContain("trains in bfloat16");
    expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
      ["precision set here", 4, 12],
    ]);
  });

  it.each([
    ["fp16 cross entropy with fp16 enabled", `${WHOLE}fp16:\n  enabled: true\nfp16_lm_cross_entropy: true\n`],
    ["fp16 cross entropy with precision fp16", `${WHOLE}precision: fp16\nfp16_lm_cross_entropy: true\n`],
    ["fp16 cross entropy off", `${WHOLE}fp16_lm_cross_entropy: false\n`],
    ["µP with Adam", `${WHOLE}use_mup: true\noptimizer: {type: Adam, params: {lr: 0.0001}}\n`],
    ["µP with SGD", `${WHOLE}use_mup: true\noptimizer: {type: sgd, params: {lr: 0.1}}\n`],
    ["µP with NeoX's default optimizer", `${WHOLE}use_mup: true\n`],
    ["Lion without µP", `${WHOLE}optimizer: {type: lion, params: {lr: 0.0001}}\n`],
    ["OneBitAdam with train_iters", `${WHOLE}optimizer: {type: OneBitAdam, params: {lr: 0.0001}}\n`],
    ["an fp16 block with enabled", `${WHOLE}fp16: {enabled: false, loss_scale: 0}\n`],
    [
      "an fp16 block without enabled but with precision fp16 (NeoX fills it in)",
      `${WHOLE}precision: fp16\nfp16: {loss_scale: 0}\n`,
    ],
    ["an amp block with enabled", `${WHOLE}amp: {enabled: true, opt_level: O1}\n`],
    ["a bf16 block without enabled (NeoX does not require it)", `${WHOLE}bf16: {}\n`],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(precisionSpecificOptionsRule, { files: { "a.yml": text } });
  });

  it.each([
    [
      "fp16 cross entropy in a fragment without precision",
      "fp16_lm_cross_entropy: true\nlog_interval: 10\n",
      "crossEntropyUnknown",
      1,
      24,
      1,
      28,
    ],
    [
      "OneBitAdam in a fragment without train_iters",
      "optimizer: {type: OneBitAdam, params: {lr: 0.0001}}\nlr_decay_style: cosine\n",
      "oneBitAdamUnknown",
      1,
      19,
      1,
      29,
    ],
    [
      "an fp16 block without enabled in a fragment without precision",
      "fp16:\n  loss_scale: 0\nlog_interval: 10\n",
      "noEnabledFp16Unknown",
      1,
      1,
      1,
      5,
    ],
  ])("calls %s unknown", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(precisionSpecificOptionsRule, {
      files: { "a.yml": text },
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
  });
});
