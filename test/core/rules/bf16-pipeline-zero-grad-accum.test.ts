import { bf16PipelineZeroGradAccumRule } from "../../../src/core/rules/bf16-pipeline-zero-grad-accum.js";
import { brief, runRule } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

const ZERO1 = "zero_optimization:\n  stage: 1\n";

describe("NXC202 bf16-pipeline-zero-grad-accum", () => {
  it.each([
    [
      "bf16.enabled, ZeRO-1, pipe_parallel_size 1, no data_types",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: true\n`,
      7,
      12,
    ],
    [
      "precision: bfloat16 (no bf16 dict), ZeRO-1, pipe_parallel_size 2",
      `${WHOLE}precision: bfloat16\npipe-parallel-size: 2\n${ZERO1}`,
      3,
      12,
    ],
    [
      "data_types without grad_accum_dtype",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  other: 1\n`,
      6,
      12,
    ],
    [
      "grad_accum_dtype bf16 (pointed at, with a mechanical fix)",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: "bf16"\n`,
      8,
      21,
    ],
  ])("flags %s", async (_name, text, line, column) => {
    const findings = await runRule(bf16PipelineZeroGradAccumRule, { files: { "a.yml": text } });
    expect(findings.map(brief)).toEqual([
      { messageId: "missingFp32Accum", severity: "error", certainty: "certain", path: "a.yml", line, column },
    ]);
  });

  it("replaces a wrong grad_accum_dtype with fp32, keeping the quotes", async () => {
    const findings = await runRule(bf16PipelineZeroGradAccumRule, {
      files: {
        "a.yml": `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: "bf16"\n`,
      },
    });
    expect(findings[0]?.fix?.edits).toEqual([
      {
        span: { path: "a.yml", line: 8, column: 21, endLine: 8, endColumn: 27 },
        replacement: '"fp32"',
      },
    ]);
    expect(findings[0]?.related.map((r) => r.label)).toEqual([
      "bf16 enabled here",
      "ZeRO stage set here",
      "pipeline parallelism set here",
    ]);
  });

  it.each([
    [
      "fp32 gradient accumulation",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: fp32\n`,
    ],
    [
      "fp32 gradient accumulation spelled float32 (DeepSpeed's DtypeEnum accepts it)",
      `${WHOLE}pipe_parallel_size: 1\n${ZERO1}precision: bfloat16\ndata_types:\n  grad_accum_dtype: float32\n`,
    ],
    ["fp16 instead of bf16", `${WHOLE}pipe_parallel_size: 1\n${ZERO1}fp16:\n  enabled: true\n`],
    [
      "bf16 without a pipeline (pipe_parallel_size 0)",
      `${WHOLE}pipe_parallel_size: 0\n${ZERO1}precision: bfloat16\n`,
    ],
    [
      "bf16 with a pipeline and ZeRO stage 0",
      `${WHOLE}pipe_parallel_size: 1\nzero_optimization:\n  stage: 0\nprecision: bfloat16\n`,
    ],
    ["bf16 disabled", `${WHOLE}pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: false\n`],
    ["a fragment missing two parts (precision and data_types)", `pipe_parallel_size: 1\n${ZERO1}`],
  ])("does not flag %s", async (_name, text) => {
    expect(await runRule(bf16PipelineZeroGradAccumRule, { files: { "a.yml": text } })).toEqual([]);
  });

  it.each([
    [
      "precision set in another file",
      `pipe_parallel_size: 1\n${ZERO1}data_types:\n  grad_accum_dtype: bf16\n`,
      "partUnknown",
      5,
      21,
      "the precision",
    ],
    [
      "data_types possibly in another file",
      `pipe_parallel_size: 1\n${ZERO1}bf16:\n  enabled: true\n`,
      "accumUnknown",
      5,
      12,
      "`data_types.grad_accum_dtype`",
    ],
  ])("calls %s unknown", async (_name, text, messageId, line, column, unknown) => {
    const findings = await runRule(bf16PipelineZeroGradAccumRule, { files: { "a.yml": text } });
    expect(findings.map(brief)).toEqual([
      { messageId, severity: "warning", certainty: "unknown", path: "a.yml", line, column },
    ]);
    expect(findings[0]?.certainty.detail).toContain(unknown);
  });
});
