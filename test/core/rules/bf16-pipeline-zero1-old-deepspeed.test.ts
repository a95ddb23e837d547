import { bf16PipelineZero1OldDeepspeedRule as rule } from "../../../src/core/rules/bf16-pipeline-zero1-old-deepspeed.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

const PIPE_Z1 = whole(
  "zero_optimization:",
  "  stage: 1",
  "pipe_parallel_size: 2",
  "bf16:",
  "  enabled: true",
);

/** Where NXC103 points: the ZeRO stage's value. */
const AT_STAGE = { path: "c.yml", line: 2, column: 10, endLine: 2, endColumn: 11 };

describe("NXC103 flagged", () => {
  it.each`
    requirements          | subject               | fixed
    ${"deepspeed==0.9.1"} | ${"deepspeed==0.9.1"} | ${"deepspeed==0.9.2"}
    ${"deepspeed==0.8.3"} | ${"deepspeed==0.8.3"} | ${"deepspeed==0.9.2"}
    ${"deepspeed<0.9"}    | ${"deepspeed<0.9"}    | ${"deepspeed>=0.9.2"}
  `("errs at the ZeRO stage for $requirements", async ({ requirements, subject, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": PIPE_Z1, "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [{ ...AT_STAGE, messageId: "affected", severity: "error", certainty: "certain" }],
    });
    expect(findings[0]?.message).toContain(subject);
    expect(findings[0]?.message).toContain("NotImplementedError");
    expect(findings[0]?.related.map((r) => r.label)).toEqual([
      "bf16 enabled here",
      "pipeline parallelism set here",
      "pinned here",
    ]);
  });

  it("counts pipe_parallel_size 1 and precision: bfloat16", async () => {
    const config = whole("precision: bfloat16", "pipe-parallel-size: 1", "zero_optimization: {stage: 1}");
    await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": "deepspeed==0.9.0\n" },
      output: { "requirements.txt": "deepspeed==0.9.2\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "c.yml",
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 29,
        },
      ],
    });
  });
});

describe("NXC103 near misses", () => {
  it.each`
    name                         | config                                                                                      | requirements
    ${"fixed release"}           | ${PIPE_Z1}                                                                                  | ${"deepspeed==0.9.2"}
    ${"no pipeline (default 0)"} | ${whole("zero_optimization: {stage: 1}", "bf16: {enabled: true}")}                          | ${"deepspeed==0.9.1"}
    ${"pipe_parallel_size 0"}    | ${whole("zero_optimization: {stage: 1}", "pipe_parallel_size: 0", "bf16: {enabled: true}")} | ${"deepspeed==0.9.1"}
    ${"ZeRO 0"}                  | ${whole("zero_optimization: {stage: 0}", "pipe_parallel_size: 2", "bf16: {enabled: true}")} | ${"deepspeed==0.9.1"}
    ${"fp16"}                    | ${whole("zero_optimization: {stage: 1}", "pipe_parallel_size: 2", "fp16: {enabled: true}")} | ${"deepspeed==0.9.1"}
    ${"bare deepspeed"}          | ${PIPE_Z1}                                                                                  | ${"deepspeed"}
    ${"range of fixed releases"} | ${PIPE_Z1}                                                                                  | ${"deepspeed>=0.9.2"}
  `("says nothing for $name", async ({ config, requirements }) => {
    await checkValid(rule, { files: { "c.yml": config, "requirements.txt": `${requirements}\n` } });
  });
});

describe("NXC103 unknowns", () => {
  it.each`
    name                           | config                                                       | requirements          | detail                                            | fixed
    ${"range allowing old ones"}   | ${PIPE_Z1}                                                   | ${"deepspeed>=0.9"}   | ${"`>=0.9` allows affected releases 0.9.0–0.9.1"} | ${"deepspeed>=0.9.2"}
    ${"fragment: no pipeline key"} | ${"zero_optimization:\n  stage: 1\nbf16: {enabled: true}\n"} | ${"deepspeed==0.9.1"} | ${"`pipe_parallel_size` (not set in this file)"}  | ${"deepspeed==0.9.2"}
    ${"fragment: no precision"}    | ${"zero_optimization:\n  stage: 1\npipe_parallel_size: 1\n"} | ${"deepspeed==0.9.1"} | ${"the precision (not set in this file)"}         | ${"deepspeed==0.9.2"}
  `("warns for $name", async ({ config, requirements, detail, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [{ ...AT_STAGE, messageId: "unknown", severity: "warning", certainty: "unknown" }],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
  });
});
