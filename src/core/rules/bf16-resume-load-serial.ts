import { defineRule } from "../engine/define-rule.js";
import { isFp32DtypeName } from "../knowledge/config-condition.js";
import type { ConfigSet, RelatedLocation } from "../model/index.js";
import { offloadsOptimizer } from "./support/config-values.js";
import {
  aggregateDeepSpeed,
  reportConfigAgainstDeepSpeed,
  type ConfigSide,
} from "./support/report-config-deepspeed.js";
import { unpinnedOptions } from "./support/verdict.js";

/** BF16_Optimizer.load_state_dict(load_serial=...): DeepSpeed [0.10.1, 0.11.1). */
const ADVISORY = "NXA-2026-0002";

/** The config side, with the optimizer path in words for the message. */
interface ResumeSide extends ConfigSide {
  stage: string;
}

/** A bf16 resume on the BF16_Optimizer path, as far as the set establishes it; null when ruled out. */
function configSide(set: ConfigSet): ResumeSide | null {
  const e = set.effective;
  // The anchor: a checkpoint that is written to be loaded.
  if (e.load.state !== "set" || e.load.value === null) return null;
  const unknowns: string[] = [];
  const related: RelatedLocation[] = [];
  for (const [name, flag] of [
    ["finetune", e.finetune],
    ["no_load_optim", e.noLoadOptim],
  ] as const) {
    if (flag.state === "unknown") unknowns.push(`whether \`${name}\` is set (not in this file)`);
    else if (flag.value) return null; // not a resume: NXC101 covers module-only loads
  }
  const p = e.precision;
  if (p.state === "unknown") unknowns.push("the precision (not set in this file)");
  else if (p.value !== "bfloat16") return null;
  else if (p.state === "set") related.push({ label: "bf16 enabled here", location: p.at });

  const zero = e.zeroStage;
  let stage = "";
  if (zero.state === "unknown") {
    unknowns.push("the ZeRO stage (`zero_optimization` is not set in this file)");
  } else if (zero.value === 0) {
    stage = "ZeRO stage 0";
    if (zero.state === "set") related.push({ label: "ZeRO stage 0 here", location: zero.at });
  } else if (zero.value === 1) {
    if (offloadsOptimizer(set)) return null; // CPU offload takes DeepSpeedZeroOptimizer
    const dtype = e.gradAccumDtype;
    if (dtype.state === "unknown") unknowns.push("`data_types.grad_accum_dtype` (not set in this file)");
    else if (!isFp32DtypeName(dtype.value)) return null;
    else if (dtype.state === "set")
      related.push({ label: "fp32 gradient accumulation here", location: dtype.at });
    stage = "ZeRO stage 1 with fp32 gradient accumulation";
    if (zero.state === "set") related.push({ label: "ZeRO stage 1 here", location: zero.at });
  } else {
    return null;
  }
  return { location: e.load.at, stage, unknowns, related };
}

/** NXC102: a bf16 resume on BF16_Optimizer crashes on DeepSpeed 0.10.1–0.11.0 (advisory NXA-2026-0002). */
export const bf16ResumeLoadSerialRule = defineRule(
  {
    id: "NXC102",
    name: "bf16-resume-load-serial",
    severity: "error",
    description:
      "Resuming a bf16 run on BF16_Optimizer (ZeRO 0, or ZeRO 1 with fp32 gradient accumulation) crashes on DeepSpeed 0.10.1–0.11.0 (`load_serial`).",
    messages: {
      affected:
        "Resuming this bf16 run ({{stage}}, BF16_Optimizer) on {{deepspeed}} ({{why}}) fails when the checkpoint loads: `TypeError: BF16_Optimizer.load_state_dict() got an unexpected keyword argument 'load_serial'` (DeepSpeed#4272, fixed by DeepSpeed#4434 in 0.11.1). The job dies at start-up after waiting for its allocation. {{fix}}",
      unknown:
        "This config loads a checkpoint; a bf16 resume on BF16_Optimizer (ZeRO 0, or ZeRO 1 with fp32 gradient accumulation) crashes on DeepSpeed 0.10.1–0.11.0 with `unexpected keyword argument 'load_serial'` (DeepSpeed#4272, fixed by DeepSpeed#4434). Not established: {{unknown}}. {{fix}}",
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
      reportConfigAgainstDeepSpeed(ctx, {
        advisory,
        result,
        side,
        keyPath: "load",
        extra: { stage: side.stage },
      });
    }
  },
);
