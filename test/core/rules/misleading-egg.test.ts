import { misleadingEggRule } from "../../../src/core/rules/misleading-egg.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const SHA = "4eec05349977071bf67fc072290b95e31c8dd836";

describe("NXC304 misleading-egg", () => {
  it.each([
    [
      "an unrelated repository with #egg=deepspeed",
      `git+https://github.com/EleutherAI/lm_dataformat.git@${SHA}#egg=deepspeed\n`,
      1,
      98,
      1,
      107,
    ],
    [
      "an unrelated repository named deepspeed by a direct reference",
      `torch==2.1.0\ndeepspeed @ git+https://github.com/someone/speedup.git@${SHA}\n`,
      2,
      1,
      2,
      10,
    ],
  ])("flags %s", async (_name, text, line, column, endLine, endColumn) => {
    await checkInvalid(misleadingEggRule, {
      files: { "requirements.txt": text },
      errors: [
        {
          messageId: "misleading",
          severity: "warning",
          certainty: "certain",
          path: "requirements.txt",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
  });

  it.each([
    ["DeeperSpeed", `git+https://github.com/EleutherAI/DeeperSpeed.git@${SHA}#egg=deepspeed\n`],
    [
      "upstream DeepSpeed (microsoft)",
      `git+https://github.com/microsoft/DeepSpeed.git@${SHA}#egg=deepspeed\n`,
    ],
    [
      "upstream DeepSpeed (deepspeedai)",
      `deepspeed @ git+https://github.com/deepspeedai/DeepSpeed.git@${SHA}\n`,
    ],
    [
      "a fork that keeps the DeepSpeed name",
      `git+https://github.com/my-org/DeepSpeed.git@${SHA}#egg=deepspeed\n`,
    ],
    ["an honest egg", `git+https://github.com/EleutherAI/lm_dataformat.git@${SHA}#egg=lm_dataformat\n`],
    ["PyPI deepspeed", "deepspeed==0.13.1\n"],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(misleadingEggRule, { files: { "requirements.txt": text } });
  });
});
