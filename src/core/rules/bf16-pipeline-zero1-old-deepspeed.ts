import { defineRule } from "../engine/define-rule.js";
import type { ConfigSet, RelatedLocation } from "../model/index.js";
import {
  aggregateDeepSpeed,
  reportConfigAgainstDeepSpeed,
  type ConfigSide,
} from "./support/report-config-deepspeed.js";
import { unpinnedOptions } from "./support/verdict.js";

/** bf16 + pipeline + ZeRO-1 raises NotImplementedError before DeepSpeed 0.9.2. */
const ADVISORY = "NXA-2026-0003";

/** bf16 with ZeRO stage 1 inside a pipeline, as far as the set establishes it; null when ruled out. */
function configSide(set: ConfigSet): ConfigSide | null {
  const e = set.effective;
  const zero = e.zeroStage;
  // The anchor: ZeRO stage 1 written in the config.
  if (zero.state !== "set" || zero.value !== 1) return null;
  const unknowns: string[] = [];
  const related: RelatedLocation[] = [];
  const p = e.precision;
  if (p.state === "unknown") unknowns.push("the precision (not set in this file)");
  else if (p.value !== "bfloat16") return null;
  else if (p.state === "set") related.push({ label: "bf16 enabled here", location: p.at });
  const pp = e.pipeParallelSize;
  if (pp.state === "unknown") unknowns.push("`pipe_parallel_size` (not set in this file)");
  else if (pp.value < 1) return null;
  else if (pp.state === "set") related.push({ label: "pipeline parallelism here", location: pp.at });
  return { location: zero.at, unknowns, related };
}

/** NXC103: bf16 + pipeline + ZeRO-1 on DeepSpeed older than 0.9.2 (advisory NXA-2026-0003). */
export const bf16PipelineZero1OldDeepspeedRule = defineRule(
  {
    id: "NXC103",
    name: "bf16-pipeline-zero1-old-deepspeed",
    severity: "error",
    description:
      "bf16 with pipeline parallelism and ZeRO stage 1 raises NotImplementedError on DeepSpeed older than 0.9.2.",
    messages: {
      affected:
        "bf16 with ZeRO stage 1 and pipeline parallelism cannot train on {{deepspeed}} ({{why}}): the pipeline engine raises `NotImplementedError` in `_exec_reduce_grads` at the first step (DeepSpeed#2994, gpt-neox#963; fixed by DeepSpeed#3399 in 0.9.2). {{fix}}",
      unknown:
        "ZeRO stage 1 here: with bf16 and pipeline parallelism, DeepSpeed older than 0.9.2 raises `NotImplementedError` in `_exec_reduce_grads` at the first step (DeepSpeed#2994, fixed by DeepSpeed#3399). Not established: {{unknown}}. {{fix}}",
    },
    options: unpinnedOptions("quiet"),
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const result = aggregateDeepSpeed(ctx, advisory);
    if (result.status === "quiet") return;
    for (const set of ctx.head.configSets) {
      const side = configSide(set);
      if (side === null) continue;
      reportConfigAgainstDeepSpeed(ctx, { advisory, result, side, keyPath: "zero_optimization.stage" });
    }
  },
);
