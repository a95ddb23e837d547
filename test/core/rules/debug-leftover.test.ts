import { debugLeftoverRule } from "../../../src/core/rules/debug-leftover.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const SHAPE = "num_layers: 32\nhidden_size: 4096\nnum_attention_heads: 32\nmax_position_embeddings: 2048\n";

describe("NXC228 debug-leftover", () => {
  it.each([
    [
      "train_iters 10 under the default eval interval",
      "configs/6-7B.yml",
      `${SHAPE}train_iters: 10\n`,
      5,
      16,
    ],
    [
      "train_iters 50 below eval and checkpoint intervals",
      "configs/1-3B.yml",
      `${SHAPE}train_iters: 50\neval_interval: 1000\ncheckpoint_factor: 1000\nwarmup: 0.01\n`,
      5,
      16,
    ],
  ])("flags %s (a heuristic warning)", async (_name, path, text, endLine, endColumn) => {
    const findings = await checkInvalid(debugLeftoverRule, {
      files: { [path]: text },
      errors: [
        {
          messageId: "short",
          severity: "warning",
          certainty: "inferred",
          path,
          line: 5,
          column: 14,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toMatch(/^Heuristic: /);
  });

  it("names the checkpoint interval it never reaches", async () => {
    const [finding] = await checkInvalid(debugLeftoverRule, {
      files: { "13B.yml": `${SHAPE}train_iters: 20\ncheckpoint_factor: 500\n` },
      errors: [
        {
          messageId: "short",
          severity: "warning",
          certainty: "inferred",
          path: "13B.yml",
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 16,
        },
      ],
    });
    expect(finding?.message).toContain("`checkpoint_factor` 500");
    expect(finding?.message).toContain("warm-up is 0 steps");
  });

  it.each([
    ["a real run length", "configs/6-7B.yml", `${SHAPE}train_iters: 320000\n`],
    ["a short run with warm-up steps", "configs/6-7B.yml", `${SHAPE}train_iters: 500\nwarmup: 0.01\n`],
    ["a short run that still evaluates", "configs/6-7B.yml", `${SHAPE}train_iters: 10\neval_interval: 5\n`],
    ["a test config", "tests/configs/6-7B.yml", `${SHAPE}train_iters: 10\n`],
    ["a config named for debugging", "configs/6-7B-debug.yml", `${SHAPE}train_iters: 10\n`],
    ["a config without a size in its name", "configs/smoke.yml", `${SHAPE}train_iters: 10\n`],
    ["an eval interval from another file", "configs/6-7B.yml", "train_iters: 10\n"],
  ])("does not flag %s", async (_name, path, text) => {
    await checkValid(debugLeftoverRule, { files: { [path]: text } });
  });
});
