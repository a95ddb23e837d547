import { lrScheduleRule } from "../../../src/core/rules/lr-schedule.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const SHAPE = "num_layers: 2\n";
const OPT = "optimizer:\n  type: Adam\n  params:\n    lr: 0.0006\n";

describe("NXC205 lr-schedule", () => {
  it.each([
    [
      "warmup written as iterations",
      `${SHAPE}train_iters: 320000\nwarmup: 2000\n`,
      "warmupFraction",
      "warning",
      3,
      9,
      3,
      13,
    ],
    [
      "lr_decay_iters beyond train_iters",
      `${SHAPE}train-iters: 1000\nlr-decay-iters: 4000\n`,
      "decayBeyondTrain",
      "warning",
      3,
      17,
      3,
      21,
    ],
    [
      "min_lr above optimizer.params.lr",
      `${SHAPE}train_iters: 10\n${OPT}min_lr: 0.006\n`,
      "minLrAboveLr",
      "error",
      7,
      9,
      7,
      14,
    ],
    [
      "min_lr above NeoX's default lr (no optimizer dict)",
      `${SHAPE}train_iters: 10\nmin_lr: 0.01\n`,
      "minLrAboveLr",
      "error",
      3,
      9,
      3,
      13,
    ],
    [
      "train_epochs together with train_iters",
      `${SHAPE}train_iters: 10\ntrain_epochs: 2\n`,
      "epochsAndIters",
      "error",
      3,
      15,
      3,
      16,
    ],
  ])("flags %s", async (_name, text, messageId, severity, line, column, endLine, endColumn) => {
    await checkInvalid(lrScheduleRule, {
      files: { "a.yml": text },
      errors: [
        { messageId, severity, certainty: "certain", path: "a.yml", line, column, endLine, endColumn },
      ],
    });
  });

  it("suggests the fraction a warm-up in iterations meant", async () => {
    const [finding] = await checkInvalid(lrScheduleRule, {
      files: { "a.yml": `${SHAPE}train_iters: 320000\nwarmup: 2000\n` },
      errors: [
        {
          messageId: "warmupFraction",
          severity: "warning",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 13,
        },
      ],
    });
    expect(finding?.message).toContain("never gets above 1/2000 of its peak");
    expect(finding?.message).toContain("write `warmup: 0.00625` (2000 of 320000 iterations)");
  });

  it("flags a declared set with neither train_iters nor train_epochs", async () => {
    await checkInvalid(lrScheduleRule, {
      files: {
        "model.yml": SHAPE,
        "setup.yml": "# local paths\ndata_path: data/enwik8\nsave: checkpoints\n",
      },
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
      errors: [
        {
          messageId: "noLength",
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
  });

  it.each([
    [
      "the shipped schedule",
      `${SHAPE}train_iters: 320000\nlr_decay_iters: 320000\nwarmup: 0.01\nmin_lr: 0.00006\n${OPT}`,
    ],
    ["warmup of exactly 1 (the whole run, odd but a fraction)", `${SHAPE}train_iters: 100\nwarmup: 1\n`],
    ["lr_decay_iters below train_iters", `${SHAPE}train_iters: 1000\nlr_decay_iters: 800\n`],
    [
      "lr_decay_iters beyond train_iters with lr_decay_fraction (which overrides it)",
      `${SHAPE}train_iters: 1000\nlr_decay_iters: 4000\nlr_decay_fraction: 0.9\n`,
    ],
    [
      "lr_decay_iters beyond train_iters with a constant schedule",
      `${SHAPE}train_iters: 1000\nlr_decay_iters: 4000\nlr_decay_style: constant\n`,
    ],
    ["min_lr equal to lr", `${SHAPE}train_iters: 10\n${OPT}min_lr: 0.0006\n`],
    ["min_lr written as a string (a type problem, NXC224)", `${SHAPE}train_iters: 10\n${OPT}min_lr: 6e-5\n`],
    ["train_epochs alone", `${SHAPE}train_epochs: 3\n`],
    ["train_iters written as null next to train_epochs", `${SHAPE}train_epochs: 3\ntrain_iters: null\n`],
    [
      "a lone model-only file (a fragment: train_iters comes from another file)",
      `${SHAPE}hidden_size: 64\nnum_attention_heads: 4\n`,
    ],
    ["min_lr in a fragment without the optimizer", "min_lr: 0.5\n"],
    ["lr_decay_iters in a fragment without train_iters", "lr_decay_iters: 4000\n"],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(lrScheduleRule, { files: { "a.yml": text } });
  });

  it("says when it cannot compute the fraction a warm-up meant (train_iters from another file)", async () => {
    const findings = await checkInvalid(lrScheduleRule, {
      files: { "a.yml": "lr_decay_style: cosine\nwarmup: 500\n" },
      errors: [
        {
          messageId: "warmupFraction",
          severity: "warning",
          certainty: "certain",
          path: "a.yml",
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 12,
        },
      ],
    });
    expect(findings[0]?.message).toContain("write it as a fraction of `train_iters`");
  });

  it("gives both fixes when lr_decay_iters and train_iters disagree (a dropped zero is as likely)", async () => {
    const [finding] = await checkInvalid(lrScheduleRule, {
      files: { "a.yml": `${SHAPE}train_iters: 32000\nlr_decay_iters: 320000\n` },
      errors: [
        {
          messageId: "decayBeyondTrain",
          severity: "warning",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 23,
        },
      ],
    });
    expect(finding?.message).toContain("set `lr_decay_iters` to at most 32000");
    expect(finding?.message).toContain("set `train_iters: 320000`");
    expect(finding?.message).toContain("`train_iters` looks like it lost a zero");
    expect(finding?.fix?.description).toContain("or set `train_iters: 320000`");
  });

  it("does not guess a dropped zero when the two are not a power of ten apart", async () => {
    const [finding] = await checkInvalid(lrScheduleRule, {
      files: { "a.yml": `${SHAPE}train_iters: 1000\nlr_decay_iters: 4000\n` },
      errors: [
        {
          messageId: "decayBeyondTrain",
          severity: "warning",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 21,
        },
      ],
    });
    expect(finding?.message).toContain("set `train_iters: 4000`");
    expect(finding?.message).not.toContain("lost a zero");
  });
});
