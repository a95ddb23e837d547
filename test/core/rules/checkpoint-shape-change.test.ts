import { checkpointShapeChangeRule } from "../../../src/core/rules/checkpoint-shape-change.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

/** A whole run that loads a checkpoint; the case adds one line. */
const RUN = "num_layers: 2\ntrain_iters: 100\nload: checkpoints/pretrained\n";

describe("NXC221 checkpoint-shape-change", () => {
  it.each([
    [
      "model_parallel_size raised",
      `${RUN}model_parallel_size: 1\n`,
      `${RUN}model_parallel_size: 2\n`,
      "changed",
      4,
      22,
      4,
      23,
    ],
    [
      "model_parallel_size written for the first time",
      RUN,
      `${RUN}model_parallel_size: 4\n`,
      "changed",
      4,
      22,
      4,
      23,
    ],
    [
      "make_vocab_size_divisible_by changed",
      `${RUN}make_vocab_size_divisible_by: 128\n`,
      `${RUN}make_vocab_size_divisible_by: 64\n`,
      "changed",
      4,
      31,
      4,
      33,
    ],
    [
      "model_parallel_size removed (back to NeoX's default 1)",
      `${RUN}model_parallel_size: 2\n`,
      RUN,
      "changed",
      3,
      7,
      3,
      29,
    ],
    [
      "tokenizer_type changed",
      `${RUN}tokenizer_type: GPT2BPETokenizer\n`,
      `${RUN}tokenizer_type: HFTokenizer\n`,
      "tokenizerChanged",
      4,
      17,
      4,
      28,
    ],
  ])(
    "warns about %s in a config that loads a checkpoint",
    async (_name, base, head, messageId, line, column, endLine, endColumn) => {
      const findings = await checkInvalid(checkpointShapeChangeRule, {
        files: { "a.yml": head },
        base: { "a.yml": base },
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
      expect(findings[0]?.certainty.detail).toContain("was saved with the old");
    },
  );

  it("puts the old value in the message and points at the checkpoint", async () => {
    const [finding] = await checkInvalid(checkpointShapeChangeRule, {
      files: { "a.yml": `${RUN}model_parallel_size: 2\n` },
      base: { "a.yml": `${RUN}model_parallel_size: 1\n` },
      errors: [
        {
          messageId: "changed",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 23,
        },
      ],
    });
    expect(finding?.message).toContain("sets `model_parallel_size` to `2` (it was `1`)");
    expect(finding?.message).toContain("size mismatch for word_embeddings.weight");
    expect(finding?.related.map((r) => [r.label, r.location.line])).toEqual([["loads here", 3]]);
  });

  it("matches declared config sets by name", async () => {
    const config = "config_sets:\n  - name: run\n    files: [model.yml, setup.yml]\n";
    const setup = "load: checkpoints\ndata_path: data/enwik8\n";
    await checkInvalid(checkpointShapeChangeRule, {
      files: { "model.yml": "num_layers: 2\ntrain_iters: 100\nmodel_parallel_size: 2\n", "setup.yml": setup },
      base: { "model.yml": "num_layers: 2\ntrain_iters: 100\nmodel_parallel_size: 1\n", "setup.yml": setup },
      config,
      errors: [
        {
          messageId: "changed",
          severity: "warning",
          certainty: "unknown",
          path: "model.yml",
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 23,
        },
      ],
    });
  });

  it.each([
    ["no base to compare with", null, `${RUN}model_parallel_size: 2\n`],
    ["no change", `${RUN}model_parallel_size: 2\n`, `${RUN}model_parallel_size: 2\n`],
    [
      "a change in a config that loads nothing",
      "num_layers: 2\ntrain_iters: 100\nmodel_parallel_size: 1\n",
      "num_layers: 2\ntrain_iters: 100\nmodel_parallel_size: 2\n",
    ],
    [
      "a change made together with a new load path",
      `${RUN}model_parallel_size: 1\n`,
      "num_layers: 2\ntrain_iters: 100\nload: checkpoints/resharded\nmodel_parallel_size: 2\n",
    ],
    [
      "a change made together with adding load",
      "num_layers: 2\ntrain_iters: 100\nmodel_parallel_size: 1\n",
      `${RUN}model_parallel_size: 2\n`,
    ],
    [
      "the tokenizer name in another case",
      `${RUN}tokenizer_type: HFTokenizer\n`,
      `${RUN}tokenizer_type: hftokenizer\n`,
    ],
    [
      "model_parallel_size 0 to 1 (NeoX reads both as 1)",
      `${RUN}model_parallel_size: 0\n`,
      `${RUN}model_parallel_size: 1\n`,
    ],
    [
      "a vocab_file added to a lone config (it came from a setup file before)",
      RUN,
      `${RUN}vocab_file: data/gpt2-vocab.json\n`,
    ],
  ])("does not flag %s", async (_name, base, head) => {
    await checkValid(checkpointShapeChangeRule, {
      files: { "a.yml": head },
      ...(base === null ? {} : { base: { "a.yml": base } }),
    });
  });

  it("does not flag a config that is new in the head", async () => {
    await checkValid(checkpointShapeChangeRule, {
      files: { "b.yml": `${RUN}model_parallel_size: 2\n` },
      base: { "a.yml": `${RUN}model_parallel_size: 1\n` },
    });
  });

  it.each([
    [
      "a vocab_file that changed (its size may not have)",
      `${RUN}vocab_file: data/v1.json\n`,
      `${RUN}vocab_file: data/v2.json\n`,
      "tokenizerChanged",
      4,
      13,
      "vocabulary file",
      4,
      25,
    ],
    [
      "a finetuning fragment whose checkpoint comes from another file",
      "finetune: true\nmodel_parallel_size: 1\n",
      "finetune: true\nmodel_parallel_size: 2\n",
      "changed",
      2,
      22,
      "`load` is not set",
      2,
      23,
    ],
  ])(
    "calls %s unknown, at info",
    async (_name, base, head, messageId, line, column, detail, endLine, endColumn) => {
      const findings = await checkInvalid(checkpointShapeChangeRule, {
        files: { "a.yml": head },
        base: { "a.yml": base },
        errors: [
          {
            messageId,
            severity: "info",
            certainty: "unknown",
            path: "a.yml",
            line,
            column,
            endLine,
            endColumn,
          },
        ],
      });
      expect(findings[0]?.certainty.detail).toContain(detail);
    },
  );
});
