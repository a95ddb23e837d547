import { groupedQueryAttentionRule } from "../../../src/core/rules/grouped-query-attention.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

describe("NXC213 grouped-query-attention", () => {
  it.each([
    [
      "KV heads that do not divide the heads",
      `${WHOLE}num_attention_heads: 12\nnum_kv_heads: 5\n`,
      "notDivisor",
      4,
      15,
      4,
      16,
    ],
    [
      "more KV heads than heads",
      `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 16\n`,
      "notDivisor",
      4,
      15,
      4,
      17,
    ],
    ["zero KV heads", `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 0\n`, "notPositive", 4, 15, 4, 16],
    [
      "GQA with local attention layers",
      `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 2\nattention_config: [[["flash", "local"], 1]]\n`,
      "attentionType",
      5,
      31,
      5,
      38,
    ],
    [
      "MQA with a sparsity_config",
      `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 1\nsparsity_config:\n  block: 16\n`,
      "sparsity",
      5,
      1,
      5,
      16,
    ],
    [
      "KV heads not divisible by model_parallel_size",
      `${WHOLE}num_attention_heads: 32\nnum_kv_heads: 2\nmodel_parallel_size: 4\n`,
      "modelParallel",
      4,
      15,
      4,
      16,
    ],
    [
      "a JSON-style config with hyphenated keys",
      '{\n  "num-layers": 2,\n  "train-iters": 100,\n  "num-attention-heads": 64,\n  "num-kv-heads": 8,\n  "model-parallel-size": 16,\n}\n',
      "modelParallel",
      5,
      19,
      5,
      20,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(groupedQueryAttentionRule, {
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

  it("suggests divisors of the head count and points at num_attention_heads", async () => {
    const [finding] = await checkInvalid(groupedQueryAttentionRule, {
      files: { "a.yml": `${WHOLE}num_attention_heads: 12\nnum_kv_heads: 5\n` },
      errors: [
        {
          messageId: "notDivisor",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 4,
          column: 15,
          endLine: 4,
          endColumn: 16,
        },
      ],
    });
    expect(finding?.message).toContain("e.g. 1, 2, 4");
    expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
      ["num_attention_heads here", 3, 22],
    ]);
  });

  it("checks a declared config set as one run", async () => {
    const findings = await checkInvalid(groupedQueryAttentionRule, {
      files: {
        "model.yml": `${WHOLE}num_attention_heads: 64\nnum_kv_heads: 8\n`,
        "parallel.yml": "model_parallel_size: 16\npipe_parallel_size: 1\n",
      },
      config: "config_sets:\n  - files: [model.yml, parallel.yml]\n",
      errors: [
        {
          messageId: "modelParallel",
          severity: "error",
          certainty: "certain",
          path: "model.yml",
          line: 4,
          column: 15,
          endLine: 4,
          endColumn: 16,
        },
      ],
    });
    expect(findings[0]?.related.map((r) => r.location.path)).toEqual(["parallel.yml"]);
  });

  it.each([
    [
      "as many KV heads as heads, with local layers and sparsity",
      `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 8\nattention_config: [[["local"], 2]]\nsparsity_config: {block: 16}\n`,
    ],
    [
      "GQA with flash layers and a model parallelism that divides the KV heads",
      `${WHOLE}num_attention_heads: 32\nnum_kv_heads: 8\nattention_config: [[["flash"], "all"]]\nmodel_parallel_size: 4\n`,
    ],
    ["GQA with NeoX's default global layers", `${WHOLE}num_attention_heads: 32\nnum_kv_heads: 4\n`],
    [
      "GQA with an empty sparsity_config",
      `${WHOLE}num_attention_heads: 32\nnum_kv_heads: 4\nsparsity_config: {}\n`,
    ],
    ["no num_kv_heads", `${WHOLE}num_attention_heads: 12\nmodel_parallel_size: 8\n`],
    ["num_kv_heads: null", `${WHOLE}num_attention_heads: 12\nnum_kv_heads: null\n`],
    ["a fragment with KV heads but no head count", "num_kv_heads: 5\nmodel_parallel_size: 1\n"],
    ["a fragment with even KV heads and no model parallelism", "num_attention_heads: 32\nnum_kv_heads: 8\n"],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(groupedQueryAttentionRule, { files: { "a.yml": text } });
  });

  it("calls odd KV heads unknown when the model parallelism comes from another file", async () => {
    await checkInvalid(groupedQueryAttentionRule, {
      files: { "a.yml": "num_attention_heads: 12\nnum_kv_heads: 3\n" },
      errors: [
        {
          messageId: "modelParallelUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 2,
          column: 15,
          endLine: 2,
          endColumn: 16,
        },
      ],
    });
  });
});

describe("NXC213 against the repository's own NeoX", () => {
  const args =
    "class NeoXArgsModel(NeoXArgsTemplate):\n    num_layers: int = None\n    train_iters: int = None\n" +
    "    num_attention_heads: int = None\n    num_kv_heads: int = None\n";
  const config = `${WHOLE}num_attention_heads: 8\nnum_kv_heads: 3\n`;

  it("flags a KV head count that does not divide where its arguments.py asserts it", async () => {
    const files = {
      "megatron/neox_arguments/neox_args.py": args,
      "megatron/neox_arguments/arguments.py":
        'assert x, "num_kv_heads must evenly divide num_attention_heads and be no greater than it"\n',
      "a.yml": config,
    };
    await checkInvalid(groupedQueryAttentionRule, {
      files,
      errors: [
        {
          messageId: "notDivisor",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 4,
          column: 15,
          endLine: 4,
          endColumn: 16,
        },
      ],
    });
  });

  it("says nothing where its arguments.py has no such assert", async () => {
    const files = {
      "megatron/neox_arguments/neox_args.py": args,
      "megatron/neox_arguments/arguments.py": "class NeoXArgs:\n    pass\n",
      "a.yml": config,
    };
    await checkValid(groupedQueryAttentionRule, { files });
  });
});
