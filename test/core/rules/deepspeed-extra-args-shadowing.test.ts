import { deepspeedExtraArgsShadowingRule } from "../../../src/core/rules/deepspeed-extra-args-shadowing.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

describe("NXC209 deepspeed-extra-args-shadowing", () => {
  it.each([
    [
      "a NeoX argument set at top level and in deepspeed_extra_args",
      `${WHOLE}gradient_clipping: 0.5\ndeepspeed_extra_args:\n  gradient_clipping: 1.0\n`,
      5,
      3,
      5,
      20,
    ],
    [
      "a hyphenated top-level spelling",
      `${WHOLE}train-micro-batch-size-per-gpu: 4\ndeepspeed_extra_args: {train_micro_batch_size_per_gpu: 8}\n`,
      4,
      24,
      4,
      54,
    ],
    [
      "a DeepSpeed dict set in both places",
      `${WHOLE}zero_optimization:\n  stage: 1\ndeepspeed_extra_args:\n  comms_logger: {enabled: true}\n  zero_optimization: {stage: 2}\n`,
      7,
      3,
      7,
      20,
    ],
  ])("flags %s", async (_name, text, line, column, endLine, endColumn) => {
    await checkInvalid(deepspeedExtraArgsShadowingRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "shadowed",
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

  it("reports a key written twice inside deepspeed_extra_args once, at the value PyYAML keeps", async () => {
    await checkInvalid(deepspeedExtraArgsShadowingRule, {
      files: {
        "a.yml": `${WHOLE}gradient_clipping: 0.5\ndeepspeed_extra_args:\n  gradient_clipping: 1.0\n  gradient_clipping: 2.0\n`,
      },
      errors: [
        {
          messageId: "shadowed",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 20,
        },
      ],
    });
  });

  it("flags it across the files of a set, relating the top-level key", async () => {
    const findings = await checkInvalid(deepspeedExtraArgsShadowingRule, {
      files: {
        "model.yml": `${WHOLE}steps_per_print: 100\n`,
        "ds.yml": "deepspeed_extra_args:\n  steps_per_print: 10\n",
      },
      config: "config_sets:\n  - files: [model.yml, ds.yml]\n",
      errors: [
        {
          messageId: "shadowed",
          severity: "error",
          certainty: "certain",
          path: "ds.yml",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 18,
        },
      ],
    });
    expect(findings[0]?.related.map((r) => [r.label, r.location.path, r.location.line])).toEqual([
      ["also set at top level here", "model.yml", 3],
    ]);
    expect(findings[0]?.message).toContain('"Key steps_per_print is already specified elsewhere"');
  });

  it.each([
    [
      "a key only in deepspeed_extra_args",
      `${WHOLE}deepspeed_extra_args:\n  zero_allow_untested_optimizer: true\n`,
    ],
    [
      "a DeepSpeed dict only in deepspeed_extra_args (as NeoX's 19M.yml does)",
      `${WHOLE}deepspeed_extra_args:\n  comms_logger: {enabled: true}\n`,
    ],
    [
      "a top-level key equal to NeoX's default (steps_per_print 10)",
      `${WHOLE}steps_per_print: 10\ndeepspeed_extra_args:\n  steps_per_print: 100\n`,
    ],
    [
      "a top-level key at NeoX's default (gradient_accumulation_steps 1)",
      `${WHOLE}gradient_accumulation_steps: 1\ndeepspeed_extra_args:\n  gradient_accumulation_steps: 4\n`,
    ],
    [
      "a top-level key written as null (NeoX's default None)",
      `${WHOLE}comms_logger: null\ndeepspeed_extra_args:\n  comms_logger: {enabled: true}\n`,
    ],
    [
      "a hyphenated key inside deepspeed_extra_args (nested keys are not normalised)",
      `${WHOLE}gradient_clipping: 0.5\ndeepspeed_extra_args:\n  gradient-clipping: 1.0\n`,
    ],
    ["deepspeed_extra_args that is not a dict", `${WHOLE}deepspeed_extra_args: null\n`],
    [
      "hostile keys named after Object's own properties",
      `${WHOLE}deepspeed_extra_args:\n  constructor: 1\n  __proto__: {a: 1}\n  toString: x\n`,
    ],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(deepspeedExtraArgsShadowingRule, { files: { "a.yml": text } });
  });

  it("judges a fragment on what it writes, and says nothing about keys another file might add", async () => {
    await checkValid(deepspeedExtraArgsShadowingRule, {
      files: { "a.yml": "deepspeed_extra_args:\n  gradient_clipping: 1.0\n" },
    });
  });
});
