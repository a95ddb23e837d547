import { duplicateKeyRule } from "../../../src/core/rules/duplicate-key.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const HEAD = ["{", '  "num_layers": 12,', '  "hidden_size": 768,', '  "num_attention_heads": 12,'].join("\n");
const SET = "config_sets:\n  - files: [configs/model.yml, configs/run.yml]\n";

describe("NXC208 duplicate-key", () => {
  it.each([
    [
      "the same key twice in one file (PyYAML keeps the last)",
      `${HEAD}\n  "train_iters": 1000,\n  "train_iters": 2000,\n}\n`,
      "lastWins",
      "certain",
      6,
      6,
      16,
    ],
    [
      "a hyphen twin after the underscore spelling (NeoX misses it)",
      `${HEAD}\n  "train_iters": 1000,\n  "train-iters": 2000,\n}\n`,
      "silent",
      "inferred",
      6,
      6,
      16,
    ],
    [
      "an underscore twin after the hyphen spelling (NeoX refuses to start)",
      `${HEAD}\n  "train-iters": 1000,\n  "train_iters": 2000,\n}\n`,
      "rejects",
      "certain",
      6,
      6,
      16,
    ],
  ])("flags %s", async (_name, text, messageId, certainty, line, endLine, endColumn) => {
    const findings = await checkInvalid(duplicateKeyRule, {
      files: { "configs/run.yml": text },
      errors: [
        {
          messageId,
          severity: "warning",
          certainty,
          path: "configs/run.yml",
          line,
          column: 3,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.related).toEqual([
      {
        label: "first written here",
        location: expect.objectContaining({ path: "configs/run.yml", line: 5, column: 3 }),
      },
    ]);
  });

  it.each([
    ["the same spelling", "train_iters: 2000\n", "rejects", "certain", 2, 12],
    ["a hyphen twin", "train-iters: 2000\n", "silent", "inferred", 2, 12],
  ])(
    "flags a key repeated across a config set: %s",
    async (_name, second, messageId, certainty, endLine, endColumn) => {
      const findings = await checkInvalid(duplicateKeyRule, {
        files: {
          "configs/model.yml": `${HEAD}\n  "train_iters": 1000,\n}\n`,
          "configs/run.yml": `lr_decay_iters: 1000\n${second}`,
        },
        config: SET,
        errors: [
          {
            messageId,
            severity: "warning",
            certainty,
            path: "configs/run.yml",
            line: 2,
            column: 1,
            endLine,
            endColumn,
          },
        ],
      });
      expect(findings[0]?.related[0]?.location).toMatchObject({ path: "configs/model.yml", line: 5 });
    },
  );

  it("says when the values are equal", async () => {
    const [finding] = await checkInvalid(duplicateKeyRule, {
      files: { "configs/run.yml": `${HEAD}\n  "train_iters": 1000,\n  "train_iters": 1000,\n}\n` },
      errors: [
        {
          messageId: "lastWins",
          severity: "warning",
          certainty: "certain",
          path: "configs/run.yml",
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 16,
        },
      ],
    });
    expect(finding?.message).toContain("the values are equal today");
  });

  it.each([
    [
      "distinct keys",
      { "configs/run.yml": `${HEAD}\n  "train_iters": 1000,\n  "lr_decay_iters": 1000,\n}\n` },
    ],
    [
      "the same key in nested DeepSpeed blocks",
      { "configs/run.yml": `${HEAD}\n  "fp16": {"enabled": true},\n  "bf16": {"enabled": false},\n}\n` },
    ],
    [
      "the same key in two configs that are not merged",
      {
        "configs/a.yml": `${HEAD}\n  "train_iters": 1000,\n}\n`,
        "configs/b.yml": `${HEAD}\n  "train_iters": 2000,\n}\n`,
      },
    ],
  ])("does not flag %s", async (_name, files) => {
    await checkValid(duplicateKeyRule, { files });
  });
});
