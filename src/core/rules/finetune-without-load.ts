import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { writtenTrue } from "./support/config-values.js";
import { elsewhere, setKey, surelyAbsent } from "./support/launch-keys.js";

/**
 * NXC220: `finetune: true` in a run that loads no checkpoint. NeoX loads weights only when `load` is set
 * (megatron/training.py `setup_model_and_optimizer`); without it, `finetune` has nothing to act on and the
 * "finetuning" run trains from random initialisation without a word.
 */
export const finetuneWithoutLoadRule = defineRule(
  {
    id: "NXC220",
    name: "finetune-without-load",
    severity: "error",
    description:
      "`finetune: true` in a run that sets no `load` checkpoint, so it trains from random weights.",
    messages: {
      noLoad:
        "`finetune: true`, but this run loads no checkpoint ({{why}}): NeoX only loads weights from `load`, so this run starts from random weights and trains a new model from scratch while everyone expects a finetune. Set `load` to the pretrained checkpoint directory.",
      noLoadElsewhere:
        '`finetune: true`, but this config sets no `load`: unless another file passed with it sets `load`, NeoX loads no weights and the "finetune" trains from random initialisation. Set `load` to the pretrained checkpoint directory here, or make sure the setup file of the run does.',
    },
  },
  eachConfigSet((set, ctx) => {
    const finetune = set.effective.finetune;
    if (!writtenTrue(finetune)) return;
    const entry = set.keys.load;
    const value = entry?.node.value;
    if (typeof value === "string" && value.trim() !== "") return;
    // Any other type is NXC224's to report.
    if (value !== undefined && value !== null && typeof value !== "string") return;
    const key = setKey(set, "finetune+load");
    if (entry !== undefined) {
      ctx.report({
        messageId: "noLoad",
        data: { why: value === null ? "`load` is `null`" : "`load` is empty" },
        location: finetune.at,
        related: [{ label: "load set here", location: entry.node.span }],
        key,
      });
      return;
    }
    if (surelyAbsent(set, "load")) {
      ctx.report({
        messageId: "noLoad",
        data: { why: "no file of the config set sets `load`" },
        location: finetune.at,
        key,
      });
      return;
    }
    ctx.report({
      messageId: "noLoadElsewhere",
      location: finetune.at,
      severity: "warning",
      certainty: { level: "unknown", detail: elsewhere(set, "`load`") },
      key,
    });
  }),
);
