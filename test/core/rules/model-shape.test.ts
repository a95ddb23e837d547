import { modelShapeRule } from "../../../src/core/rules/model-shape.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

/** A complete run, one key a line, so a case can replace a line and know where it is. */
const LINES = [
  "num_layers: 2",
  "hidden_size: 8",
  "num_attention_heads: 2",
  "max_position_embeddings: 16",
  "seq_length: 16",
  "train_iters: 100",
  "optimizer: {type: Adam, params: {lr: 0.0006}}",
];

/** The run with line `n` (1-based) replaced, and extra lines appended. */
function run(replace: Record<number, string> = {}, ...extra: string[]): string {
  return [...LINES.map((line, i) => replace[i + 1] ?? line), ...extra].join("\n") + "\n";
}

describe("NXC215 model-shape", () => {
  it.each([
    [
      "hidden_size not divisible by the heads",
      run({ 2: "hidden_size: 10", 3: "num_attention_heads: 4" }),
      "headsDivide",
      2,
      14,
      2,
      16,
    ],
    ["max_position_embeddings below seq_length", run({ 5: "seq_length: 32" }), "positions", 4, 26, 4, 28],
    ["more unique layers than layers", run({}, "num_unique_layers: 3"), "uniqueTooMany", 8, 20, 8, 21],
    [
      "unique layers that do not divide the layers",
      run({ 1: "num_layers: 6" }, "num_unique_layers: 4"),
      "uniqueDivide",
      8,
      20,
      8,
      21,
    ],
    ["a required key written null", run({ 2: "hidden_size: null" }), "requiredNull", 2, 14, 2, 18],
    [
      "a learning rate written null",
      run({ 7: "optimizer: {type: Adam, params: {lr: null}}" }),
      "lrNone",
      7,
      38,
      7,
      42,
    ],
    [
      "a non-dividing hidden size in a model that is not Mamba",
      run({ 2: "hidden_size: 10", 3: "num_attention_heads: 4" }, 'attention_config: [[["flash"], 2]]'),
      "headsDivide",
      2,
      14,
      2,
      16,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(modelShapeRule, {
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

  it("flags a required key no file of a declared config set writes", async () => {
    const findings = await checkInvalid(modelShapeRule, {
      files: {
        "model.yml": run({ 4: "# no max_position_embeddings", 5: "# no seq_length" }),
        "setup.yml": "data_path: data/x\nsave: ckpt\n",
      },
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
      errors: [
        {
          messageId: "required",
          severity: "error",
          certainty: "certain",
          path: "model.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
        },
      ],
    });
    expect(findings[0]?.message).toContain('raises "max_position_embeddings is None"');
  });

  it.each([
    [
      "no optimizer block in a declared config set",
      { "model.yml": run({ 7: "# optimizer elsewhere?" }), "setup.yml": "data_path: data/x\nsave: ckpt\n" },
      "defaultOptimizer",
      "model.yml",
      1,
      1,
      1,
      2,
    ],
    [
      "optimizer params without lr",
      {
        "model.yml": run({ 7: "optimizer: {type: Adam, params: {eps: 1.0e-8}}" }),
        "setup.yml": "data_path: data/x\nsave: ckpt\n",
      },
      "defaultLr",
      "model.yml",
      7,
      25,
      7,
      31,
    ],
    [
      "optimizer: null",
      { "model.yml": run({ 7: "optimizer: null" }), "setup.yml": "data_path: data/x\nsave: ckpt\n" },
      "defaultOptimizer",
      "model.yml",
      7,
      1,
      7,
      10,
    ],
  ])("warns about %s", async (_name, files, messageId, path, line, column, endLine, endColumn) => {
    await checkInvalid(modelShapeRule, {
      files,
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
      errors: [
        { messageId, severity: "warning", certainty: "certain", path, line, column, endLine, endColumn },
      ],
    });
  });

  it("says the default is Adam at lr 0.001", async () => {
    const [finding] = await checkInvalid(modelShapeRule, {
      files: { "model.yml": run({ 7: "optimizer: null" }), "setup.yml": "data_path: data/x\nsave: ckpt\n" },
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
      errors: [
        {
          messageId: "defaultOptimizer",
          severity: "warning",
          certainty: "certain",
          path: "model.yml",
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 10,
        },
      ],
    });
    expect(finding?.message).toContain("Adam at lr 0.001");
  });

  it.each([
    ["a complete run", run()],
    [
      "a Mamba model whose hidden size the heads do not divide",
      run({ 2: "hidden_size: 10", 3: "num_attention_heads: 4" }, 'attention_config: [[["mamba"], 2]]'),
    ],
    ["no seq_length", run({ 5: "# seq_length from elsewhere" })],
    ["unique layers that divide the layers", run({ 1: "num_layers: 6" }, "num_unique_layers: 3")],
    ["a model-only fragment (no training length)", "num_layers: 2\nhidden_size: 8\nnum_attention_heads: 2\n"],
    ["a training fragment without shape keys", "train_iters: 100\nlr_decay_iters: 100\nfinetune: true\n"],
    ["an optimizer without params (NXC224's)", run({ 7: "optimizer: {type: Adam}" })],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(modelShapeRule, { files: { "a.yml": text } });
  });

  it("calls a shape key missing from a lone config unknown", async () => {
    await checkInvalid(modelShapeRule, {
      files: { "a.yml": run({ 4: "# max_position_embeddings elsewhere", 5: "# seq" }) },
      errors: [
        {
          messageId: "requiredElsewhere",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
        },
      ],
    });
  });

  it("calls a non-dividing hidden size in a fragment unknown (it may be a Mamba model)", async () => {
    await checkInvalid(modelShapeRule, {
      files: { "a.yml": "hidden_size: 10\nnum_attention_heads: 4\n" },
      errors: [
        {
          messageId: "headsDivideUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 14,
          endLine: 1,
          endColumn: 16,
        },
      ],
    });
  });

  it("calls a lone config without an optimizer unknown, at info", async () => {
    await checkInvalid(modelShapeRule, {
      files: { "a.yml": run({ 7: "# optimizer in another file?" }) },
      errors: [
        {
          messageId: "defaultOptimizer",
          severity: "info",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
        },
      ],
    });
  });
});
