import type { JsonValue } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { pyEquals, show } from "./support/config-values.js";

/**
 * A key inside `deepspeed_extra_args` that is also a NeoX argument set at top level to a non-default value:
 * NeoX raises ValueError when it builds the DeepSpeed config (pitfalls.md item 11, gpt-neox#819).
 */
export const deepspeedExtraArgsShadowingRule = defineRule(
  {
    id: "NXC209",
    name: "deepspeed-extra-args-shadowing",
    severity: "error",
    description: "A key in `deepspeed_extra_args` that is also set at top level to a non-default value.",
    messages: {
      shadowed:
        '`{{key}}` is set both inside `deepspeed_extra_args` and at top level (`{{spelling}}: {{value}}`, not NeoX\'s default): NeoX raises ValueError ("Key {{key}} is already specified elsewhere") while building the DeepSpeed config, so the run never starts. Set it in one place only: remove it from `deepspeed_extra_args`, or remove the top-level key (gpt-neox#819).',
    },
  },
  (ctx) => {
    const args = ctx.head.neoxArgs.args;
    for (const set of ctx.head.configSets) {
      const extra = set.keys.deepspeed_extra_args;
      if (extra === undefined || extra.node.kind !== "map") continue;
      // A key written twice: PyYAML keeps the last, so report that one only (one pass: maps can be huge).
      const last = new Map(extra.node.entries.map((entry) => [entry.key, entry]));
      for (const entry of extra.node.entries) {
        if (last.get(entry.key) !== entry) continue;
        // Own properties only: a hostile key such as `constructor` must not find Object.prototype's.
        const top = Object.hasOwn(set.keys, entry.key) ? set.keys[entry.key] : undefined;
        const arg = Object.hasOwn(args, entry.key) ? args[entry.key] : undefined;
        if (top === undefined || arg === undefined || entry.key === "deepspeed_extra_args") continue;
        if (pyEquals(top.node.value, toJson(arg.default))) continue;
        ctx.report({
          messageId: "shadowed",
          data: { key: entry.key, spelling: top.spelling, value: show(top.node.value) },
          location: entry.keySpan,
          related: [{ label: "also set at top level here", location: top.keySpan }],
          fix: {
            description: `Remove \`${entry.key}\` from \`deepspeed_extra_args\` or from the top level.`,
            edits: [],
          },
          key: `deepspeed_extra_args.${entry.key}`,
        });
      }
    }
  },
);

/** A NeoX default (literal-evaluated from Python) as a config value; anything unexpected compares unequal. */
function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return String(value);
}
