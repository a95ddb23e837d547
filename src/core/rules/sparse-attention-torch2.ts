import { defineRule } from "../engine/define-rule.js";
import type { RelatedLocation } from "../model/index.js";
import { attentionTypes } from "./support/config-values.js";
import { packageVerdicts } from "./support/package-version.js";
import { aggregate, reportedVerdicts } from "./support/verdict.js";

/** DeepSpeed sparse attention is torch 1.x only. */
const ADVISORY = "NXA-2026-0007";

/** The attention types GPT-NeoX routes to DeepSpeed's sparse attention (megatron/model/utils.py). */
const SPARSE_TYPES: ReadonlySet<string> = new Set([
  "sparse_fixed",
  "sparse_variable",
  "local",
  "bigbird",
  "bslongformer",
]);

/** NXC106: DeepSpeed sparse attention types with torch >= 2.0 (advisory NXA-2026-0007). */
export const sparseAttentionTorch2Rule = defineRule(
  {
    id: "NXC106",
    name: "sparse-attention-torch2",
    severity: "warning",
    description:
      "DeepSpeed sparse attention types in `attention_config` with torch 2.0 or later, which DeepSpeed's sparse_attn op does not support.",
    messages: {
      affected:
        "`{{type}}` attention runs on DeepSpeed's sparse attention, which only supports torch 1.x, but {{torch}} ({{why}}): the op is reported incompatible and these layers cannot run (gpt-neox#863). Use `global` or `flash` attention, or keep `torch<2.0` for this run.",
      unknown:
        "`{{type}}` attention runs on DeepSpeed's sparse attention, which only supports torch 1.x (gpt-neox#863); with torch 2.0 or later these layers cannot run. Not established: {{unknown}}. Use `global` or `flash` attention, or pin `torch<2.0` for this run.",
    },
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const affected = advisory.affected.find((a) => a.package.name.toLowerCase() === "torch");
    if (!affected) return;
    // A range that allows torch 1.x and 2.x (`torch>=1.13`) does not establish torch 2: unknown, as for a
    // bare `torch` (an environment that already has torch 1.x keeps it).
    const result = aggregate(
      packageVerdicts(ctx, "torch", affected.ranges, { whenSome: "unknown", assumeKey: "torch" }),
    );
    if (result.status === "quiet") return;
    for (const set of ctx.head.configSets) {
      const sparse = attentionTypes(set).find((t) => SPARSE_TYPES.has(t.type));
      if (!sparse) continue;
      for (const v of reportedVerdicts(result)) {
        const related: RelatedLocation[] = v.pin
          ? [{ label: "torch allowed here", location: v.pin.span }]
          : [];
        const common = {
          location: sparse.span,
          advisory: advisory.id,
          related,
          fix: { description: advisory.fix.description, edits: [] },
          key: `attention_config|pkg:torch|${v.pin?.path ?? (v.assumed ? "assume.torch" : "none")}`,
        };
        if (v.status === "affected") {
          ctx.report({
            ...common,
            messageId: "affected",
            data: { type: sparse.type, torch: v.subject, why: v.detail },
            certainty: { level: "certain" },
          });
        } else {
          const unknown = `which torch is installed (${v.subject}: ${v.detail})`;
          ctx.report({
            ...common,
            messageId: "unknown",
            data: { type: sparse.type, unknown },
            // The rule is a warning when established; a guess is one step lower.
            severity: "info",
            certainty: { level: "unknown", detail: unknown },
          });
        }
      }
    }
  },
);
