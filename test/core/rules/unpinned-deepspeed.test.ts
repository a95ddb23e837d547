import { unpinnedDeepspeedRule } from "../../../src/core/rules/unpinned-deepspeed.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const DS = "https://github.com/EleutherAI/DeeperSpeed.git";
const V3 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";

describe("NXC301 unpinned-deepspeed", () => {
  it.each([
    [
      "a bare name",
      { "requirements.txt": "torch==2.1.0\ndeepspeed\n" },
      "bare",
      "certain",
      "requirements.txt",
      2,
      1,
      2,
      10,
    ],
    [
      "a bare name in a Dockerfile",
      { Dockerfile: "FROM python:3.11\nRUN pip install torch==2.1.0 deepspeed\n" },
      "bare",
      "certain",
      "Dockerfile",
      2,
      30,
      2,
      39,
    ],
    [
      "a DeeperSpeed URL without a ref",
      { "requirements.txt": `git+${DS}#egg=deepspeed\n` },
      "noRef",
      "certain",
      "requirements.txt",
      1,
      1,
      1,
      64,
    ],
    [
      "a branch ref",
      { "requirements.txt": `deepspeed @ git+${DS}@main\n` },
      "branch",
      "certain",
      "requirements.txt",
      1,
      63,
      1,
      67,
    ],
    [
      "a Poetry branch",
      {
        "pyproject.toml": `[tool.poetry.dependencies]\npython = "^3.10"\ndeepspeed = { git = "${DS}", branch = "neox" }\n`,
      },
      "branch",
      "certain",
      "pyproject.toml",
      3,
      80,
      3,
      84,
    ],
    [
      "a name that is not a known DeeperSpeed tag",
      { "requirements.txt": `git+${DS}@neox-fixes#egg=deepspeed\n` },
      "unknownRef",
      "unknown",
      "requirements.txt",
      1,
      51,
      1,
      61,
    ],
  ])("flags %s", async (_name, files, messageId, certainty, path, line, column, endLine, endColumn) => {
    await checkInvalid(unpinnedDeepspeedRule, {
      files,
      errors: [{ messageId, severity: "warning", certainty, path, line, column, endLine, endColumn }],
    });
  });

  it("cites the 2023 DeeperSpeed main window and suggests no blind commit (not the 2025 v3.0)", async () => {
    const [finding] = await checkInvalid(unpinnedDeepspeedRule, {
      files: { "requirements.txt": `git+${DS}#egg=deepspeed\n` },
      errors: [
        {
          messageId: "noRef",
          severity: "warning",
          certainty: "certain",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 64,
        },
      ],
    });
    expect(finding?.message).toContain("2023-05-18 and 2023-11-07");
    expect(finding?.message).not.toContain(V3);
    expect(finding?.message).toContain("Pin the commit your training environment runs");
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("suggests no newest release to a bare deepspeed", async () => {
    const [finding] = await checkInvalid(unpinnedDeepspeedRule, {
      files: { "requirements.txt": "deepspeed\n" },
      errors: [
        {
          messageId: "bare",
          severity: "warning",
          certainty: "certain",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10,
        },
      ],
    });
    expect(finding?.message).not.toMatch(/deepspeed==\d/);
    expect(finding?.fix?.description).toContain("`pip show deepspeed`");
  });

  it("suggests what another install path of the repository already pins", async () => {
    const [finding] = await checkInvalid(unpinnedDeepspeedRule, {
      files: {
        "requirements.txt": `git+${DS}#egg=deepspeed\n`,
        "requirements/docker.txt": `deepspeed @ git+${DS}@02e2ebf7dee6aaab3d89094ed470a4609763c742\n`,
      },
      errors: [
        {
          messageId: "noRef",
          severity: "warning",
          certainty: "certain",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 64,
        },
      ],
    });
    expect(finding?.message).toContain(
      "Pin it as `requirements/docker.txt` does: `@02e2ebf7dee6aaab3d89094ed470a4609763c742`.",
    );
  });

  it.each([
    ["an exact version", { "requirements.txt": "deepspeed==0.13.1\n" }],
    ["a version range (the version rules judge it)", { "requirements.txt": "deepspeed>=0.13.0\n" }],
    ["a commit", { "requirements.txt": `deepspeed @ git+${DS}@${V3}#egg=deepspeed\n` }],
    ["a short commit", { "requirements.txt": `git+${DS}@91d1c55b#egg=deepspeed\n` }],
    ["a known DeeperSpeed tag", { "requirements.txt": `git+${DS}@v3.0#egg=deepspeed\n` }],
    [
      "an upstream release tag",
      { "requirements.txt": "deepspeed @ git+https://github.com/deepspeedai/DeepSpeed.git@v0.14.0\n" },
    ],
    [
      "a Poetry tag",
      { "pyproject.toml": `[tool.poetry.dependencies]\ndeepspeed = { git = "${DS}", tag = "neox-2024" }\n` },
    ],
    ["another package without a version", { "requirements.txt": "torch\nregex\n" }],
    ["a bare constraint line", { "constraints.txt": "deepspeed\n" }],
    [
      "a bare name fixed by an exact constraint",
      { "requirements.txt": "-c constraints.txt\ndeepspeed\n", "constraints.txt": "deepspeed==0.13.1\n" },
    ],
    ["a local checkout", { "requirements.txt": "-e ./DeeperSpeed\n" }],
  ])("does not flag %s", async (_name, files) => {
    await checkValid(unpinnedDeepspeedRule, { files });
  });
});
