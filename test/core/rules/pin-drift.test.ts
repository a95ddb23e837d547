import { pinDriftRule } from "../../../src/core/rules/pin-drift.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const DS = "https://github.com/EleutherAI/DeeperSpeed.git";
const V3 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";
const OLD = "02e2ebf7dee6aaab3d89094ed470a4609763c742";

function poetry(dep: string): string {
  return `[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n${dep}\n`;
}

describe("NXC302 pin-drift", () => {
  it("flags gpt-neox HEAD's drift: requirements.txt at 91d1c55b, pyproject.toml at 02e2ebf7", async () => {
    const findings = await checkInvalid(pinDriftRule, {
      files: {
        "requirements/requirements.txt": `deepspeed@git+${DS}@${V3}#egg=deepspeed\nftfy>=6.0.1\n`,
        "requirements/pyproject.toml": poetry(`deepspeed = {git = "${DS}", rev = "${OLD}"}`),
      },
      errors: [
        {
          messageId: "drift",
          severity: "warning",
          certainty: "certain",
          path: "requirements/requirements.txt",
          line: 1,
          column: 61,
          endLine: 1,
          endColumn: 101,
        },
      ],
    });
    const [finding] = findings;
    expect(finding?.message).toContain("EleutherAI/DeeperSpeed@91d1c55b");
    expect(finding?.message).toContain("EleutherAI/DeeperSpeed@02e2ebf7");
    expect(finding?.related).toEqual([
      {
        label: "pinned differently here",
        location: expect.objectContaining({ path: "requirements/pyproject.toml", line: 6 }),
      },
    ]);
  });

  it.each([
    [
      "two exact versions",
      { "requirements-a.txt": "torch==2.1.0\n", "requirements-b.txt": "regex\ntorch==2.0.1\n" },
      "requirements-b.txt",
      2,
      "certain",
      6,
      2,
      13,
    ],
    [
      "an exact version outside a range",
      { "requirements-a.txt": "numpy<2.0\n", "requirements-b.txt": "numpy==2.1.0\n" },
      "requirements-b.txt",
      1,
      "certain",
      6,
      1,
      13,
    ],
    [
      "ranges with nothing in common",
      { "requirements-a.txt": "numpy<1.22\n", "requirements-b.txt": "numpy>=1.22\n" },
      "requirements-b.txt",
      1,
      "certain",
      6,
      1,
      12,
    ],
    [
      "PyPI against a DeeperSpeed commit",
      {
        "requirements-a.txt": "deepspeed==0.12.4\n",
        "requirements-b.txt": `git+${DS}@${OLD}#egg=deepspeed\n`,
      },
      "requirements-b.txt",
      1,
      "certain",
      51,
      1,
      91,
    ],
    [
      "a constraint the requirement cannot meet",
      {
        "requirements.txt": "-c constraints.txt\ndeepspeed>=0.13.0\n",
        "constraints.txt": "deepspeed==0.12.6\n",
      },
      "requirements.txt",
      2,
      "certain",
      10,
      2,
      18,
    ],
    [
      "a lock entry that differs from an exact pin",
      {
        "requirements.txt": "torch==2.1.0\n",
        "Pipfile.lock": '{"default": {"torch": {"version": "==2.0.1"}}, "develop": {}}\n',
      },
      "requirements.txt",
      1,
      "certain",
      6,
      1,
      13,
    ],
    [
      "a pinned and an unpinned URL",
      {
        "requirements-a.txt": `git+${DS}@${V3}#egg=deepspeed\n`,
        "requirements-b.txt": `git+${DS}#egg=deepspeed\n`,
      },
      "requirements-b.txt",
      1,
      "certain",
      1,
      1,
      64,
    ],
    [
      "a Poetry caret range that excludes another file's exact pin",
      {
        "requirements.txt": "deepspeed==0.13.1\n",
        "pyproject.toml": poetry(`deepspeed = "^0.12.6"`),
      },
      "requirements.txt",
      1,
      "certain",
      10,
      1,
      18,
    ],
    [
      "two ref names neox-check cannot both resolve (they may name one commit)",
      {
        "requirements-a.txt": `git+${DS}@v3.0#egg=deepspeed\n`,
        "requirements-b.txt": `git+${DS}@release-2025#egg=deepspeed\n`,
      },
      "requirements-b.txt",
      1,
      "unknown",
      51,
      1,
      63,
    ],
    [
      "a tag neox-check cannot resolve against a commit",
      {
        "requirements-a.txt": `git+${DS}@v9.9#egg=deepspeed\n`,
        "requirements-b.txt": `git+${DS}@${V3}#egg=deepspeed\n`,
      },
      "requirements-b.txt",
      1,
      "unknown",
      51,
      1,
      91,
    ],
  ])("flags %s", async (_name, files, path, line, certainty, column, endLine, endColumn) => {
    await checkInvalid(pinDriftRule, {
      files,
      errors: [
        { messageId: "drift", severity: "warning", certainty, path, line, column, endLine, endColumn },
      ],
    });
  });

  it("reports each disagreeing pair once, at the pin in the later file", async () => {
    const findings = await checkInvalid(pinDriftRule, {
      files: {
        "requirements-a.txt": "torch==2.1.0\n",
        "requirements-b.txt": "torch==2.0.1\n",
        "requirements-c.txt": "torch==1.13.1\n",
      },
      errors: [
        {
          messageId: "drift",
          severity: "warning",
          certainty: "certain",
          path: "requirements-b.txt",
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 13,
        },
        {
          messageId: "drift",
          severity: "warning",
          certainty: "certain",
          path: "requirements-c.txt",
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 14,
        },
        {
          messageId: "drift",
          severity: "warning",
          certainty: "certain",
          path: "requirements-c.txt",
          line: 1,
          column: 6,
          endLine: 1,
          endColumn: 14,
        },
      ],
    });
    expect(findings.map((f) => [f.location.path, f.related[0]?.location.path])).toEqual([
      ["requirements-b.txt", "requirements-a.txt"],
      ["requirements-c.txt", "requirements-a.txt"],
      ["requirements-c.txt", "requirements-b.txt"],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
  });

  it.each([
    [
      "a commit and its short prefix",
      {
        "requirements-a.txt": `git+${DS}@${V3}#egg=deepspeed\n`,
        "requirements-b.txt": `deepspeed @ git+${DS}@91d1c55b\n`,
      },
    ],
    [
      "a known tag and its commit",
      {
        "requirements-a.txt": `git+${DS}@v3.0#egg=deepspeed\n`,
        "requirements-b.txt": `git+${DS}@${V3}#egg=deepspeed\n`,
      },
    ],
    [
      "the same repository URL spelt differently",
      {
        "requirements-a.txt": `git+${DS}@${V3}#egg=deepspeed\n`,
        "requirements-b.txt": `git+https://github.com/eleutherai/deeperspeed@${V3}#egg=deepspeed\n`,
      },
    ],
    [
      "an exact pin inside a Poetry caret range",
      { "requirements.txt": "deepspeed==0.13.1\n", "pyproject.toml": poetry(`deepspeed = "^0.13"`) },
    ],
    [
      "an exact pin inside another file's range",
      { "requirements-a.txt": "transformers>=4.24.0\n", "requirements-b.txt": "transformers==4.38.0\n" },
    ],
    [
      "the same range in two files",
      { "requirements-a.txt": "numpy<2.0\n", "requirements-b.txt": "numpy<2.0\n" },
    ],
    ["overlapping ranges", { "requirements-a.txt": "numpy>=1.22.0\n", "requirements-b.txt": "numpy<2.0\n" }],
    [
      "equal versions written differently",
      { "requirements-a.txt": "torch==2.1\n", "requirements-b.txt": "torch==2.1.0\n" },
    ],
    [
      "a constraint the requirement satisfies",
      {
        "requirements.txt": "-c constraints.txt\ntransformers>=4.30\n",
        "constraints.txt": "transformers==4.38.0\n",
      },
    ],
    [
      "pins for different machines",
      {
        "requirements-a.txt": 'torch==2.1.0; sys_platform == "linux"\n',
        "requirements-b.txt": 'torch==2.0.1; sys_platform == "darwin"\n',
      },
    ],
    [
      "two pins in the same file (pip's own business)",
      { "requirements-a.txt": "torch==2.1.0\ntorch==2.0.1\n" },
    ],
    [
      "a bare name against a pin",
      { "requirements-a.txt": "regex\n", "requirements-b.txt": "regex==2023.10.3\n" },
    ],
    [
      "a DeeperSpeed commit against a range its version.txt meets",
      { "requirements-a.txt": "deepspeed>=0.16\n", "requirements-b.txt": `git+${DS}@${V3}#egg=deepspeed\n` },
    ],
  ])("does not flag %s", async (_name, files) => {
    await checkValid(pinDriftRule, { files });
  });

  it("compares only the packages named in its options", async () => {
    const files = {
      "requirements-a.txt": "torch==2.1.0\ndeepspeed==0.13.1\n",
      "requirements-b.txt": "torch==2.0.1\ndeepspeed==0.12.6\n",
    };
    const config = "rules:\n  NXC302:\n    options:\n      packages: [DeepSpeed]\n";
    const findings = await checkInvalid(pinDriftRule, {
      files,
      config,
      errors: [
        {
          messageId: "drift",
          severity: "warning",
          certainty: "certain",
          path: "requirements-b.txt",
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 18,
        },
      ],
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("`deepspeed`")]);
  });
});
