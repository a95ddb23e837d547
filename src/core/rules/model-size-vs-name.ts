import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { attentionTypes, topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";
import {
  estimateParams,
  formatParams,
  looksLikeScratch,
  namedSizes,
  writtenInt,
} from "./support/model-size.js";

/** How far apart the named and the computed size may be before it looks like a mistake. */
const FACTOR = 2.5;

/**
 * NXC226 (heuristic): a config whose file name says a model size (`410M.yml`) while its shape computes to
 * a size far from it (12 layers x 512 hidden is about 63M). Copying a small config and renaming it, or a
 * dropped digit in `hidden_size`, trains a model of the wrong size for the whole run.
 */
export const modelSizeVsNameRule = defineRule(
  {
    id: "NXC226",
    name: "model-size-vs-name",
    severity: "warning",
    description:
      "Heuristic: a config named for a model size (`410M`) whose shape computes to a size far from it.",
    messages: {
      mismatch:
        "Heuristic: this config is named `{{named}}`, but its shape computes to about {{computed}} parameters ({{ratio}} the name; {{nonEmbedding}} without the embedding), by {{formula}}. A config copied from another size and renamed, or a mistyped `num_layers`/`hidden_size`, trains a model of the wrong size for the whole run. Check `num_layers` and `hidden_size` against the size you meant, or rename the file; if the name is deliberate, say so with `# neox-check: ignore NXC226 -- <why>`.",
    },
  },
  eachConfigSet((set, ctx) => {
    const layers = writtenInt(set, "num_layers");
    if (layers === null) return;
    // Mixture-of-experts, Mamba and RWKV models do not follow the dense formula.
    if (
      set.keys.operator_config !== undefined ||
      (writtenInt(set, "moe_num_experts")?.value ?? 1) > 1 ||
      (writtenInt(set, "num_experts")?.value ?? 1) > 1 ||
      attentionTypes(set).some((t) => t.type === "mamba" || t.type === "rwkv")
    )
      return;
    const file = layers.at.path;
    if (looksLikeScratch(file)) return; // test configs shrink real models on purpose
    const names = namedSizes(file);
    if (names.length !== 1) return; // no size, or several (`1b_from_7b`): nothing to compare with certainty
    const [named] = names;
    if (named === undefined) return;
    const estimate = estimateParams(set);
    if (estimate === null) return;
    const ratio = estimate.params / named.params;
    const near = (n: number): boolean => n / named.params < FACTOR && n / named.params > 1 / FACTOR;
    // Names count either every parameter or those outside the embedding; either reading may be meant.
    if (near(estimate.params) || near(estimate.nonEmbedding)) return;
    const hidden = topLevel(set, "hidden_size", null);
    ctx.report({
      messageId: "mismatch",
      data: {
        named: named.text,
        computed: formatParams(estimate.params),
        nonEmbedding: formatParams(estimate.nonEmbedding),
        ratio: ratio >= 1 ? `${ratio.toFixed(1)} times` : `1/${(1 / ratio).toFixed(1)} of`,
        formula: estimate.formula,
      },
      location: layers.at,
      related:
        hidden.state === "set" ? [{ label: "hidden_size here", location: hidden.entry.node.span }] : [],
      certainty: {
        level: "inferred",
        detail: "a heuristic: the file name is compared with the size the shape computes to",
      },
      key: setKey(set, "num_layers:size-vs-name"),
    });
  }),
);
