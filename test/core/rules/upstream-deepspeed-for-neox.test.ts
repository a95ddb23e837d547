import { upstreamDeepspeedForNeoxRule as rule } from "../../../src/core/rules/upstream-deepspeed-for-neox.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

const PIPELINE = whole("pipe_parallel_size: 2");
const NEOX_ARGS = "megatron/neox_arguments/neox_args.py";
const NEOX_ARGS_TEXT =
  "from dataclasses import dataclass\n\n@dataclass\nclass NeoXArgsParallelism:\n    pipe_parallel_size: int = 0\n";

/** The DeeperSpeed v3.0 commit the fix points at. */
const V3 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";

describe("NXC107 flagged", () => {
  it.each`
    name                   | requirements
    ${"PyPI exact"}        | ${"deepspeed==0.15.1"}
    ${"PyPI unpinned"}     | ${"deepspeed"}
    ${"upstream git tag"}  | ${"deepspeed @ git+https://github.com/microsoft/DeepSpeed.git@v0.15.1"}
    ${"new upstream home"} | ${"git+https://github.com/deepspeedai/DeepSpeed.git#egg=deepspeed"}
  `("warns for $name with pipeline parallelism", async ({ requirements }) => {
    const findings = await checkInvalid(rule, {
      files: { "configs/run.yml": PIPELINE, "requirements.txt": `${requirements}\n` },
      // The whole requirement becomes the DeeperSpeed v3.0 line.
      output: { "requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${V3}\n` },
      errors: [
        {
          messageId: "upstream",
          severity: "warning",
          certainty: "unknown",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: (requirements as string).length + 1,
        },
      ],
    });
    expect(findings[0]?.message).toContain("gpt-neox#1306");
    expect(findings[0]?.related.map((r) => [r.label, r.location.path, r.location.line])).toEqual([
      ["pipeline parallelism here", "configs/run.yml", 1],
    ]);
  });

  it("suggests the DeeperSpeed v3.0 line for a plain requirement", async () => {
    const [f] = await checkInvalid(rule, {
      files: { "c.yml": PIPELINE, "requirements.txt": "deepspeed==0.15.1\n" },
      output: { "requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${V3}\n` },
      errors: [
        {
          messageId: "upstream",
          severity: "warning",
          certainty: "unknown",
          path: "requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 18,
        },
      ],
    });
    expect(f?.fix?.edits).toEqual([
      {
        span: expect.objectContaining({ path: "requirements.txt", line: 1, column: 1 }),
        replacement:
          "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@91d1c55ba037b5ada99ae14884dff87a4dc5b9ea",
      },
    ]);
  });

  it("is info, unknown, in a NeoX repository whose configs do not set pipeline parallelism", async () => {
    const findings = await checkInvalid(rule, {
      files: { [NEOX_ARGS]: NEOX_ARGS_TEXT, "requirements/requirements.txt": "deepspeed==0.15.1\n" },
      output: {
        "requirements/requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${V3}\n`,
      },
      errors: [
        {
          messageId: "unknown",
          severity: "info",
          certainty: "unknown",
          path: "requirements/requirements.txt",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 18,
        },
      ],
    });
    // Only one upstream release is reported to crash: the message must not say more.
    expect(findings[0]?.message).toContain("Upstream DeepSpeed of October 2024 crashed");
    expect(findings[0]?.certainty.detail).toContain("which upstream DeepSpeed releases crash");
  });
});

describe("NXC107 near misses", () => {
  it.each`
    name                                          | files
    ${"DeeperSpeed"}                              | ${{ "c.yml": PIPELINE, "requirements.txt": "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0\n" }}
    ${"no pipeline parallelism, not a NeoX repo"} | ${{ "c.yml": whole("pipe_parallel_size: 0"), "requirements.txt": "deepspeed==0.15.1\n" }}
    ${"no configs, not a NeoX repo"}              | ${{ "requirements.txt": "deepspeed==0.15.1\n" }}
    ${"another package"}                          | ${{ "c.yml": PIPELINE, "requirements.txt": "torch==2.1.0\n" }}
  `("says nothing for $name", async ({ files }) => {
    await checkValid(rule, { files });
  });
});
