import { uninstallablePinRule } from "../../../src/core/rules/uninstallable-pin.js";
import { misleadingEggRule } from "../../../src/core/rules/misleading-egg.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const SHA = "eb7f5cff36678625d23db8a8fe78b4a93e5d2c75";

describe("NXC305 uninstallable-pin", () => {
  it.each([
    [
      "a git:// URL (b4c11710)",
      `git+git://github.com/EleutherAI/DeeperSpeed.git@${SHA}#egg=deepspeed\n`,
      "gitProtocol",
      "error",
      "certain",
      1,
      1,
      1,
      103,
    ],
    [
      "a mangled DeeperSpeed URL",
      "einops\ngit+https://github.com/EleutherAI/DeeperSpeed.git=deepspeed\n",
      "mangledUrl",
      "error",
      "certain",
      2,
      1,
      2,
      60,
    ],
    [
      "a mangled direct reference",
      "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git=deepspeed\n",
      "mangledUrl",
      "error",
      "certain",
      1,
      1,
      1,
      72,
    ],
    ["apex from PyPI", "torch==2.1.0\napex\n", "apex", "error", "certain", 2, 1, 2, 5],
    ["a pinned apex from PyPI", "apex==0.9.10dev\n", "apex", "error", "certain", 1, 1, 1, 5],
    [
      "a dated triton dev build",
      "triton==2.0.0.dev20221202\n",
      "tritonDev",
      "warning",
      "inferred",
      1,
      7,
      1,
      26,
    ],
    ["triton 0.4.2 (gpt-neox#628)", "triton==0.4.2\n", "triton04", "warning", "inferred", 1, 7, 1, 14],
  ])("flags %s", async (_name, text, messageId, severity, certainty, line, column, endLine, endColumn) => {
    await checkInvalid(uninstallablePinRule, {
      files: { "requirements.txt": text },
      errors: [
        { messageId, severity, certainty, path: "requirements.txt", line, column, endLine, endColumn },
      ],
    });
  });

  it("suggests the URL a mangled one meant", async () => {
    const [finding] = await checkInvalid(uninstallablePinRule, {
      files: { "requirements.txt": "git+https://github.com/EleutherAI/DeeperSpeed.git=deepspeed\n" },
      errors: [
        {
          messageId: "mangledUrl",
          severity: "error",
          certainty: "certain",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 60,
        },
      ],
    });
    expect(finding?.message).toContain(
      "git+https://github.com/EleutherAI/DeeperSpeed.git@<commit>#egg=deepspeed",
    );
  });

  it("leaves a mangled URL to this rule, not NXC304 (it is not another repository, it is no repository)", async () => {
    const text = "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git=deepspeed\n";
    await checkValid(misleadingEggRule, { files: { "requirements.txt": text } });
  });

  it.each([
    ["https DeeperSpeed", `git+https://github.com/EleutherAI/DeeperSpeed.git@${SHA}#egg=deepspeed\n`],
    [
      "git:// on another host (not GitHub's policy)",
      `git+git://git.example.org/team/tool.git@${SHA}#egg=tool\n`,
    ],
    ["ssh git", `git+ssh://git@github.com/EleutherAI/DeeperSpeed.git@${SHA}#egg=deepspeed\n`],
    [
      "NVIDIA Apex from git",
      "apex @ git+https://github.com/NVIDIA/apex.git@a651e2c24ecf97cbf367fd3f330df36760e1c597\n",
    ],
    ["a triton release", "triton==2.1.0\n"],
    ["a triton range", "triton>=2.0\n"],
    ["a package whose name merely contains apex", "apex-utils==1.0\n"],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(uninstallablePinRule, { files: { "requirements.txt": text } });
  });

  it("does not flag apex in a conda environment's conda section", async () => {
    const env = "name: neox\ndependencies:\n  - python=3.10\n  - apex\n";
    await checkValid(uninstallablePinRule, { files: { "environment.yml": env } });
  });
});
