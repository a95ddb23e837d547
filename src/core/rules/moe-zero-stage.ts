import { defineRule } from "../engine/define-rule.js";
import { asNumber, topLevel } from "./support/config-values.js";
import { neoxCheckState } from "./support/neox-checks.js";

/**
 * Mixture of experts with settings the NeoX that runs the config asserts against at start
 * (pitfalls.md item 13, knowledge/neox-checks.yml): ZeRO stage 2 or 3 (`moe-zero-2-3`, upstream from
 * gpt-neox#1210), ZeRO stage 3 (`moe-zero-3`, gpt-neox#1129 until #1210), and pipeline parallelism
 * (`moe-pipeline`, gpt-neox#1129 until #1210). Each is an error only where that NeoX has the check.
 */
export const moeZeroStageRule = defineRule(
  {
    id: "NXC211",
    name: "moe-zero-stage",
    severity: "error",
    description:
      "`moe_num_experts > 1` with a ZeRO stage or pipeline parallelism the repository's NeoX asserts against.",
    messages: {
      incompatible:
        'Mixture of experts (`moe_num_experts: {{experts}}`) cannot run with ZeRO stage {{stage}}: {{who}} asserts "MoE is not compatible with zero stages 2 and 3" and the run never starts. Use `zero_optimization.stage: 1` (or 0) for MoE runs.',
      incompatibleZero3:
        'Mixture of experts (`moe_num_experts: {{experts}}`) cannot run with ZeRO stage 3: {{who}} asserts "MoE not compatible with zero3" and the run never starts. Use ZeRO stage 2 or lower for MoE runs.',
      pipeline:
        'Mixture of experts (`moe_num_experts: {{experts}}`) cannot run with pipeline parallelism, and `pipe_parallel_size: {{pp}}` builds a pipeline (NeoX sets `is_pipe_parallel` from 1 up): {{who}} asserts "MoE not supported with pipeline parallelism" and the run never starts. Set `pipe_parallel_size: 0`.',
      stageUnknown:
        'Mixture of experts (`moe_num_experts: {{experts}}`) is set here, but the ZeRO stage (`zero_optimization`) is not set in this file: if another config file of the run sets stage 2 or 3, NeoX asserts "MoE is not compatible with zero stages 2 and 3" and the run never starts. Keep MoE runs on ZeRO stage 0 or 1.',
    },
  },
  (ctx) => {
    const env = ctx.head.environment.neox;
    const assumed = ctx.assume.neox;
    const who = env.kind === "none" ? "NeoX" : `this repository's ${env.name}`;
    const zero23 = neoxCheckState(env, assumed, "moe-zero-2-3");
    const zero3 = neoxCheckState(env, assumed, "moe-zero-3");
    const pipeline = neoxCheckState(env, assumed, "moe-pipeline");
    for (const set of ctx.head.configSets) {
      const experts = topLevel(set, "moe_num_experts", 1);
      const count = experts.state === "set" ? asNumber(experts.value) : null;
      if (experts.state !== "set" || count === null || count <= 1) continue;
      const { zeroStage, pipeParallelSize: pp } = set.effective;
      const fix = { description: "Use ZeRO stage 0 or 1 with MoE.", edits: [] };
      const from = env.pipelineFromPp ?? 1;
      if (pipeline.state !== "absent" && pp.state === "set" && pp.value >= from) {
        ctx.report({
          messageId: "pipeline",
          data: { experts: count, pp: pp.value, who },
          location: pp.at,
          related: [{ label: "MoE enabled here", location: experts.entry.node.span }],
          ...(pipeline.state === "unknown"
            ? { severity: "warning" as const, certainty: pipeline.certainty }
            : {}),
          fix: { description: "Set `pipe_parallel_size: 0` for MoE runs.", edits: [] },
          key: "pipe_parallel_size",
        });
      }
      // The ZeRO check in force: upstream's stage-2-and-3 one, else the older stage-3 one.
      const zeroCheck =
        zero23.state !== "absent"
          ? { state: zero23, min: 2 }
          : zero3.state !== "absent"
            ? { state: zero3, min: 3 }
            : null;
      if (zeroCheck === null) continue;
      const uncertain =
        zeroCheck.state.state === "unknown"
          ? { severity: "warning" as const, certainty: zeroCheck.state.certainty }
          : {};
      // Unknown because `zero_optimization` is written with an odd stage: not this rule's to say.
      if (zeroStage.state === "unknown" && Object.hasOwn(set.keys, "zero_optimization")) continue;
      if (zeroStage.state === "unknown") {
        ctx.report({
          messageId: "stageUnknown",
          data: { experts: count },
          location: experts.entry.node.span,
          severity: "warning",
          certainty: { level: "unknown", detail: "`zero_optimization` is not set in this file" },
          fix,
          key: "moe_num_experts",
        });
        continue;
      }
      if (zeroStage.value < zeroCheck.min) continue;
      ctx.report({
        messageId: zeroCheck.min === 3 ? "incompatibleZero3" : "incompatible",
        data: { experts: count, stage: zeroStage.value, who },
        ...uncertain,
        location: zeroStage.state === "set" ? zeroStage.at : experts.entry.node.span,
        related: [{ label: "MoE enabled here", location: experts.entry.node.span }],
        fix,
        key: "zero_optimization.stage",
      });
    }
  },
);
