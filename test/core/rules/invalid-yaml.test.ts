import { invalidYamlRule } from "../../../src/core/rules/invalid-yaml.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

describe("NXC223 invalid-yaml", () => {
  it.each([
    [
      "a missing comma in a flow mapping",
      '{\n  "pipe_parallel_size": 1,\n  "model_parallel_size": 1\n  "num_layers": 12,\n  "hidden_size": 768,\n}\n',
      // PyYAML's line and column: the `:` after the key that swallowed the line break
      4,
      15,
      "Implicit keys need to be on a single line",
      4,
      16,
    ],
    [
      "an unclosed flow mapping",
      '{\n  "num_layers": 12,\n  "hidden_size": 768,\n  "num_attention_heads": 12,\n',
      5,
      1,
      "Flow map must end with a }",
      5,
      1,
    ],
  ])(
    "flags %s at PyYAML's position, with the parser's message",
    async (_name, text, line, column, problem, endLine, endColumn) => {
      const findings = await checkInvalid(invalidYamlRule, {
        files: { "configs/broken.yml": text },
        errors: [
          {
            messageId: "invalid",
            severity: "error",
            certainty: "certain",
            path: "configs/broken.yml",
            line,
            column,
            endLine,
            endColumn,
          },
        ],
      });
      expect(findings[0]?.message).toMatch(/^PyYAML cannot load this config/);
      expect(findings[0]?.message).toContain(problem);
    },
  );

  it.each([
    [
      "JSON-style with comments and a trailing comma",
      '{\n  "num_layers": 12,  # twelve\n  "hidden_size": 768,\n  "num_attention_heads": 12,\n}\n',
    ],
    ["block style", "num_layers: 12\nhidden_size: 768\nnum_attention_heads: 12\n"],
    [
      "1e-8 and True",
      "num_layers: 12\nhidden_size: 768\nnum_attention_heads: 12\nmin_lr: 1e-8\nfinetune: True\n",
    ],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(invalidYamlRule, { files: { "configs/ok.yml": text } });
  });
});
