import { batchSizeArithmeticRule } from "../../../src/core/rules/batch-size-arithmetic.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** Batch keys in a whole run, in the order given (line 3 onwards). */
function run(keys: Record<string, number | string>): string {
  return (
    WHOLE +
    Object.entries(keys)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join("")
  );
}

describe("NXC204 batch-size-arithmetic", () => {
  it.each([
    [
      "a batch size no whole number of ranks can make (all three written)",
      run({ train_batch_size: 100, train_micro_batch_size_per_gpu: 8, gradient_accumulation_steps: 2 }),
      "noWholeDp",
      3,
      19,
      3,
      22,
    ],
    [
      "a batch size that is not a multiple of the micro batch (accumulation at its default 1)",
      run({ train_batch_size: 100, train_micro_batch_size_per_gpu: 8 }),
      "noWholeDp",
      3,
      19,
      3,
      22,
    ],
    [
      "a batch size that the accumulation steps do not divide (micro batch derived)",
      run({ "train-batch-size": 100, gradient_accumulation_steps: 8 }),
      "noWholeDp",
      3,
      19,
      3,
      22,
    ],
    [
      "a mismatch on num_gpus x num_nodes GPUs",
      run({
        train_batch_size: 64,
        train_micro_batch_size_per_gpu: 4,
        gradient_accumulation_steps: 2,
        num_gpus: 8,
        num_nodes: 2,
      }),
      "mismatch",
      3,
      19,
      3,
      21,
    ],
    [
      "a mismatch on global_num_gpus with pipeline and model parallelism",
      run({
        global_num_gpus: 16,
        pipe_parallel_size: 2,
        model_parallel_size: 2,
        train_batch_size: 64,
        train_micro_batch_size_per_gpu: 4,
        gradient_accumulation_steps: 2,
      }),
      "mismatch",
      6,
      19,
      6,
      21,
    ],
    [
      "a batch size alone that the ranks do not divide (micro batch derived)",
      run({ train_batch_size: 10, num_gpus: 4, num_nodes: 1 }),
      "mismatch",
      3,
      19,
      3,
      21,
    ],
    [
      "a GPU count that pipe x model parallel sizes do not divide",
      run({ num_gpus: 6, num_nodes: 1, pipe_parallel_size: 4, train_micro_batch_size_per_gpu: 4 }),
      "dpNotWhole",
      3,
      11,
      3,
      12,
    ],
    ["a whole run with neither batch key", WHOLE, "missing", 1, 1, 1, 2],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(batchSizeArithmeticRule, {
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

  it("spells out the arithmetic and the value that would fit", async () => {
    const [finding] = await checkInvalid(batchSizeArithmeticRule, {
      files: {
        "a.yml": run({
          train_batch_size: 64,
          train_micro_batch_size_per_gpu: 4,
          gradient_accumulation_steps: 2,
          num_gpus: 8,
          num_nodes: 2,
        }),
      },
      errors: [
        {
          messageId: "mismatch",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 21,
        },
      ],
    });
    expect(finding?.message).toContain("on 16 GPUs (16 data-parallel ranks = 16 / (pipe 1 x model 1))");
    expect(finding?.message).toContain("train_batch_size 64 != 4 x 2 x 16 = 128");
    expect(finding?.fix?.description).toBe(
      "Set `train_batch_size: 128` for this GPU count, or remove it and let NeoX derive it.",
    );
    expect(finding?.related.map((r) => [r.label, r.location.line])).toEqual([
      ["micro batch size set here", 4],
      ["gradient accumulation set here", 5],
      ["GPU count set here", 6],
    ]);
  });

  it.each([
    [
      "a micro batch alone (NeoX derives train_batch_size, as in every shipped config)",
      run({ train_micro_batch_size_per_gpu: 4 }),
    ],
    [
      "micro batch and accumulation on a known GPU count",
      run({ train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 8, num_gpus: 8 }),
    ],
    [
      "all three consistent on num_gpus x num_nodes",
      run({
        train_batch_size: 128,
        train_micro_batch_size_per_gpu: 4,
        gradient_accumulation_steps: 2,
        num_gpus: 8,
        num_nodes: 2,
      }),
    ],
    [
      "all three consistent with pipeline and model parallelism",
      run({
        global_num_gpus: 16,
        pipe_parallel_size: 2,
        model_parallel_size: 2,
        train_batch_size: 32,
        train_micro_batch_size_per_gpu: 4,
        gradient_accumulation_steps: 2,
      }),
    ],
    [
      "autotuning ('auto')",
      run({ train_batch_size: '"auto"', train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 3 }),
    ],
    [
      "a batch size written as a string (a type problem, NXC224)",
      run({ train_batch_size: "1e3", train_micro_batch_size_per_gpu: 8 }),
    ],
    ["a fragment without any batch key", "data_path: data/enwik8\nsave: checkpoints\n"],
    ["a batch size alone with the GPU count unknown", run({ train_batch_size: 1024 })],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(batchSizeArithmeticRule, { files: { "a.yml": text } });
  });

  it.each([
    [
      "all three written, GPU count not in the config",
      run({ train_batch_size: 1024, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 8 }),
      "needsGpuCount",
      "info",
      "exactly 32 data-parallel ranks (32 GPUs with pipe 1 x model 1)",
      3,
      23,
    ],
    [
      "num_gpus without num_nodes (one node assumed)",
      run({
        train_batch_size: 64,
        train_micro_batch_size_per_gpu: 4,
        gradient_accumulation_steps: 2,
        num_gpus: 4,
      }),
      "mismatch",
      "warning",
      "train_batch_size 64 != 4 x 2 x 4 = 32",
      3,
      21,
    ],
  ])("calls %s unknown", async (_name, text, messageId, severity, says, endLine, endColumn) => {
    const findings = await checkInvalid(batchSizeArithmeticRule, {
      files: { "a.yml": text },
      errors: [
        { messageId, severity, certainty: "unknown", path: "a.yml", line: 3, column: 19, endLine, endColumn },
      ],
    });
    expect(findings[0]?.message).toContain(says);
  });

  it("gives up on the GPU count when a hostfile decides the number of nodes", async () => {
    await checkInvalid(batchSizeArithmeticRule, {
      files: {
        "a.yml": run({
          train_batch_size: 64,
          train_micro_batch_size_per_gpu: 4,
          gradient_accumulation_steps: 2,
          num_gpus: 4,
          hostfile: "/job/hostfile",
        }),
      },
      errors: [
        {
          messageId: "needsGpuCount",
          severity: "info",
          certainty: "unknown",
          path: "a.yml",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 21,
        },
      ],
    });
  });
});
