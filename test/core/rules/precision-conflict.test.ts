import { precisionConflictRule } from "../../../src/core/rules/precision-conflict.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

describe("NXC203 precision-conflict", () => {
  it.each([
    [
      "fp16 and bf16 both enabled",
      `${WHOLE}fp16:\n  enabled: true\nbf16:\n  enabled: true\n`,
      [{ messageId: "bothEnabled", line: 6, column: 12, endLine: 6, endColumn: 16 }],
    ],
    [
      "precision fp16 with bf16 enabled",
      `${WHOLE}precision: fp16\nbf16:\n  enabled: true\n`,
      [{ messageId: "precisionMismatch", line: 3, column: 12, endLine: 3, endColumn: 16 }],
    ],
    [
      "precision bfloat16 with fp16 enabled (JSON style, Python booleans)",
      `{\n  "train_iters": 10,\n  "precision": "bfloat16",\n  "fp16": {"enabled": True, "loss_scale": 0},\n}\n`,
      [{ messageId: "precisionMismatch", line: 3, column: 16, endLine: 3, endColumn: 26 }],
    ],
    [
      "precision fp32 with bf16 enabled",
      `${WHOLE}precision: fp32\nbf16: {enabled: yes}\n`,
      [{ messageId: "precisionMismatch", line: 3, column: 12, endLine: 3, endColumn: 16 }],
    ],
    [
      "fp16 enabled as 1 next to bf16 enabled",
      `${WHOLE}fp16: {enabled: 1}\nbf16: {enabled: true}\n`,
      [{ messageId: "bothEnabled", line: 4, column: 17, endLine: 4, endColumn: 21 }],
    ],
    [
      "both enabled and a precision that agrees with neither",
      `${WHOLE}precision: fp32\nfp16:\n  enabled: true\nbf16:\n  enabled: true\n`,
      [
        { messageId: "bothEnabled", line: 7, column: 12, endLine: 7, endColumn: 16 },
        { messageId: "precisionMismatch", line: 3, column: 12, endLine: 3, endColumn: 16 },
        { messageId: "precisionMismatch", line: 3, column: 12, endLine: 3, endColumn: 16 },
      ],
    ],
  ])("flags %s", async (_name, text, expected) => {
    await checkInvalid(precisionConflictRule, {
      files: { "a.yml": text },
      errors: expected.map((e) => ({ ...e, severity: "error", certainty: "certain", path: "a.yml" })),
    });
  });

  it("flags a conflict across the files of a declared set, with the other side related", async () => {
    const findings = await checkInvalid(precisionConflictRule, {
      files: {
        "model.yml": `${WHOLE}precision: fp16\n`,
        "bf16.yml": "steps_per_print: 10\nbf16:\n  enabled: true\n",
      },
      config: "config_sets:\n  - files: [model.yml, bf16.yml]\n",
      errors: [
        {
          messageId: "precisionMismatch",
          severity: "error",
          certainty: "certain",
          path: "model.yml",
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 16,
        },
      ],
    });
    expect(findings[0]?.related).toEqual([
      {
        label: "bf16 enabled here",
        location: { path: "bf16.yml", line: 3, column: 12, endLine: 3, endColumn: 16 },
      },
    ]);
    expect(findings[0]?.message).toContain(
      "`precision: fp16` conflicts with `bf16.enabled: true`, which means bfloat16",
    );
  });

  it.each([
    ["precision bfloat16 with bf16 enabled", `${WHOLE}precision: bfloat16\nbf16:\n  enabled: true\n`],
    ["precision fp16 with fp16 enabled", `${WHOLE}precision: fp16\nfp16:\n  enabled: true\n`],
    [
      "precision in capitals (an odd spelling, not a conflict between blocks)",
      `${WHOLE}precision: FP16\nfp16:\n  enabled: true\n`,
    ],
    ["fp16 enabled, bf16 disabled", `${WHOLE}fp16:\n  enabled: true\nbf16:\n  enabled: false\n`],
    ["a commented-out bf16 block", `${WHOLE}fp16:\n  enabled: true\n# bf16:\n#   enabled: true\n`],
    [
      "bf16 with enabled as a string (not a YAML boolean)",
      `${WHOLE}precision: fp16\nbf16:\n  enabled: "maybe"\n`,
    ],
    ["precision alone", `${WHOLE}precision: bfloat16\n`],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(precisionConflictRule, { files: { "a.yml": text } });
  });

  // Nothing here depends on a key another file might supply: a fragment is judged on what it writes.
  it("is certain about a conflict written in a fragment, and silent about one side alone", async () => {
    await checkInvalid(precisionConflictRule, {
      files: { "a.yml": "steps_per_print: 10\nfp16: {enabled: true}\nbf16: {enabled: true}\n" },
      errors: [
        {
          messageId: "bothEnabled",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 21,
        },
      ],
    });
    await checkValid(precisionConflictRule, {
      files: { "a.yml": "steps_per_print: 10\nbf16:\n  enabled: true\n" },
    });
  });
});
