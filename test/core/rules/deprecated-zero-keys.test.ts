import { deprecatedZeroKeysRule } from "../../../src/core/rules/deprecated-zero-keys.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

describe("NXC219 deprecated-zero-keys", () => {
  it.each([
    [
      "cpu_offload: false (upstream's own configs)",
      "zero_optimization:\n  stage: 1\n  cpu_offload: false\n",
      3,
      3,
      "It is `false` here, which is the default: remove it.",
      5,
      14,
    ],
    [
      "cpu_offload: true",
      "zero_optimization:\n  stage: 2\n  cpu_offload: true\n",
      3,
      3,
      'Write `"offload_optimizer": {"device": "cpu"}` instead.',
      5,
      14,
    ],
    [
      "cpu_offload_params in a flow mapping",
      'zero_optimization: {"stage": 3, "cpu_offload_params": true}\n',
      1,
      33,
      'Write `"offload_param": {"device": "cpu"}` instead.',
      3,
      53,
    ],
    [
      "cpu_offload_use_pin_memory",
      "zero_optimization:\n  stage: 2\n  cpu_offload_use_pin_memory: true\n",
      3,
      3,
      '`"pin_memory": true` inside `offload_optimizer`',
      5,
      29,
    ],
  ])("notes %s", async (_name, text, line, column, advice, endLine, endColumn) => {
    const findings = await checkInvalid(deprecatedZeroKeysRule, {
      files: { "a.yml": `num_layers: 2\ntrain_iters: 10\n${text}` },
      errors: [
        {
          messageId: "deprecated",
          severity: "info",
          certainty: "certain",
          path: "a.yml",
          line: line + 2,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toContain(advice);
  });

  it("notes each deprecated key once, in a fragment too", async () => {
    const findings = await checkInvalid(deprecatedZeroKeysRule, {
      files: {
        "zero.yml": "zero_optimization:\n  stage: 1\n  cpu_offload: false\n  cpu_offload_params: false\n",
      },
      errors: [
        {
          messageId: "deprecated",
          severity: "info",
          certainty: "certain",
          path: "zero.yml",
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 14,
        },
        {
          messageId: "deprecated",
          severity: "info",
          certainty: "certain",
          path: "zero.yml",
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 21,
        },
      ],
    });
    expect(findings.map((f) => [f.location.line, f.message.slice(0, 40)])).toEqual([
      [3, "`zero_optimization.cpu_offload` is depre"],
      [4, "`zero_optimization.cpu_offload_params` i"],
    ]);
  });

  it.each([
    [
      "offload_optimizer",
      "zero_optimization:\n  stage: 2\n  offload_optimizer: {device: cpu, pin_memory: true}\n",
    ],
    [
      "a top-level cpu_offload-like key outside zero_optimization",
      "zero_optimization:\n  stage: 1\ncheckpoint_activations: true\n",
    ],
    ["a commented-out cpu_offload", "zero_optimization:\n  stage: 1\n  # cpu_offload: false\n"],
  ])("does not note %s", async (_name, text) => {
    await checkValid(deprecatedZeroKeysRule, {
      files: { "a.yml": `num_layers: 2\ntrain_iters: 10\n${text}` },
    });
  });
});
