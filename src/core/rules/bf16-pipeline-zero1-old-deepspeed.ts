import { defineRule } from "../engine/define-rule.js";
import { advisoriesForRule } from "../knowledge/index.js";
import { reportConfigAdvisory } from "./support/config-advisory.js";
import { unpinnedOptions } from "./support/verdict.js";

/**
 * NXC103: a config x DeepSpeed-version advisory whose config side is data (`condition.config`). It
 * applies every advisory that names it, through the one generic mechanism (`reportConfigAdvisory`):
 * shipped, NXA-2026-0003 (bf16 + pipeline + ZeRO-1 raises NotImplementedError before DeepSpeed 0.9.2 and
 * on DeeperSpeed v2.0 / 3362dad8). A new "DeepSpeed X broke config Y" is one advisory naming NXC103.
 */
export const bf16PipelineZero1OldDeepspeedRule = defineRule(
  {
    id: "NXC103",
    name: "bf16-pipeline-zero1-old-deepspeed",
    severity: "error",
    description:
      "A config that a DeepSpeed advisory's config condition matches, on an affected DeepSpeed: bf16 with pipeline parallelism and ZeRO stage 1 raises NotImplementedError on DeepSpeed older than 0.9.2.",
    messages: {
      affected: "{{title}}: this config on {{deepspeed}} ({{why}}). {{summary}} {{fix}}",
      unknown: "{{title}}. {{summary}} Not established: {{unknown}}. {{fix}}",
    },
    options: unpinnedOptions("quiet"),
  },
  (ctx) => {
    for (const advisory of advisoriesForRule(ctx.knowledge, "NXC103")) reportConfigAdvisory(ctx, advisory);
  },
);
