import { finetuneWithoutLoadRule } from "../../../src/core/rules/finetune-without-load.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

describe("NXC220 finetune-without-load", () => {
  it.each([
    ["load written null", `${WHOLE}finetune: true\nload: null\n`, 3, 11, 3, 15],
    ["load written empty", `${WHOLE}load: ""\nfinetune: True\n`, 4, 11, 4, 15],
  ])("flags finetune with %s", async (_name, text, line, column, endLine, endColumn) => {
    await checkInvalid(finetuneWithoutLoadRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "noLoad",
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

  it("flags a declared config set in which no file sets load", async () => {
    const findings = await checkInvalid(finetuneWithoutLoadRule, {
      files: { "model.yml": WHOLE, "train.yml": "finetune: true\ncheckpoint_factor: 1000\n" },
      config: "config_sets:\n  - files: [model.yml, train.yml]\n",
      errors: [
        {
          messageId: "noLoad",
          severity: "error",
          certainty: "certain",
          path: "train.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings[0]?.message).toContain("starts from random weights");
  });

  it.each([
    ["load set", `${WHOLE}finetune: true\nload: checkpoints/pretrained\n`],
    ["finetune false", `${WHOLE}finetune: false\n`],
    ["finetune commented out", `${WHOLE}# "finetune": true\n`],
    ["no finetune", WHOLE],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(finetuneWithoutLoadRule, { files: { "a.yml": text } });
  });

  it("does not flag a declared set whose setup file sets load", async () => {
    await checkValid(finetuneWithoutLoadRule, {
      files: {
        "model.yml": `${WHOLE}finetune: true\n`,
        "setup.yml": "load: checkpoints\ndata_path: data/enwik8\n",
      },
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
    });
  });

  it.each([
    [
      "a lone whole config (upstream passes local_setup.yml with load next to it)",
      `${WHOLE}finetune: true\n`,
      3,
      "setup file",
      3,
      15,
    ],
    ["a fragment", "finetune: true\nlr_decay_style: cosine\n", 1, "another config file", 1, 15],
  ])("calls %s unknown", async (_name, text, line, detail, endLine, endColumn) => {
    const findings = await checkInvalid(finetuneWithoutLoadRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "noLoadElsewhere",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line,
          column: 11,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
  });
});
