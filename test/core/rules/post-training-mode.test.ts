import { postTrainingModeRule } from "../../../src/core/rules/post-training-mode.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

describe("NXC217 post-training-mode", () => {
  it.each([
    [
      "DPO with a pipeline of 1 (still a PipelineModule)",
      `${WHOLE}train_impl: dpo\npipe_parallel_size: 1\n`,
      "pipeline",
      4,
      21,
      4,
      22,
    ],
    [
      "reward-model training with a pipeline",
      `${WHOLE}pipe-parallel-size: 2\ntrain_impl: rm\n`,
      "pipeline",
      3,
      21,
      3,
      22,
    ],
    [
      "KTO with a pipeline",
      `${WHOLE}train_impl: kto\npipe_parallel_size: 4\ntrain_micro_batch_size_per_gpu: 8\n`,
      "pipeline",
      4,
      21,
      4,
      22,
    ],
    [
      "KTO with one sample per micro-batch",
      `${WHOLE}train_impl: kto\ntrain_micro_batch_size_per_gpu: 1\n`,
      "ktoMicroBatch",
      4,
      33,
      4,
      34,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(postTrainingModeRule, {
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

  it("points at train_impl from the pipeline finding", async () => {
    const [finding] = await checkInvalid(postTrainingModeRule, {
      files: { "a.yml": `${WHOLE}train_impl: dpo\npipe_parallel_size: 1\n` },
      errors: [
        {
          messageId: "pipeline",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 22,
        },
      ],
    });
    expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
      ["train_impl set here", 3, 13],
    ]);
    expect(finding?.message).toContain("Set `pipe_parallel_size: 0`");
  });

  it("warns about a mode in upper case, marked inferred, with the lower-case fix", async () => {
    const findings = await checkInvalid(postTrainingModeRule, {
      files: { "a.yml": `${WHOLE}train_impl: DPO\npipe_parallel_size: 0\n` },
      output: { "a.yml": `${WHOLE}train_impl: "dpo"\npipe_parallel_size: 0\n` },
      errors: [
        {
          messageId: "caseMismatch",
          severity: "warning",
          certainty: "inferred",
          path: "a.yml",
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 16,
        },
      ],
    });
    expect(findings[0]?.fix?.edits.map((e) => e.replacement)).toEqual(['"dpo"']);
  });

  it.each([
    ["DPO without a pipeline", `${WHOLE}train_impl: dpo\npipe_parallel_size: 0\n`],
    ["DPO with NeoX's default pipe_parallel_size (0)", `${WHOLE}train_impl: dpo\n`],
    ["normal training with a pipeline", `${WHOLE}train_impl: normal\npipe_parallel_size: 2\n`],
    [
      "REINFORCE with a pipeline (not among the modes NeoX asserts on)",
      `${WHOLE}train_impl: reinforce\npipe_parallel_size: 1\n`,
    ],
    ["KTO with micro-batches of 2", `${WHOLE}train_impl: kto\ntrain_micro_batch_size_per_gpu: 2\n`],
    ["DPO with one sample per micro-batch", `${WHOLE}train_impl: dpo\ntrain_micro_batch_size_per_gpu: 1\n`],
    ["a mode NeoX does not know (NXC224's)", `${WHOLE}train_impl: ppo\npipe_parallel_size: 1\n`],
    ["no train_impl", `${WHOLE}pipe_parallel_size: 1\ntrain_micro_batch_size_per_gpu: 1\n`],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(postTrainingModeRule, { files: { "a.yml": text } });
  });

  it("calls DPO in a fragment without pipe_parallel_size unknown", async () => {
    await checkInvalid(postTrainingModeRule, {
      files: { "a.yml": "train_impl: dpo\ndpo_beta: 0.1\nfinetune: true\n" },
      errors: [
        {
          messageId: "pipelineUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 16,
        },
      ],
    });
  });

  it("flags a declared set whose model file sets the pipeline", async () => {
    await checkInvalid(postTrainingModeRule, {
      files: {
        "model.yml": `${WHOLE}pipe_parallel_size: 1\n`,
        "dpo.yml": "train_impl: dpo\ndpo_beta: 0.1\n",
      },
      config: "config_sets:\n  - files: [model.yml, dpo.yml]\n",
      errors: [
        {
          messageId: "pipeline",
          severity: "error",
          certainty: "certain",
          path: "model.yml",
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 22,
        },
      ],
    });
  });
});
