import type { RelatedLocation } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { reportUnlessCheckAbsent } from "./support/neox-checks.js";
import { pythonTruthy } from "../parse/config-path.js";
import { asInteger, topLevel, written } from "./support/config-values.js";
import { planAttention } from "./support/attention-layers.js";
import { setKey } from "./support/launch-keys.js";

/** The attention types NeoX lets grouped-query or multi-query attention use. */
const GQA_TYPES: ReadonlySet<string> = new Set(["flash", "global"]);

/**
 * NXC213: grouped-query / multi-query attention settings NeoX rejects at start (knowledge/pitfalls.md
 * item 15): `num_kv_heads` must divide `num_attention_heads`; with fewer KV heads than query heads only
 * `flash`/`global` layers, no `sparsity_config`, and `num_kv_heads` divisible by `model_parallel_size`.
 */
export const groupedQueryAttentionRule = defineRule(
  {
    id: "NXC213",
    name: "grouped-query-attention",
    severity: "error",
    description:
      "`num_kv_heads` that does not divide `num_attention_heads`, or grouped-query attention with layer types, sparsity or model parallelism NeoX rejects.",
    messages: {
      notPositive:
        "`num_kv_heads: {{kv}}` is not a positive number of key/value heads: NeoX divides by it and the run stops at start. Use a divisor of `num_attention_heads` ({{heads}}), or remove the key for ordinary multi-head attention.",
      notDivisor:
        '`num_kv_heads: {{kv}}` does not divide `num_attention_heads: {{heads}}`: NeoX asserts "num_kv_heads must evenly divide num_attention_heads and be no greater than it" and the run stops at start. Use a divisor of {{heads}} (e.g. {{suggest}}).',
      attentionType:
        'Grouped-query attention (`num_kv_heads: {{kv}}` < `num_attention_heads: {{heads}}`) only works with `flash` or `global` layers, but `attention_config` uses `{{type}}`: NeoX asserts "GQA / MQA currently only compatible with Flash or standard global/sliding window Attention" and the run stops at start. Use `flash` or `global` layers, or set `num_kv_heads` to {{heads}}.',
      sparsity:
        'Grouped-query attention (`num_kv_heads: {{kv}}` < `num_attention_heads: {{heads}}`) cannot be combined with `sparsity_config`: NeoX asserts "Sparse attention not compatible with GQA or MQA" and the run stops at start. Remove `sparsity_config`, or set `num_kv_heads` to {{heads}}.',
      modelParallel:
        '`num_kv_heads: {{kv}}` is not divisible by `model_parallel_size: {{mp}}`: NeoX splits the key/value heads across model-parallel ranks and asserts "Number of KV heads must be at least model_parallel_size for now!", so the run stops at start. Use a `model_parallel_size` that divides {{kv}}, or more KV heads.',
      modelParallelUnknown:
        "`num_kv_heads: {{kv}}` is odd, and `model_parallel_size` is not set in this file: NeoX asserts that `model_parallel_size` divides the KV heads, so any even model parallelism set by another file of the run (2, 4, 8) stops it at start. Check the value the run uses divides {{kv}}.",
    },
  },
  (ctx) => {
    const report = reportUnlessCheckAbsent(ctx, { notDivisor: "kv-heads-divide-heads" });
    for (const set of ctx.head.configSets) {
      const kvLookup = topLevel(set, "num_kv_heads", null);
      if (kvLookup.state !== "set") continue;
      const kv = asInteger(kvLookup.value);
      const headsLookup = topLevel(set, "num_attention_heads", null);
      const heads = headsLookup.state === "set" ? asInteger(headsLookup.value) : null;
      if (kv === null || heads === null || headsLookup.state !== "set") continue;
      const kvSpan = kvLookup.entry.node.span;
      const headsHere: RelatedLocation = {
        label: "num_attention_heads here",
        location: headsLookup.entry.node.span,
      };
      if (kv <= 0) {
        report({
          messageId: "notPositive",
          data: { kv, heads },
          location: kvSpan,
          related: [headsHere],
          key: setKey(set, "num_kv_heads"),
        });
        continue;
      }
      if (heads % kv !== 0) {
        const divisors = [1, 2, 4, 8, 16].filter((d) => heads % d === 0 && d <= heads);
        report({
          messageId: "notDivisor",
          data: { kv, heads, suggest: divisors.map(String).join(", ") || "1" },
          location: kvSpan,
          related: [headsHere],
          key: setKey(set, "num_kv_heads"),
        });
        continue;
      }
      if (kv >= heads) continue;
      const attention = written(set, "attention_config");
      if (attention !== undefined) {
        const plan = planAttention(attention.node, null);
        const bad = plan?.used.find((t) => !GQA_TYPES.has(t.type));
        if (bad !== undefined) {
          report({
            messageId: "attentionType",
            data: { kv, heads, type: bad.type },
            location: bad.span,
            related: [{ label: "num_kv_heads here", location: kvSpan }],
            key: setKey(set, "num_kv_heads+attention_config"),
          });
        }
      }
      const sparsity = topLevel(set, "sparsity_config", null);
      if (sparsity.state === "set" && pythonTruthy(sparsity.value)) {
        report({
          messageId: "sparsity",
          data: { kv, heads },
          location: sparsity.entry.keySpan,
          related: [{ label: "num_kv_heads here", location: kvSpan }],
          key: setKey(set, "num_kv_heads+sparsity_config"),
        });
      }
      const mp = set.effective.modelParallelSize;
      if (mp.state === "unknown") {
        if (kv % 2 === 1) {
          report({
            messageId: "modelParallelUnknown",
            data: { kv },
            location: kvSpan,
            severity: "warning",
            certainty: {
              level: "unknown",
              detail:
                "`model_parallel_size` is not set in this file; another config file of the run may set it",
            },
            key: setKey(set, "num_kv_heads+model_parallel_size"),
          });
        }
        continue;
      }
      if (mp.value > 1 && kv % mp.value !== 0) {
        report({
          messageId: "modelParallel",
          data: { kv, mp: mp.value },
          location: kvSpan,
          related: mp.state === "set" ? [{ label: "model_parallel_size here", location: mp.at }] : [],
          key: setKey(set, "num_kv_heads+model_parallel_size"),
        });
      }
    }
  },
);
