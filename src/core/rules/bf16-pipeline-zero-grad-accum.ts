import { z } from "zod";
import type { Certainty, RelatedLocation, Span, TextEdit } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { lookup } from "../parse/config-path.js";

/** DeepSpeed's names for fp32 in `data_types.grad_accum_dtype` (its DtypeEnum): all mean fp32 accumulation. */
const FP32_NAMES: ReadonlySet<string> = new Set(["fp32", "float32", "float", "torch.float32"]);

/**
 * bf16 + ZeRO >= 1 + pipeline parallelism needs fp32 gradient accumulation (pitfalls.md item 2): NeoX
 * only logs a warning, DeepSpeed's pipeline engine then breaks (DeepSpeed#1835).
 */
export const bf16PipelineZeroGradAccumRule = defineRule(
  {
    id: "NXC202",
    name: "bf16-pipeline-zero-grad-accum",
    severity: "error",
    description:
      "bf16 with ZeRO stage >= 1 and pipe_parallel_size >= 1 without `data_types: {grad_accum_dtype: fp32}`.",
    messages: {
      missingFp32Accum:
        'bf16 with ZeRO stage {{stage}} and pipeline parallelism (`pipe_parallel_size: {{pp}}`) needs fp32 gradient accumulation, but {{accum}}. NeoX only logs "Outstanding DeepSpeed issue means that pp>0, zero1, and bf16 will break without fp32 grads" and carries on with a run that DeepSpeed\'s pipeline engine breaks. Add `data_types: {grad_accum_dtype: fp32}` (gpt-neox#1032, DeepSpeed#1835).',
      partUnknown:
        "bf16, ZeRO stage >= 1 and pipeline parallelism (`pipe_parallel_size >= 1`) together need `data_types: {grad_accum_dtype: fp32}`. This file has the rest of that combination, but {{unknown}} is not set in it: if another config file of the run sets it that way, NeoX only logs a warning and DeepSpeed's pipeline engine breaks the run. Add `data_types: {grad_accum_dtype: fp32}` to be safe (gpt-neox#1032, DeepSpeed#1835).",
      accumUnknown:
        'bf16 with ZeRO stage {{stage}} and pipeline parallelism (`pipe_parallel_size: {{pp}}`) needs fp32 gradient accumulation, and `data_types` is not set in this file. Unless another config file of the run sets `data_types: {grad_accum_dtype: fp32}`, NeoX only logs "pp>0, zero1, and bf16 will break without fp32 grads" and DeepSpeed\'s pipeline engine breaks the run. Add `data_types: {grad_accum_dtype: fp32}` here (gpt-neox#1032, DeepSpeed#1835).',
    },
    options: z.object({}).strict(),
  },
  (ctx) => {
    for (const set of ctx.head.configSets) {
      const { precision, zeroStage, pipeParallelSize: pp, gradAccumDtype: accum } = set.effective;
      // Each condition: true, false, or unknown (undefined), with where it is written.
      const conditions: Array<{
        name: string;
        holds: boolean | undefined;
        at?: Span;
        label: string;
        /** The top-level keys the condition is read from. */
        keys: string[];
      }> = [
        {
          name: "the precision",
          keys: ["precision", "fp16", "bf16"],
          holds: precision.state === "unknown" ? undefined : precision.value === "bfloat16",
          at: precision.state === "set" ? precision.at : undefined,
          label: "bf16 enabled here",
        },
        {
          name: "the ZeRO stage",
          keys: ["zero_optimization"],
          holds: zeroStage.state === "unknown" ? undefined : zeroStage.value >= 1,
          at: zeroStage.state === "set" ? zeroStage.at : undefined,
          label: "ZeRO stage set here",
        },
        {
          name: "`pipe_parallel_size`",
          keys: ["pipe_parallel_size"],
          holds: pp.state === "unknown" ? undefined : pp.value >= 1,
          at: pp.state === "set" ? pp.at : undefined,
          label: "pipeline parallelism set here",
        },
        {
          name: "`data_types.grad_accum_dtype`",
          keys: ["data_types"],
          holds: accum.state === "unknown" ? undefined : accum.value === null || !FP32_NAMES.has(accum.value),
          at: accum.state === "set" ? accum.at : undefined,
          label: "gradient accumulation dtype set here",
        },
      ];
      if (conditions.some((c) => c.holds === false)) continue;
      const unknown = conditions.filter((c) => c.holds === undefined);
      // Unknown although written (a conflict, an odd value): other rules say why; this one cannot judge.
      if (unknown.some((c) => c.keys.some((k) => Object.hasOwn(set.keys, k)))) continue;
      // Two or more parts from elsewhere is too speculative to be worth a warning.
      if (unknown.length > 1) continue;
      const related: RelatedLocation[] = conditions.flatMap((c) =>
        c.at === undefined ? [] : [{ label: c.label, location: c.at }],
      );
      const location = accum.state === "set" ? accum.at : related[0]?.location;
      if (location === undefined) continue;
      const edits: TextEdit[] = [];
      const written = accum.state === "set" ? lookup(set, "data_types.grad_accum_dtype")?.node : undefined;
      if (written?.kind === "scalar" && written.type === "str") {
        const quote = written.raw.startsWith('"') ? '"' : written.raw.startsWith("'") ? "'" : "";
        edits.push({ span: written.span, replacement: `${quote}fp32${quote}` });
      }
      const fix = {
        description: "Set `data_types: {grad_accum_dtype: fp32}` (a top-level `data_types` dict).",
        edits,
      };
      const base = {
        location,
        related: related.filter((r) => r.location !== location),
        fix,
        key: "data_types.grad_accum_dtype",
      };
      const missing = unknown[0];
      const stage = zeroStage.state === "unknown" ? "?" : zeroStage.value;
      const ppValue = pp.state === "unknown" ? "?" : pp.value;
      if (missing === undefined) {
        ctx.report({
          ...base,
          messageId: "missingFp32Accum",
          data: {
            stage,
            pp: ppValue,
            accum:
              accum.state === "set"
                ? `\`data_types.grad_accum_dtype\` is ${JSON.stringify(accum.value)}`
                : "`data_types.grad_accum_dtype` is not set",
          },
        });
        continue;
      }
      const certainty: Certainty = {
        level: "unknown",
        detail: `${missing.name} is not set in this file; another config file of the run may set it`,
      };
      ctx.report({
        ...base,
        ...(accum.state === "unknown"
          ? { messageId: "accumUnknown", data: { stage, pp: ppValue } }
          : { messageId: "partUnknown", data: { unknown: missing.name } }),
        severity: "warning",
        certainty,
      });
    }
  },
);
