import { torch2OldDeepspeedRule as rule } from "../../../src/core/rules/torch2-old-deepspeed.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const V1_DEEPERSPEED =
  "git+https://github.com/EleutherAI/DeeperSpeed.git@eb7f5cff36678625d23db8a8fe78b4a93e5d2c75#egg=deepspeed";

describe("NXC104 flagged", () => {
  it.each`
    name                         | requirements                        | line | column | fixed
    ${"0.8.1 with torch>=2.0"}   | ${"torch>=2.0\ndeepspeed==0.8.1"}   | ${2} | ${10}  | ${"torch>=2.0\ndeepspeed==0.8.2"}
    ${"0.8.0 with torch==2.1.0"} | ${"deepspeed==0.8.0\ntorch==2.1.0"} | ${1} | ${10}  | ${"deepspeed==0.8.2\ntorch==2.1.0"}
  `("errs for $name, at the DeepSpeed version", async ({ requirements, line, column, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "requirements.txt",
          line,
          column,
          endLine: line,
          endColumn: column + "==0.8.x".length,
        },
      ],
    });
    expect(findings[0]?.message).toContain("torch._six");
    expect(findings[0]?.related.map((r) => r.label)).toEqual(["torch allowed here"]);
    expect(findings[0]?.fix?.edits.map((e) => e.replacement)).toEqual(["==0.8.2"]);
  });

  it("errs on DeeperSpeed 0.3.15 (GPT-NeoX v1.0's pin) with torch 2, by its version.txt", async () => {
    const findings = await checkInvalid(rule, {
      files: { "requirements/requirements.txt": `torch==2.0.1\n${V1_DEEPERSPEED}\n` },
      output: {
        "requirements/requirements.txt": `torch==2.0.1\n${V1_DEEPERSPEED.replace("eb7f5cff36678625d23db8a8fe78b4a93e5d2c75", "457850dc5ad72960f0e8a8f1597914d682a7792c")}\n`,
      },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "requirements/requirements.txt",
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 91,
        },
      ],
    });
    expect(findings[0]?.message).toContain("version.txt 0.3.15");
  });

  it("errs with assume.torch standing in for an unpinned torch", async () => {
    const findings = await checkInvalid(rule, {
      files: { "requirements.txt": "torch\ndeepspeed==0.8.1\n" },
      output: { "requirements.txt": "torch\ndeepspeed==0.8.2\n" },
      config: 'assume:\n  torch: "2.1.0"\n',
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "requirements.txt",
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 17,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.level])).toEqual([["error", "certain"]]);
  });
});

describe("NXC104 near misses", () => {
  it.each`
    name                             | requirements
    ${"fixed DeepSpeed"}             | ${"torch>=2.0\ndeepspeed==0.8.2"}
    ${"torch kept below 2"}          | ${"torch<2.0\ndeepspeed==0.8.1"}
    ${"torch 1.13 exactly"}          | ${"torch==1.13.1\ndeepspeed==0.8.1"}
    ${"DeeperSpeed v3.0"}            | ${"torch>=2.0\ndeepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0"}
    ${"bare deepspeed (quiet)"}      | ${"torch>=2.0\ndeepspeed"}
    ${"no DeepSpeed at all (quiet)"} | ${"torch>=2.0"}
  `("says nothing for $name", async ({ requirements }) => {
    await checkValid(rule, { files: { "requirements.txt": `${requirements}\n` } });
  });
});

describe("NXC104 unknowns", () => {
  it.each`
    name                              | requirements                         | detail                                                                                              | line | endColumn | fixed
    ${"torch not pinned"}             | ${"torch\ndeepspeed==0.8.1"}         | ${"which torch is installed (torch (unpinned): not pinned"}                                         | ${2} | ${17}     | ${"torch\ndeepspeed==0.8.2"}
    ${"a torch range over 2.0"}       | ${"torch>=1.8\ndeepspeed==0.8.1"}    | ${"which torch is installed (torch>=1.8: `>=1.8` allows torch >= 2.0.0 as well as older versions)"} | ${2} | ${17}     | ${"torch>=1.8\ndeepspeed==0.8.2"}
    ${"no torch requirement"}         | ${"deepspeed==0.8.1"}                | ${"no torch requirement found in this repository (set `assume.torch` in .github/neox-check.yml)"}   | ${1} | ${17}     | ${"deepspeed==0.8.2"}
    ${"DeepSpeed range over the fix"} | ${"torch>=2.0\ndeepspeed>=0.8,<0.9"} | ${"`>=0.8,<0.9` allows affected releases 0.8.0–0.8.1"}                                              | ${2} | ${20}     | ${"torch>=2.0\ndeepspeed>=0.8.2,<0.9"}
  `("warns for $name", async ({ requirements, detail, line, endColumn, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "requirements.txt",
          line,
          column: 10,
          endLine: line,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
  });
});
