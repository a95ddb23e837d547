import { buildModel } from "../../../../src/core/analyze.js";
import { defaultRepoConfig } from "../../../../src/core/engine/repo-config.js";
import { runRules } from "../../../../src/core/engine/run-rules.js";
import { advisorySchema, loadKnowledge, type Knowledge } from "../../../../src/core/knowledge/index.js";
import { memoryWorkspace } from "../../../../src/core/memory-workspace.js";
import { bf16PipelineZeroGradAccumRule } from "../../../../src/core/rules/bf16-pipeline-zero-grad-accum.js";
import { bf16PipelineZero1OldDeepspeedRule } from "../../../../src/core/rules/bf16-pipeline-zero1-old-deepspeed.js";
import type { Rule } from "../../../../src/core/engine/types.js";
import { whole } from "../../../support/whole-config.js";

/** An advisory that exists only in this test: "DeepSpeed 0.16 broke fp16 with ZeRO 2 when loading a checkpoint". */
const INVENTED = advisorySchema.parse({
  id: "NXA-2099-0001",
  title: "fp16 with ZeRO-2 cannot load a checkpoint on DeepSpeed 0.16",
  summary: "An invented defect, to show that a new advisory needs data and a test, not a rule.",
  details: "Invented for the test.",
  published: "2099-01-01",
  rules: ["NXC103"],
  affected: [
    {
      package: { ecosystem: "PyPI", name: "deepspeed" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0.16.0" }, { fixed: "0.17.0" }] }],
    },
  ],
  condition: {
    description: "fp16, ZeRO stage 2, a checkpoint loaded.",
    config: { precision: ["fp16"], zero_stage: { min: 2, max: 2 }, load: true, anchor: "zero_stage" },
  },
  fix: { description: "Use DeepSpeed 0.17.0 or later.", upgrade_to: "0.17.0" },
  references: [{ type: "REPORT", url: "https://example.invalid/report", title: "invented" }],
});

function withAdvisory(base: Knowledge, extra: typeof INVENTED): Knowledge {
  const advisories = [...base.advisories, extra];
  return {
    ...base,
    advisories,
    advisory: (id) => advisories.find((a) => a.id === id) ?? base.advisory(id),
  };
}

async function run(
  rule: Rule,
  files: Record<string, string>,
  knowledge: Knowledge,
  pipelineFromPp?: number | null,
): Promise<
  Array<{ id: string; severity: string; certainty: string; advisory: string | null; line: number }>
> {
  const { model } = await buildModel(memoryWorkspace(files), { config: defaultRepoConfig, knowledge });
  if (pipelineFromPp !== undefined) model.environment.neox.pipelineFromPp = pipelineFromPp;
  const { findings } = runRules({
    rules: [rule],
    head: model,
    base: null,
    knowledge,
    config: defaultRepoConfig,
  });
  return findings.map((f) => ({
    id: f.ruleId,
    severity: f.severity,
    certainty: f.certainty.level,
    advisory: f.advisory ?? null,
    line: f.location.line,
  }));
}

const FP16_Z2_LOAD = whole(
  "zero_optimization: {stage: 2}",
  "fp16: {enabled: true}",
  "load: checkpoints/run1",
);

describe("a config advisory added as data only", () => {
  const knowledge = withAdvisory(loadKnowledge(), INVENTED);

  it.each`
    requirements           | expected
    ${"deepspeed==0.16.2"} | ${[{ id: "NXC103", severity: "error", certainty: "certain", advisory: "NXA-2099-0001", line: 1 }]}
    ${"deepspeed==0.17.0"} | ${[]}
    ${"deepspeed==0.15.4"} | ${[]}
    ${"deepspeed>=0.15"}   | ${[{ id: "NXC103", severity: "warning", certainty: "unknown", advisory: "NXA-2099-0001", line: 1 }]}
  `("is judged by the generic mechanism on $requirements", async ({ requirements, expected }) => {
    const files = { "c.yml": FP16_Z2_LOAD, "requirements.txt": `${requirements as string}\n` };
    expect(await run(bf16PipelineZero1OldDeepspeedRule, files, knowledge)).toEqual(expected);
  });

  it("says nothing where the config condition does not hold", async () => {
    const files = {
      "c.yml": whole("zero_optimization: {stage: 2}", "fp16: {enabled: true}"),
      "requirements.txt": "deepspeed==0.16.2\n",
    };
    expect(await run(bf16PipelineZero1OldDeepspeedRule, files, knowledge)).toEqual([]);
  });

  it("is absent from the shipped knowledge", async () => {
    const files = { "c.yml": FP16_Z2_LOAD, "requirements.txt": "deepspeed==0.16.2\n" };
    expect(await run(bf16PipelineZero1OldDeepspeedRule, files, loadKnowledge())).toEqual([]);
  });
});

describe("the pipeline condition follows the environment's NeoX", () => {
  const config = whole("pipe_parallel_size: 1", "zero_optimization: {stage: 1}", "precision: bfloat16");
  const files = { "c.yml": config, "requirements.txt": "deepspeed==0.12.0\n" };

  it.each`
    pipelineFromPp | expected
    ${1}           | ${["error"]}
    ${2}           | ${[]}
    ${null}        | ${[]}
  `("pipe_parallel_size 1 with pipelineFromPp $pipelineFromPp", async ({ pipelineFromPp, expected }) => {
    const findings = await run(
      bf16PipelineZeroGradAccumRule,
      files,
      loadKnowledge(),
      pipelineFromPp as number | null,
    );
    expect(findings.map((f) => f.severity)).toEqual(expected);
  });

  it("pipe_parallel_size 2 builds a pipeline whatever the threshold", async () => {
    const two = { ...files, "c.yml": config.replace("pipe_parallel_size: 1", "pipe_parallel_size: 2") };
    expect(
      (await run(bf16PipelineZeroGradAccumRule, two, loadKnowledge(), null)).map((f) => f.severity),
    ).toEqual(["error"]);
  });
});
