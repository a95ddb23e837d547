import { invalidRequirementRule } from "../../../src/core/rules/invalid-requirement.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

describe("NXC303 invalid-requirement", () => {
  it.each([
    [
      "gpt-neox beaf960c's `deepspeed+https://`",
      "torch==2.1.0\ndeepspeed+https://github.com/EleutherAI/DeeperSpeed.git\n",
      2,
      1,
      2,
      11,
    ],
    [
      "a space after `@`",
      "git+https://github.com/EleutherAI/DeeperSpeed.git@ a8fc352a#egg=deepspeed\n",
      1,
      51,
      1,
      52,
    ],
    ["an empty ref", "git+https://github.com/EleutherAI/DeeperSpeed.git@#egg=deepspeed\n", 1, 50, 1, 51],
    ["a broken specifier", "regex\ntorch>=2.0,,<2.2\n", 2, 12, 2, 13],
  ])("flags %s at the parser's line and column", async (_name, text, line, column, endLine, endColumn) => {
    const findings = await checkInvalid(invalidRequirementRule, {
      files: { "requirements.txt": text },
      errors: [
        {
          messageId: "invalid",
          severity: "error",
          certainty: "certain",
          path: "requirements.txt",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toMatch(/^pip would reject this requirement/);
  });

  it.each([
    ["an exact pin with a comment", "deepspeed==0.3.10 # bug in DeepSpeed\n"],
    [
      "an editable git+git URL",
      "-e git+git://github.com/EleutherAI/DeeperSpeed.git@5a454114886709987a954ed315bf9f6b14cc4efc#egg=deepspeed\n",
    ],
    [
      "a PEP 508 direct reference",
      "deepspeed@git+https://github.com/EleutherAI/DeeperSpeed.git@91d1c55ba037b5ada99ae14884dff87a4dc5b9ea#egg=deepspeed\n",
    ],
    [
      "option lines and comments",
      "--index-url https://download.pytorch.org/whl/cu121\n# a comment\n\ntorch==2.1.0 \\\n    --hash=sha256:0123456789abcdef\n",
    ],
    ["markers and extras", 'transformer-engine[pytorch]==1.12; python_version >= "3.8"\n'],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(invalidRequirementRule, { files: { "requirements.txt": text } });
  });
});
