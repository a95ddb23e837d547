import { defineRule } from "../engine/define-rule.js";

/** DeepSpeed's deprecated ZeRO keys and what replaces each (deepspeed/runtime/zero/config.py@v0.12.6). */
const REPLACEMENTS: ReadonlyMap<string, { instead: string; whenTrue: string }> = new Map([
  ["cpu_offload", { instead: "offload_optimizer", whenTrue: '`"offload_optimizer": {"device": "cpu"}`' }],
  ["cpu_offload_params", { instead: "offload_param", whenTrue: '`"offload_param": {"device": "cpu"}`' }],
  [
    "cpu_offload_use_pin_memory",
    {
      instead: "offload_optimizer.pin_memory / offload_param.pin_memory",
      whenTrue: '`"pin_memory": true` inside `offload_optimizer` (and `offload_param`)',
    },
  ],
]);

/**
 * NXC219: deprecated DeepSpeed keys inside `zero_optimization` (knowledge/pitfalls.md item 30). DeepSpeed
 * still maps them onto their replacements with a deprecation warning; the finding is for hygiene, and to
 * keep the offload settings in the form current DeepSpeed documents.
 */
export const deprecatedZeroKeysRule = defineRule(
  {
    id: "NXC219",
    name: "deprecated-zero-keys",
    severity: "info",
    description: "Deprecated `cpu_offload*` keys inside `zero_optimization`.",
    messages: {
      deprecated:
        "`zero_optimization.{{key}}` is deprecated in DeepSpeed in favour of `{{instead}}`; DeepSpeed still translates it, with a deprecation warning. {{advice}}",
    },
  },
  (ctx) => {
    for (const file of ctx.head.configs) {
      const zero = file.keys.zero_optimization?.node;
      if (zero?.kind !== "map") continue;
      const seen = new Set<string>();
      for (const entry of zero.entries) {
        const replacement = REPLACEMENTS.get(entry.key);
        if (replacement === undefined || seen.has(entry.key)) continue;
        seen.add(entry.key);
        const off = entry.node.value === false;
        ctx.report({
          messageId: "deprecated",
          data: {
            key: entry.key,
            instead: replacement.instead,
            advice: off
              ? "It is `false` here, which is the default: remove it."
              : `Write ${replacement.whenTrue} instead.`,
          },
          location: entry.keySpan,
          key: `zero_optimization.${entry.key}`,
        });
      }
    }
  },
);
