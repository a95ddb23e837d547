import { derivedKeyIgnoredRule } from "../../../src/core/rules/derived-key-ignored.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

describe("NXC210 derived-key-ignored", () => {
  it.each([
    [
      "zero_stage with no zero_optimization (NeoX uses stage 0)",
      `${WHOLE}zero_stage: 2\n`,
      3,
      1,
      "which is not set, so NeoX uses 0",
      3,
      11,
    ],
    [
      "zero_stage disagreeing with zero_optimization.stage",
      `${WHOLE}zero-stage: 3\nzero_optimization:\n  stage: 1\n`,
      3,
      1,
      "which is 1 here",
      3,
      11,
    ],
    [
      "zero_reduce_bucket_size at top level",
      `${WHOLE}zero_optimization:\n  stage: 1\nzero_reduce_bucket_size: 200000000\n`,
      5,
      1,
      "which is not set, so NeoX uses 500000000",
      5,
      24,
    ],
    [
      "zero_contiguous_gradients at top level (JSON style)",
      `{\n  "zero_contiguous_gradients": True,\n}\n`,
      2,
      3,
      "which is not in this file",
      2,
      30,
    ],
  ])("flags %s", async (_name, text, line, column, effective, endLine, endColumn) => {
    const findings = await checkInvalid(derivedKeyIgnoredRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "ignored",
          severity: "warning",
          certainty: "inferred",
          path: "a.yml",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toContain(effective);
    expect(findings[0]?.certainty.detail).toContain("calculate_derived");
  });

  it("says how to move the value, and points at the value NeoX uses", async () => {
    const [finding] = await checkInvalid(derivedKeyIgnoredRule, {
      files: { "a.yml": `${WHOLE}zero_stage: 2\nzero_optimization:\n  stage: 1\n` },
      errors: [
        {
          messageId: "ignored",
          severity: "warning",
          certainty: "inferred",
          path: "a.yml",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 11,
        },
      ],
    });
    expect(finding?.fix).toEqual({
      description: "Move the value into `zero_optimization` as `stage: 2` and remove `zero_stage`.",
      edits: [],
    });
    expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
      ["the value NeoX uses", 5, 10],
    ]);
  });

  it.each([
    ["the stage written only under zero_optimization", `${WHOLE}zero_optimization:\n  stage: 2\n`],
    [
      "zero_stage equal to zero_optimization.stage (nothing lost)",
      `${WHOLE}zero_stage: 2\nzero_optimization:\n  stage: 2\n`,
    ],
    ["zero_reduce_scatter equal to DeepSpeed's default (true)", `${WHOLE}zero_reduce_scatter: true\n`],
    ["zero_stage written as null", `${WHOLE}zero_stage: null\n`],
    ["a commented-out zero_stage", `${WHOLE}# zero_stage: 2\n`],
    [
      "an autotuning run (NeoX keeps a non-integer stage)",
      `${WHOLE}autotuning: {enabled: true}\nzero_stage: all\n`,
    ],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(derivedKeyIgnoredRule, { files: { "a.yml": text } });
  });

  it("flags a fragment too (the line is ignored whatever the other files say), naming what is unknown", async () => {
    const [finding] = await checkInvalid(derivedKeyIgnoredRule, {
      files: { "a.yml": "zero_stage: 1\n" },
      errors: [
        {
          messageId: "ignored",
          severity: "warning",
          certainty: "inferred",
          path: "a.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 11,
        },
      ],
    });
    expect(finding?.message).toContain("another config file may set it; otherwise NeoX uses 0");
  });
});
