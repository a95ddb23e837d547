import { checkpointSaveSettingsRule } from "../../../src/core/rules/checkpoint-save-settings.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

describe("NXC206 checkpoint-save-settings", () => {
  it.each([
    [
      "save without checkpoint_factor or extra_save_iters",
      `${WHOLE}save: checkpoints\n`,
      "saveWithoutFactor",
      3,
      1,
      3,
      5,
    ],
    [
      "a fractional checkpoint_factor with the default linear scale",
      `${WHOLE}checkpoint_factor: 2.5\n`,
      "linearFractional",
      3,
      20,
      3,
      23,
    ],
    [
      "a fractional checkpoint_factor with linear written",
      `${WHOLE}checkpoint_scale: linear\ncheckpoint-factor: 0.5\n`,
      "linearFractional",
      4,
      20,
      4,
      23,
    ],
    [
      "a log scale with factor 1",
      `${WHOLE}checkpoint_scale: log\ncheckpoint_factor: 1\n`,
      "logFactorTooSmall",
      4,
      20,
      4,
      21,
    ],
    [
      "a log scale with a factor below 1",
      `${WHOLE}checkpoint_scale: log\ncheckpoint_factor: 0.5\n`,
      "logFactorTooSmall",
      4,
      20,
      4,
      23,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(checkpointSaveSettingsRule, {
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

  it("leaves a renamed save_interval to NXC207 (one root cause, one finding)", async () => {
    const files = { "a.yml": `${WHOLE}save: checkpoints\nsave-interval: 1000\n` };
    await checkValid(checkpointSaveSettingsRule, { files });
  });

  it("asks for save_interval where the repository's own NeoX still requires it (before gpt-neox#737)", async () => {
    const arguments_ = [
      "class NeoXArgs:",
      "    def validate_values(self):",
      "        if self.save is not None and self.save_interval is None:",
      '            raise ValueError("save_interval must be defined if save is defined")',
      "",
    ].join("\n");
    const neoxArgs =
      "class NeoXArgsTraining(NeoXArgsTemplate):\n    save: str = None\n    save_interval: int = None\n" +
      "    num_layers: int = None\n    train_iters: int = None\n";
    const base = {
      "megatron/neox_arguments/neox_args.py": neoxArgs,
      "megatron/neox_arguments/arguments.py": arguments_,
    };
    await checkInvalid(checkpointSaveSettingsRule, {
      files: { ...base, "a.yml": `${WHOLE}save: checkpoints\n` },
      errors: [
        {
          messageId: "saveWithoutInterval",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 5,
        },
      ],
    });
    await checkValid(checkpointSaveSettingsRule, {
      files: { ...base, "a.yml": `${WHOLE}save: checkpoints\nsave_interval: 1000\n` },
    });
  });

  it("flags a declared set whose setup file saves and whose model file has no schedule", async () => {
    await checkInvalid(checkpointSaveSettingsRule, {
      files: { "model.yml": WHOLE, "local_setup.yml": "data_path: data/enwik8\nsave: checkpoints\n" },
      config: "config_sets:\n  - files: [model.yml, local_setup.yml]\n",
      errors: [
        {
          messageId: "saveWithoutFactor",
          severity: "error",
          certainty: "certain",
          path: "local_setup.yml",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 5,
        },
      ],
    });
  });

  it.each([
    ["save with checkpoint_factor", `${WHOLE}save: checkpoints\ncheckpoint_factor: 1000\n`],
    ["save with extra_save_iters only", `${WHOLE}save: checkpoints\nextra_save_iters: [0, 1, 2, 4]\n`],
    ["save written as null", `${WHOLE}save: null\n`],
    ["a whole-number float factor (1000.0 compares equal to 1000)", `${WHOLE}checkpoint_factor: 1000.0\n`],
    ["a fractional factor with a log scale", `${WHOLE}checkpoint_scale: log\ncheckpoint_factor: 1.5\n`],
    ["a log scale with factor 2", `${WHOLE}checkpoint_scale: log\ncheckpoint_factor: 2\n`],
    [
      "a lone setup fragment that saves (the schedule is in the model config)",
      "data_path: data/enwik8\nsave: checkpoints\nload: checkpoints\n",
    ],
    ["a factor written as a string (a type problem, NXC224)", `${WHOLE}checkpoint_factor: 1e3\n`],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(checkpointSaveSettingsRule, { files: { "a.yml": text } });
  });

  it("calls a fractional factor unknown when the scale may come from another file", async () => {
    await checkInvalid(checkpointSaveSettingsRule, {
      files: { "a.yml": "checkpoint_factor: 2.5\n" },
      errors: [
        {
          messageId: "linearFractionalUnknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 23,
        },
      ],
    });
  });
});
