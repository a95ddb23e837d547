import { z } from "zod";
import { defineRule } from "../engine/define-rule.js";
import { asNumber, topLevel } from "./support/config-values.js";

/** Mixture of experts with ZeRO stage 2 or 3: NeoX asserts at start (pitfalls.md item 13). */
export const moeZeroStageRule = defineRule(
  {
    id: "NXC211",
    name: "moe-zero-stage",
    severity: "error",
    description: "`moe_num_experts > 1` with ZeRO stage 2 or 3.",
    messages: {
      incompatible:
        'Mixture of experts (`moe_num_experts: {{experts}}`) cannot run with ZeRO stage {{stage}}: NeoX asserts "MoE is not compatible with zero stages 2 and 3" and the run never starts. Use `zero_optimization.stage: 1` (or 0) for MoE runs.',
      stageUnknown:
        'Mixture of experts (`moe_num_experts: {{experts}}`) is set here, but the ZeRO stage (`zero_optimization`) is not set in this file: if another config file of the run sets stage 2 or 3, NeoX asserts "MoE is not compatible with zero stages 2 and 3" and the run never starts. Keep MoE runs on ZeRO stage 0 or 1.',
    },
    options: z.object({}).strict(),
  },
  (ctx) => {
    for (const set of ctx.head.configSets) {
      const experts = topLevel(set, "moe_num_experts", 1);
      const count = experts.state === "set" ? asNumber(experts.value) : null;
      if (experts.state !== "set" || count === null || count <= 1) continue;
      const { zeroStage } = set.effective;
      const fix = { description: "Use ZeRO stage 0 or 1 with MoE.", edits: [] };
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
      if (zeroStage.value < 2) continue;
      ctx.report({
        messageId: "incompatible",
        data: { experts: count, stage: zeroStage.value },
        location: zeroStage.state === "set" ? zeroStage.at : experts.entry.node.span,
        related: [{ label: "MoE enabled here", location: experts.entry.node.span }],
        fix,
        key: "zero_optimization.stage",
      });
    }
  },
);
