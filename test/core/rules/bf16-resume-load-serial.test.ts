import { bf16ResumeLoadSerialRule as rule } from "../../../src/core/rules/bf16-resume-load-serial.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

const RESUME_Z0 = whole("load: checkpoints/run1", "precision: bfloat16", "zero_optimization:", "  stage: 0");
const RESUME_Z1_FP32 = whole(
  "load: checkpoints/run1",
  "bf16: {enabled: true}",
  "zero_optimization: {stage: 1}",
  "data_types: {grad_accum_dtype: fp32}",
);

/** Where NXC102 points: the `load` value on line 1, from column 7. */
function atLoad(endColumn: number) {
  return { path: "c.yml", line: 1, column: 7, endLine: 1, endColumn };
}

describe("NXC102 flagged", () => {
  it.each`
    name                                 | config                                             | requirements                   | endColumn | fixed
    ${"ZeRO 0 on 0.10.3"}                | ${RESUME_Z0}                                       | ${"deepspeed==0.10.3"}         | ${23}     | ${"deepspeed==0.11.1"}
    ${"ZeRO 0 on 0.10.1 (first bad)"}    | ${RESUME_Z0}                                       | ${"deepspeed==0.10.1"}         | ${23}     | ${"deepspeed==0.11.1"}
    ${"ZeRO 0 on 0.11.0 (last bad)"}     | ${RESUME_Z0}                                       | ${"deepspeed==0.11.0"}         | ${23}     | ${"deepspeed==0.11.1"}
    ${"ZeRO 1 + fp32 grad accumulation"} | ${RESUME_Z1_FP32}                                  | ${"deepspeed==0.10.3"}         | ${23}     | ${"deepspeed==0.11.1"}
    ${"ZeRO 0 by default"}               | ${whole("load: ckpt", "bf16:", "  enabled: true")} | ${"deepspeed==0.10.2"}         | ${11}     | ${"deepspeed==0.11.1"}
    ${"a range of bad releases"}         | ${RESUME_Z0}                                       | ${"deepspeed>=0.10.1,<0.11.1"} | ${23}     | ${"deepspeed>=0.11.1"}
  `("errs for $name, at the `load` value", async ({ config, requirements, endColumn, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [
        { ...atLoad(endColumn as number), messageId: "affected", severity: "error", certainty: "certain" },
      ],
    });
    expect(findings[0]?.message).toContain("load_serial");
    expect(findings[0]?.message).toContain("DeepSpeed#4434");
    expect(findings[0]?.advisory).toBe("NXA-2026-0002");
  });

  it("relates the precision, the stage and the pin, and fixes the pin", async () => {
    const [f] = await checkInvalid(rule, {
      files: { "c.yml": RESUME_Z1_FP32, "requirements.txt": "deepspeed==0.10.3\n" },
      output: { "requirements.txt": "deepspeed==0.11.1\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "c.yml",
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 23,
        },
      ],
    });
    expect(f?.related.map((r) => [r.label, r.location.line])).toEqual([
      ["bf16 enabled here", 2],
      ["fp32 gradient accumulation here", 4],
      ["ZeRO stage 1 here", 3],
      ["pinned here", 1],
    ]);
    expect(f?.fix?.edits.map((e) => e.replacement)).toEqual(["==0.11.1"]);
  });
});

describe("NXC102 near misses", () => {
  it.each`
    name                                   | config                                                                                                                                                   | requirements
    ${"fixed release"}                     | ${RESUME_Z0}                                                                                                                                             | ${"deepspeed==0.11.1"}
    ${"before the change"}                 | ${RESUME_Z0}                                                                                                                                             | ${"deepspeed==0.10.0"}
    ${"finetune (NXC101's case)"}          | ${whole("finetune: true", "load: ckpt", "precision: bfloat16")}                                                                                          | ${"deepspeed==0.10.3"}
    ${"no_load_optim"}                     | ${whole("no_load_optim: true", "load: ckpt", "precision: bfloat16")}                                                                                     | ${"deepspeed==0.10.3"}
    ${"no load"}                           | ${whole("precision: bfloat16")}                                                                                                                          | ${"deepspeed==0.10.3"}
    ${"fp16"}                              | ${whole("load: ckpt", "fp16: {enabled: true}")}                                                                                                          | ${"deepspeed==0.10.3"}
    ${"ZeRO 1 without fp32 accumulation"}  | ${whole("load: ckpt", "precision: bfloat16", "zero_optimization: {stage: 1}")}                                                                           | ${"deepspeed==0.10.3"}
    ${"ZeRO 1 with CPU offload"}           | ${whole("load: ckpt", "precision: bfloat16", "zero_optimization: {stage: 1, offload_optimizer: {device: cpu}}", "data_types: {grad_accum_dtype: fp32}")} | ${"deepspeed==0.10.3"}
    ${"ZeRO 2"}                            | ${whole("load: ckpt", "precision: bfloat16", "zero_optimization: {stage: 2}")}                                                                           | ${"deepspeed==0.10.3"}
    ${"DeeperSpeed (not listed)"}          | ${RESUME_Z0}                                                                                                                                             | ${"deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0"}
    ${"bare deepspeed (quiet by default)"} | ${RESUME_Z0}                                                                                                                                             | ${"deepspeed"}
  `("says nothing for $name", async ({ config, requirements }) => {
    await checkValid(rule, { files: { "c.yml": config, "requirements.txt": `${requirements}\n` } });
  });

  it("says nothing when no DeepSpeed requirement exists (quiet by default)", async () => {
    await checkValid(rule, { files: { "c.yml": RESUME_Z0 } });
  });
});

describe("NXC102 unknowns", () => {
  it.each`
    name                               | config                                                   | requirements           | detail                                               | endColumn | fixed
    ${"a range allowing bad releases"} | ${RESUME_Z0}                                             | ${"deepspeed>=0.10"}   | ${"`>=0.10` allows affected releases 0.10.1–0.11.0"} | ${23}     | ${"deepspeed>=0.11.1"}
    ${"fragment: precision unknown"}   | ${"load: ckpt\nzero_optimization: {stage: 0}\n"}         | ${"deepspeed==0.10.3"} | ${"the precision (not set in this file)"}            | ${11}     | ${"deepspeed==0.11.1"}
    ${"fragment: stage unknown"}       | ${"load: ckpt\nprecision: bfloat16\ntrain_iters: 100\n"} | ${"deepspeed==0.10.3"} | ${"the ZeRO stage"}                                  | ${11}     | ${"deepspeed==0.11.1"}
    ${"fragment: finetune may be set"} | ${"load: ckpt\nprecision: bfloat16\ntrain_iters: 100\n"} | ${"deepspeed==0.10.3"} | ${"whether `finetune` is set"}                       | ${11}     | ${"deepspeed==0.11.1"}
  `("warns for $name", async ({ config, requirements, detail, endColumn, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": `${requirements}\n` },
      output: { "requirements.txt": `${fixed}\n` },
      errors: [
        { ...atLoad(endColumn as number), messageId: "unknown", severity: "warning", certainty: "unknown" },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
  });

  it("warns on an unpinned DeepSpeed when the option asks for it", async () => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": RESUME_Z0, "requirements.txt": "deepspeed\n" },
      config: "rules:\n  NXC102:\n    options:\n      unpinned: warn\n",
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "c.yml",
          line: 1,
          column: 7,
          endLine: 1,
          endColumn: 23,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.level])).toEqual([["warning", "unknown"]]);
  });
});
