import { defineRule } from "../engine/define-rule.js";
import { asNumber, topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";
import { GATED_ACTIVATIONS, mlpWidth, writtenInt } from "./support/model-size.js";

/**
 * NXC227 (heuristic): the MLP width a Llama-style config gets on a NeoX that sizes MLPs from
 * `intermediate_size` (gpt-neox#1276 removed `mlp_type: llama`, which derived it): without the key, a
 * gated MLP gets 4h·2/3/2 = 4h/3 instead of Llama's 8h/3; and a Hugging Face `intermediate_size` copied
 * as is gives a third of the width NeoX's convention expects (gpt-neox#1309 fixed both in its configs).
 */
export const gatedMlpWidthRule = defineRule(
  {
    id: "NXC227",
    name: "gated-mlp-width",
    severity: "warning",
    description:
      "Heuristic: a Llama-style (gated activation, rmsnorm) config whose MLP width this NeoX computes to far less than intended.",
    messages: {
      missing:
        "Heuristic: this Llama-style config (`activation: {{activation}}`, `norm: rmsnorm`) sets no `intermediate_size`. This NeoX no longer has `mlp_type: llama`; it sizes a gated MLP from 4 x hidden_size, as int(4·h·2/3) // 2 rounded up to `mlp_multiple_of` ({{multiple}}): {{width}} wide for hidden_size {{hidden}}, about {{times}} x hidden_size, where Llama-style models use about 8/3 x hidden_size ({{llama}}). The model silently trains with a narrower MLP and fewer parameters. Set `intermediate_size: {{suggested}}` (NeoX's convention for gated MLPs: three times the width, here giving {{llama}}), as gpt-neox#1309 did for its Llama configs.",
      hfValue:
        "Heuristic: `intermediate_size: {{value}}` with a gated activation gives an MLP only {{width}} wide (NeoX computes int(intermediate_size·2/3) // 2, rounded up to `mlp_multiple_of` {{multiple}}), about {{times}} x hidden_size {{hidden}}. That looks like the Hugging Face `intermediate_size` (the width itself); NeoX's key for gated MLPs is three times the width. If you meant a {{value}}-wide MLP, write `intermediate_size: {{suggested}}` (gpt-neox#1309 changed Llama 2 70B from 28672 to 86016).",
    },
  },
  (ctx) => {
    const args = ctx.head.neoxArgs.args;
    // Only a NeoX that reads `intermediate_size` and no longer derives Llama widths from `mlp_type`.
    if (!Object.hasOwn(args, "intermediate_size") || Object.hasOwn(args, "mlp_type")) return;
    for (const set of ctx.head.configSets) {
      const activation = topLevel(set, "activation", "gelu");
      if (activation.state !== "set" || typeof activation.value !== "string") continue;
      const act = activation.value.toLowerCase();
      if (!GATED_ACTIVATIONS.has(act)) continue;
      const norm = topLevel(set, "norm", "layernorm");
      if (norm.state !== "set" || String(norm.value).toLowerCase() !== "rmsnorm") continue;
      const hidden = writtenInt(set, "hidden_size");
      if (hidden === null || hidden.value <= 0) continue;
      const h = hidden.value;
      const multipleOf = writtenInt(set, "mlp_multiple_of")?.value ?? 1;
      const intermediate = topLevel(set, "intermediate_size", null);
      const expansion = topLevel(set, "expansion_factor", null);
      if (intermediate.state === "unknown" || expansion.state === "unknown") continue;
      if (expansion.state === "set" && asNumber(expansion.value) !== null) continue;
      const llama = mlpWidth(h, { intermediate: 8 * h, expansion: null, gated: true, multipleOf });
      if (intermediate.state === "default") {
        const width = mlpWidth(h, { intermediate: null, expansion: null, gated: true, multipleOf });
        ctx.report({
          messageId: "missing",
          data: {
            activation: activation.value,
            multiple: multipleOf,
            width,
            hidden: h,
            times: (width / h).toFixed(2),
            llama,
            suggested: 8 * h,
          },
          location: activation.entry.node.span,
          related: [{ label: "hidden_size here", location: hidden.at }],
          certainty: { level: "inferred", detail: "a heuristic: a Llama-style MLP is assumed to be wanted" },
          key: setKey(set, "intermediate_size:missing"),
        });
        continue;
      }
      const value = asNumber(intermediate.value);
      if (value === null || !Number.isInteger(value) || value <= 0) continue;
      const width = mlpWidth(h, { intermediate: value, expansion: null, gated: true, multipleOf });
      // Widths between 2h and 4h are what Hugging Face configs hold; NeoX then gets under 1.5h.
      if (!(width < 1.5 * h && value >= 2 * h && value <= 4 * h)) continue;
      ctx.report({
        messageId: "hfValue",
        data: {
          value,
          width,
          multiple: multipleOf,
          times: (width / h).toFixed(2),
          hidden: h,
          suggested: 3 * value,
        },
        location: intermediate.entry.node.span,
        related: [{ label: "hidden_size here", location: hidden.at }],
        certainty: { level: "inferred", detail: "a heuristic: the value is read as a Hugging Face width" },
        key: setKey(set, "intermediate_size:hf"),
      });
    }
  },
);
