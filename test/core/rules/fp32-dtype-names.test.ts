import { FP32_NAMES } from "../../../src/core/knowledge/config-condition.js";
import { bf16PipelineZeroGradAccumRule as nxc202 } from "../../../src/core/rules/bf16-pipeline-zero-grad-accum.js";
import { bf16ResumeLoadSerialRule as nxc102 } from "../../../src/core/rules/bf16-resume-load-serial.js";
import { runRule } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

/**
 * NXC102 (bf16 resume on ZeRO 1 *with* fp32 accumulation) and NXC202 (bf16 + ZeRO 1 + pipeline *without*
 * fp32 accumulation) read the same `data_types.grad_accum_dtype`: on a release both cover, one config
 * with a given spelling must trip exactly one of them. They once disagreed on `torch.float32`.
 */
function config(dtype: string): Record<string, string> {
  return {
    "c.yml": whole(
      "load: checkpoints/run1",
      "precision: bfloat16",
      "pipe_parallel_size: 1",
      "zero_optimization: {stage: 1}",
      `data_types: {grad_accum_dtype: ${JSON.stringify(dtype)}}`,
    ),
    "requirements.txt": "deepspeed==0.10.3\n",
  };
}

describe("fp32 dtype names: NXC102 and NXC202 agree", () => {
  it("knows DeepSpeed's four fp32 spellings (DtypeEnum.fp32)", () => {
    expect([...FP32_NAMES].sort()).toEqual(["float", "float32", "fp32", "torch.float32"]);
  });

  it.each`
    dtype              | fp32
    ${"fp32"}          | ${true}
    ${"float32"}       | ${true}
    ${"float"}         | ${true}
    ${"torch.float32"} | ${true}
    ${"FP32"}          | ${false}
    ${"Float32"}       | ${false}
    ${"bf16"}          | ${false}
    ${"fp16"}          | ${false}
    ${"torch.float16"} | ${false}
  `("grad_accum_dtype $dtype: fp32 is $fp32 for both rules", async ({ dtype, fp32 }) => {
    const files = config(dtype as string);
    const resume = await runRule(nxc102, { files });
    const pipeline = await runRule(nxc202, { files });
    expect(resume.map((f) => f.messageId)).toEqual(fp32 ? ["affected"] : []);
    expect(pipeline.map((f) => f.messageId)).toEqual(fp32 ? [] : ["missingFp32Accum"]);
  });
});
