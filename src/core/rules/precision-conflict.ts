import type { ConfigSet, Span } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { nested, topLevel } from "./support/config-values.js";

/** What `precision` must be for each DeepSpeed precision block that is enabled. */
const PRECISION_OF = { fp16: "fp16", bf16: "bfloat16" } as const;

/**
 * fp16 and bf16 both enabled, or `precision` disagreeing with the block that is enabled
 * (pitfalls.md item 4): DeepSpeed or NeoX asserts at start.
 */
export const precisionConflictRule = defineRule(
  {
    id: "NXC203",
    name: "precision-conflict",
    severity: "error",
    description:
      "`fp16.enabled` and `bf16.enabled` both true, or `precision` disagreeing with the one enabled.",
    messages: {
      bothEnabled:
        'fp16 and bf16 are both enabled: DeepSpeed asserts "bfloat16 and fp16 modes cannot be simultaneously enabled", so the run stops at start and trains nothing. Keep one: set `enabled: false` in the block you do not want, or remove that block.',
      precisionMismatch:
        '`precision: {{precision}}` conflicts with `{{block}}.enabled: true`, which means {{implied}}: NeoX asserts at start that they agree ("DeepSpeed fp16 field was set but precision conflicts" for fp16). Make them agree: write `precision: {{implied}}` or disable the `{{block}}` block (gpt-neox#939).',
    },
  },
  eachConfigSet((set, ctx) => {
    const enabled = { fp16: enabledAt(set, "fp16"), bf16: enabledAt(set, "bf16") };
    if (enabled.fp16 && enabled.bf16) {
      ctx.report({
        messageId: "bothEnabled",
        location: enabled.bf16,
        related: [{ label: "fp16 enabled here", location: enabled.fp16 }],
        fix: { description: "Disable either the `fp16` or the `bf16` block.", edits: [] },
        key: "fp16.enabled+bf16.enabled",
      });
    }
    const precision = topLevel(set, "precision", null);
    if (precision.state !== "set" || typeof precision.value !== "string") return;
    // NeoX derives the precision with exact comparisons; another spelling (`FP16`) is not this rule's case.
    const written = precision.value;
    if (written !== "fp16" && written !== "fp32" && written !== "bfloat16") return;
    for (const block of ["fp16", "bf16"] as const) {
      const at = enabled[block];
      const implied = PRECISION_OF[block];
      if (at === null || written === implied) continue;
      ctx.report({
        messageId: "precisionMismatch",
        data: { precision: precision.value, block, implied },
        location: precision.entry.node.span,
        related: [{ label: `${block} enabled here`, location: at }],
        fix: {
          description: `Write \`precision: ${implied}\`, or disable the \`${block}\` block.`,
          edits: [],
        },
        key: `precision+${block}.enabled`,
      });
    }
  }),
);

/**
 * Where `<block>.enabled` is written on, or null. NeoX and DeepSpeed agree on booleans and on 1; a string
 * such as "true" reads differently across DeepSpeed versions, so it is not counted.
 */
function enabledAt(set: ConfigSet, block: "fp16" | "bf16"): Span | null {
  const found = nested(set, [block, "enabled"], null);
  if (found.state !== "set" || found.entry.node.kind !== "scalar") return null;
  const { type, value } = found.entry.node;
  return (type === "bool" && value === true) || (type === "int" && value === 1)
    ? found.entry.node.span
    : null;
}
