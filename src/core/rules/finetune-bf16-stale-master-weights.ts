import { defineRule } from "../engine/define-rule.js";
import type { ConfigSet, RelatedLocation, Span } from "../model/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import { advisoryFacts } from "./support/advisory-facts.js";
import { writtenTrue } from "./support/config-values.js";
import { deepspeedFix, fixWords } from "./support/fix.js";
import { aggregateDeepSpeed, pinRelated, versionKey } from "./support/report-config-deepspeed.js";
import { reportedVerdicts, unpinnedOptions } from "./support/verdict.js";

/** The seed bug. Its boundaries in the texts below are read from the advisory, their one home. */
const ADVISORY = "NXA-2026-0001";
const FACTS = advisoryFacts(loadKnowledge(), ADVISORY);
/** `DeepSpeed 0.10.2–0.12.6`, and DeeperSpeed's commit range, as the texts name them. */
const AFFECTED = `DeepSpeed ${FACTS.affectedReleases}`;
const FORK_RANGE = `DeeperSpeed ${FACTS.forkRange ?? "by commit"}`;

/** What the config side establishes for one set, or null when it rules the bug out. */
interface ConfigSide {
  flag: { key: "finetune" | "no_load_optim"; spelling: string; at: Span };
  /** `bf16`: bf16 established; `fp32`: fp32 with ZeRO 1 or 2 (inferred); `unknown`: precision not known. */
  mode: "bf16" | "fp32" | "unknown";
  condition: string;
  unknowns: string[];
  related: RelatedLocation[];
}

function configSide(set: ConfigSet, zeroStages: number[]): ConfigSide | null {
  const e = set.effective;
  const flagKey: ConfigSide["flag"]["key"] | null = writtenTrue(e.finetune)
    ? "finetune"
    : writtenTrue(e.noLoadOptim)
      ? "no_load_optim"
      : null;
  if (flagKey === null) return null;
  const flagValue = flagKey === "finetune" ? e.finetune : e.noLoadOptim;
  if (flagValue.state !== "set") return null;
  const flag = { key: flagKey, spelling: set.keys[flagKey]?.spelling ?? flagKey, at: flagValue.at };
  const unknowns: string[] = [];
  const related: RelatedLocation[] = [];

  if (e.load.state === "unknown")
    unknowns.push("whether a checkpoint is loaded (`load` is not set in this file)");
  else if (e.load.value === null)
    return null; // nothing is loaded: NXC220 covers finetune without load
  else if (e.load.state === "set") related.push({ label: "loads a checkpoint here", location: e.load.at });

  const zero = e.zeroStage;
  const p = e.precision;
  if (p.state === "unknown") {
    unknowns.push("the precision (neither `precision` nor `bf16`/`fp16` is set in this file)");
    return { flag, mode: "unknown", condition: "", unknowns, related };
  }
  if (p.value === "fp16") return null;
  if (p.value === "bfloat16") {
    if (p.state === "set") related.push({ label: "bf16 enabled here", location: p.at });
    if (zero.state === "unknown")
      unknowns.push("the ZeRO stage (`zero_optimization` is not set in this file)");
    else if (!zeroStages.includes(zero.value))
      unknowns.push(
        `whether ZeRO stage ${zero.value} is affected (the advisory covers stages ${zeroStages.join(", ")})`,
      );
    return { flag, mode: "bf16", condition: "with bf16", unknowns, related };
  }
  // fp32: only ZeRO 1 and 2 keep separate fp32 partitions (inferred); without ZeRO there is no master copy.
  if (zero.state === "unknown") {
    unknowns.push("the ZeRO stage (`zero_optimization` is not set in this file)");
  } else if (zero.value !== 1 && zero.value !== 2) {
    return null;
  } else if (zero.state === "set") {
    related.push({ label: `ZeRO stage ${zero.value} here`, location: zero.at });
  }
  if (p.state === "set") related.push({ label: "fp32 here", location: p.at });
  const stage = zero.state === "unknown" ? "" : ` and ZeRO stage ${zero.value}`;
  return { flag, mode: "fp32", condition: `with fp32${stage}`, unknowns, related };
}

/**
 * NXC101: `finetune`/`no_load_optim` + `load` + bf16 on a DeepSpeed that never re-syncs the optimizer's
 * fp32 master weights after a module-only load (advisory NXA-2026-0001).
 */
export const finetuneBf16StaleMasterWeightsRule = defineRule(
  {
    id: "NXC101",
    name: "finetune-bf16-stale-master-weights",
    severity: "error",
    description: `\`finetune\`/\`no_load_optim\` with a checkpoint and bf16 on ${AFFECTED} (or ${FORK_RANGE}): training restarts from scratch at step 1.`,
    messages: {
      affected:
        "`{{flag}}: true` loads a checkpoint in bf16 on {{deepspeed}} ({{why}}). That DeepSpeed loads only the 16-bit weights and never copies them into the optimizer's fp32 master weights: step 0 shows the checkpoint's loss, then the first optimizer step writes the fresh, untrained master weights back and the loss jumps as if training from scratch, silently (gpt-neox#1121, fixed by DeepSpeed#4141). {{fix}}",
      fp32Zero:
        "`{{flag}}: true` loads a checkpoint {{condition}} on {{deepspeed}} ({{why}}). ZeRO keeps its own fp32 partitions, which this DeepSpeed likely never refreshes after a module-only load, so training would restart from untrained weights at step 1 (inferred from DeepSpeed's code, not reported; see gpt-neox#1121, DeepSpeed#4141). {{fix}}",
      unknown: `\`{{flag}}: true\` {{condition}} may restart training from scratch at step 1: on ${AFFECTED} (and ${FORK_RANGE}) bf16 master weights are not re-synced after a module-only load, so the loss jumps after step 0 (gpt-neox#1121, DeepSpeed#4141). Not established: {{unknown}}. {{fix}}`,
    },
    options: unpinnedOptions("warn"),
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const zeroStages = advisory.condition.zero_stages ?? [0, 1, 2];
    const words = fixWords(advisory);
    const result = aggregateDeepSpeed(ctx, advisory);
    if (result.status === "quiet") return;

    for (const set of ctx.head.configSets) {
      const side = configSide(set, zeroStages);
      if (side === null) continue;
      for (const v of reportedVerdicts(result)) {
        const common = {
          location: side.flag.at,
          advisory: advisory.id,
          related: [...side.related, ...pinRelated(v)],
          fix: deepspeedFix(v, advisory, ctx.knowledge),
          key: versionKey(side.flag.key, v),
        };
        const installed = v.status === "affected";
        const unknowns = installed
          ? side.unknowns
          : [...side.unknowns, `which DeepSpeed is installed (${v.subject}: ${v.detail})`];
        if (unknowns.length > 0) {
          const detail =
            unknowns.join("; ") +
            (side.mode === "fp32" ? "; fp32 with ZeRO is affected by inference only" : "");
          ctx.report({
            ...common,
            messageId: "unknown",
            data: {
              flag: side.flag.spelling,
              // An affected DeepSpeed is named here; an unknown one is among the unknowns.
              condition: installed ? `${conditionWords(side)} on ${v.subject}` : conditionWords(side),
              unknown: unknowns.join("; "),
              fix: words,
            },
            severity: "warning",
            certainty: { level: "unknown", detail },
          });
        } else if (side.mode === "fp32") {
          ctx.report({
            ...common,
            messageId: "fp32Zero",
            data: {
              flag: side.flag.spelling,
              condition: side.condition,
              deepspeed: v.subject,
              why: v.detail,
              fix: words,
            },
            severity: "warning",
            certainty: {
              level: "inferred",
              detail: advisory.inferred[0] ?? "fp32 with ZeRO is affected by inference from code",
            },
          });
        } else {
          ctx.report({
            ...common,
            messageId: "affected",
            data: { flag: side.flag.spelling, deepspeed: v.subject, why: v.detail, fix: words },
            certainty: { level: "certain" },
          });
        }
      }
    }
  },
);

function conditionWords(side: ConfigSide): string {
  return side.mode === "unknown" ? "with a checkpoint to load" : `${side.condition} and a checkpoint to load`;
}
