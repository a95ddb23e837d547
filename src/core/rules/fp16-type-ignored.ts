import { defineRule } from "../engine/define-rule.js";
import { getEntry, pythonTruthy } from "../parse/config-path.js";
import { topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";

/**
 * Fields that upstream GPT-NeoX added after gpt-neox#787 (2023-05-16), which stopped reading
 * `fp16.type`: a repository's NeoX that declares one of them derives precision the new way.
 */
const AFTER_787 = [
  "label_data_paths",
  "train_label_data_paths",
  "num_kv_heads",
  "intermediate_size",
  "train_impl",
];

const BF16_NAMES: ReadonlySet<string> = new Set(["bfloat16", "bf16"]);

/** Which precision rule the NeoX of this repository follows: `new` ignores `fp16.type`. */
function neoxEra(args: Record<string, unknown>, source: "repository" | "shipped"): "new" | "old" | "unknown" {
  if (source === "shipped") return "unknown";
  return AFTER_787.some((k) => Object.hasOwn(args, k)) ? "new" : "old";
}

/**
 * NXC225: `fp16: {enabled: true, type: bfloat16}`, the way GPT-NeoX configs asked for bf16 until
 * gpt-neox#787. NeoX since then derives precision from `fp16.enabled` and `bf16.enabled` only, and
 * `type` is not a DeepSpeed fp16 option: the run trains in fp16 with loss scaling (or in fp32 without
 * `enabled`) while its author believes it is bf16 (gpt-neox#939, fixed in its configs by #941).
 */
export const fp16TypeIgnoredRule = defineRule(
  {
    id: "NXC225",
    name: "fp16-type-ignored",
    severity: "error",
    description:
      "`fp16: {type: bfloat16}` (the pre-2023 way to ask for bf16), which NeoX now ignores: the run trains in fp16 or fp32.",
    messages: {
      fp16: "`fp16.type: {{type}}` asks for bf16 the way NeoX configs did before gpt-neox#787, but this NeoX ignores `type` (it is not a DeepSpeed fp16 option either) and reads `fp16.enabled: true`: the run trains in fp16 with dynamic loss scaling, not in bf16 (gpt-neox#939). fp16 has a far narrower range than bf16, so a model meant for bf16 can overflow and skip steps. Replace the block with `bf16: {enabled: true}` (or `precision: bfloat16`) and drop `type`; if fp16 is meant (a reproduction of a model trained in fp16, as Pythia was), drop `type` to say so.",
      fp32: "`fp16.type: {{type}}` asks for bf16 the way NeoX configs did before gpt-neox#787, but this NeoX ignores `type`, and `fp16` is not enabled: with no other precision set the run trains in fp32, about twice the memory and several times slower than bf16 (gpt-neox#939). Replace the block with `bf16: {enabled: true}` (or `precision: bfloat16`).",
      unknownNeox:
        "`fp16.type: {{type}}` asks for bf16 the way NeoX configs did before gpt-neox#787 (May 2023). A NeoX from after that change ignores `type` and {{outcome}} (gpt-neox#939); an older NeoX with DeeperSpeed honours it. Not established: which NeoX runs this config (no `megatron/neox_arguments` in this repository). On a current NeoX, write `bf16: {enabled: true}` (or `precision: bfloat16`) instead.",
    },
  },
  (ctx) => {
    const era = neoxEra(ctx.head.neoxArgs.args, ctx.head.neoxArgs.source);
    if (era === "old") return;
    for (const set of ctx.head.configSets) {
      const fp16 = topLevel(set, "fp16", null);
      if (fp16.state !== "set" || fp16.entry.node.kind !== "map") continue;
      const type = getEntry(fp16.entry.node, "type");
      if (type === undefined || typeof type.node.value !== "string") continue;
      if (!BF16_NAMES.has(type.node.value.toLowerCase())) continue;
      const enabled = getEntry(fp16.entry.node, "enabled");
      const on = enabled !== undefined && pythonTruthy(enabled.node.value);
      // With `precision` or a `bf16` block written, they decide (NXC203 judges a conflict); `type` is dead text.
      const precision = topLevel(set, "precision", null);
      const bf16 = topLevel(set, "bf16", null);
      if (precision.state === "set" || bf16.state === "set") continue;
      // Not enabled in a fragment: another file of the run may set the precision.
      if (!on && (precision.state === "unknown" || bf16.state === "unknown")) continue;
      const data = { type: type.node.value };
      if (era === "unknown") {
        ctx.report({
          messageId: "unknownNeox",
          data: {
            ...data,
            outcome: on
              ? "trains in fp16 with loss scaling, because `fp16.enabled` is true"
              : "trains in fp32, because nothing enables a 16-bit precision",
          },
          location: type.node.span,
          severity: "warning",
          certainty: { level: "unknown", detail: "which GPT-NeoX runs this config" },
          key: setKey(set, "fp16.type"),
        });
        continue;
      }
      ctx.report({
        messageId: on ? "fp16" : "fp32",
        data,
        // fp16 instead of bf16 runs, and may be what a reproduction wants (Pythia trained in fp16 from
        // configs that say `type: bfloat16`): a warning. fp32 where bf16 was meant is never wanted.
        ...(on ? { severity: "warning" as const } : {}),
        location: type.node.span,
        ...(enabled ? { related: [{ label: "fp16 enabled here", location: enabled.node.span }] } : {}),
        key: setKey(set, "fp16.type"),
      });
    }
  },
);
