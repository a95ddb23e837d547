import { defineRule } from "../engine/define-rule.js";
import type { Advisory } from "../knowledge/schema.js";
import type { Fix, TextEdit } from "../model/index.js";
import { lookup } from "../parse/config-path.js";
import { loadKnowledge } from "../knowledge/index.js";
import { advisoryFacts } from "./support/advisory-facts.js";
import { matchConfig } from "./support/config-advisory.js";
import type { Knowledge } from "../knowledge/types.js";
import { deepspeedFix, fixWords } from "./support/fix.js";
import { aggregateDeepSpeed, pinRelated, versionKey } from "./support/report-config-deepspeed.js";
import { reportedVerdicts, unpinnedOptions, type Verdict } from "./support/verdict.js";

/** bf16 + ZeRO-1 + pipeline without fp32 accumulation: DeepSpeed 0.9.2–0.13.2, DeeperSpeed by commit. */
const ADVISORY = "NXA-2026-0009";
/** The advisory's boundaries as the texts below state them, read from the advisory (their one home). */
const FACTS = advisoryFacts(loadKnowledge(), ADVISORY);
const AFFECTED = FACTS.affectedReleases;
const FIXED = FACTS.fixedRelease;
const FORK_LAST = FACTS.forkLastAffected ?? "an affected commit";
const FORK_FIX = FACTS.forkFix ?? "a fixed commit";

/**
 * The fix for one finding: the config change (`data_types: {grad_accum_dtype: fp32}`) only where this
 * repository's NeoX has the `data_types` argument (gpt-neox#819; before it the key itself is an
 * unknown argument), with a mechanical edit of a wrong `grad_accum_dtype` string; then the DeepSpeed
 * move that leaves the advisory's range (`deepspeedFix`).
 */
function fixFor(
  hasDataTypes: boolean,
  written: TextEdit | null,
  v: Verdict,
  advisory: Advisory,
  knowledge: Knowledge,
): Fix {
  const move = fixWords(advisory, v, knowledge);
  const edits = v.status === "affected" ? deepspeedFix(v, advisory, knowledge).edits : [];
  if (!hasDataTypes)
    return {
      description: `${move.replace(/\.$/, "")} (DeepSpeed 0.13.3 and DeeperSpeed v3.0 run this combination). This repository's NeoX has no \`data_types\` argument (gpt-neox#819 added it), so fp32 gradient accumulation cannot be set here; otherwise use ZeRO stage 0 or \`pipe_parallel_size: 0\`.`,
      edits,
    };
  return {
    description: `Set \`data_types: {grad_accum_dtype: fp32}\` (a top-level \`data_types\` dict), or ${move.charAt(0).toLowerCase()}${move.slice(1)}`,
    edits: written ? [written] : [],
  };
}

/**
 * NXC202: bf16 + ZeRO-1 + a pipeline without fp32 gradient accumulation crashes on DeepSpeed 0.9.2–0.13.2
 * and the DeeperSpeed commits of advisory NXA-2026-0009 (../shared/knowledge/bf16-pipeline-zero1.md). The
 * config side is the advisory's `condition.config` (the generic mechanism); the pipeline threshold is
 * the environment's (`environment.neox.pipelineFromPp`: savanna builds no pipeline at pp=1). ZeRO 2/3 with
 * a pipeline is NXC201's root cause (DeepSpeed's PipelineEngine asserts), so this rule covers stage 1 only.
 */
export const bf16PipelineZeroGradAccumRule = defineRule(
  {
    id: "NXC202",
    name: "bf16-pipeline-zero-grad-accum",
    severity: "error",
    description: `bf16 with ZeRO stage 1 and a pipeline without \`data_types: {grad_accum_dtype: fp32}\`, on a DeepSpeed that crashes there (${AFFECTED}, DeeperSpeed by commit).`,
    messages: {
      missingFp32Accum: `bf16 with ZeRO stage 1 and pipeline parallelism (\`pipe_parallel_size: {{pp}}\`) without fp32 gradient accumulation ({{accum}}) crashes on {{deepspeed}} ({{why}}): DeepSpeed's pipeline engine fails in its gradient reduction at the first step, while NeoX only logs "Outstanding DeepSpeed issue means that pp>0, zero1, and bf16 will break without fp32 grads" (DeepSpeed#1835; runs from DeepSpeed ${FIXED}, DeepSpeed#5170). {{fix}}`,
      partUnknown: `bf16, ZeRO stage 1 and a pipeline without fp32 gradient accumulation crash DeepSpeed ${AFFECTED} (DeepSpeed#1835, advisory ${ADVISORY}). This file has the rest of that combination, but {{unknown}} is not set in it: if another config file of the run sets it that way, the run crashes at its first step on {{deepspeed}}. {{fix}}`,
      accumUnknown:
        "bf16 with ZeRO stage 1 and pipeline parallelism (`pipe_parallel_size: {{pp}}`) needs fp32 gradient accumulation on {{deepspeed}}, and `data_types` is not set in this file. Unless another config file of the run sets `data_types: {grad_accum_dtype: fp32}`, DeepSpeed's pipeline engine crashes at the first step (DeepSpeed#1835). {{fix}}",
      versionUnknown: `bf16 with ZeRO stage 1 and pipeline parallelism (\`pipe_parallel_size: {{pp}}\`) without fp32 gradient accumulation crashes on DeepSpeed ${AFFECTED} and on DeeperSpeed up to ${FORK_LAST}, and runs from DeepSpeed ${FIXED} and DeeperSpeed ${FORK_FIX} (DeepSpeed#1835, #5170). Not established: which DeepSpeed is installed ({{deepspeed}}: {{why}}). {{fix}}`,
    },
    options: unpinnedOptions("warn"),
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const result = aggregateDeepSpeed(ctx, advisory);
    if (result.status === "quiet") return;
    const hasDataTypes = Object.hasOwn(ctx.head.neoxArgs.args, "data_types");
    const pipelineFromPp = ctx.head.environment.neox.pipelineFromPp;
    for (const set of ctx.head.configSets) {
      const match = matchConfig(set, advisory, pipelineFromPp, "first-written");
      if (match === null) continue;
      const { pipeParallelSize: pp, gradAccumDtype: accum } = set.effective;
      const ppValue = pp.state === "unknown" ? "?" : String(pp.value);
      let written: TextEdit | null = null;
      const node = accum.state === "set" ? lookup(set, "data_types.grad_accum_dtype")?.node : undefined;
      if (node?.kind === "scalar" && node.type === "str") {
        const quote = node.raw.startsWith('"') ? '"' : node.raw.startsWith("'") ? "'" : "";
        written = { span: node.span, replacement: `${quote}fp32${quote}` };
      }
      for (const v of reportedVerdicts(result)) {
        const fix = fixFor(hasDataTypes, written, v, advisory, ctx.knowledge);
        const words = fix.description;
        const common = {
          location: match.location,
          related: [...match.related, ...pinRelated(v)],
          fix,
          advisory: advisory.id,
          key: versionKey("data_types.grad_accum_dtype", v),
        };
        if (match.missing !== null) {
          const detail = `${match.missing.words} is not set in this file; another config file of the run may set it${v.status === "affected" ? "" : `; which DeepSpeed is installed (${v.subject}: ${v.detail})`}`;
          ctx.report({
            ...common,
            ...(match.missing.name === "grad_accum_fp32"
              ? { messageId: "accumUnknown", data: { pp: ppValue, deepspeed: v.subject, fix: words } }
              : {
                  messageId: "partUnknown",
                  data: { unknown: match.missing.words, deepspeed: v.subject, fix: words },
                }),
            severity: "warning",
            certainty: { level: "unknown", detail },
          });
          continue;
        }
        if (v.status !== "affected") {
          ctx.report({
            ...common,
            messageId: "versionUnknown",
            data: { pp: ppValue, deepspeed: v.subject, why: v.detail, fix: words },
            severity: "warning",
            certainty: {
              level: "unknown",
              detail: `which DeepSpeed is installed (${v.subject}: ${v.detail})`,
            },
          });
          continue;
        }
        ctx.report({
          ...common,
          messageId: "missingFp32Accum",
          data: {
            pp: ppValue,
            accum:
              accum.state === "set"
                ? `\`data_types.grad_accum_dtype\` is ${JSON.stringify(accum.value)}`
                : "`data_types.grad_accum_dtype` is not set",
            deepspeed: v.subject,
            why: v.detail,
            fix: words,
          },
          certainty: { level: "certain" },
        });
      }
    }
  },
);
