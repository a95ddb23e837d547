import type { RelatedLocation } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { asNumber, knownNumber, nested, setStart, topLevel } from "./support/config-values.js";

/** NeoX's learning rate when the optimizer dict does not give one (`OPT_PARAMS_DEFAULTS`, arguments.py). */
const DEFAULT_LR = 0.001;

/** Learning-rate schedule keys that NeoX rejects or that silently distort the schedule (pitfalls.md item 6). */
export const lrScheduleRule = defineRule(
  {
    id: "NXC205",
    name: "lr-schedule",
    severity: "error",
    description:
      "warmup above 1, lr_decay_iters beyond train_iters, min_lr above lr, and train_iters/train_epochs both or neither set.",
    messages: {
      warmupFraction:
        "`warmup: {{value}}` is a fraction of training (0.01 = warm up over 1% of the iterations), so this warm-up lasts {{value}} times the whole run: the learning rate is still ramping up at the last step and never gets above 1/{{value}} of its peak. {{suggestion}}",
      decayBeyondTrain:
        "`lr_decay_iters: {{decay}}` is beyond `train_iters: {{train}}`: training stops {{pct}}% of the way through the decay, so the learning rate never gets down to `min_lr` and the run ends at a higher learning rate than planned. One of the two is wrong, and only you know which: if the run should be {{train}} iterations long, set `lr_decay_iters` to at most {{train}} (left unset, NeoX uses `train_iters`); if it should be {{decay}} iterations long{{dropped}}, set `train_iters: {{decay}}`.",
      minLrAboveLr:
        '`min_lr: {{minLr}}` is above the learning rate {{lr}} ({{lrSource}}): NeoX refuses to start ("min_lr must be smaller or equal lr"). Lower `min_lr` (commonly a tenth of the learning rate) or raise `optimizer.params.lr`.',
      epochsAndIters:
        "`train_epochs` and `train_iters` are both set: NeoX takes only one of them and stops at start. Remove one: `train_iters` counts optimizer steps, `train_epochs` passes over the data.",
      noLength:
        "Neither `train_iters` nor `train_epochs` is set for this run: NeoX needs one of them to know how long to train (and to size the warm-up and decay), and stops at start. Add `train_iters: <steps>`.",
    },
  },
  eachConfigSet((set, ctx) => {
    const trainIters = topLevel(set, "train_iters", null);
    const trainEpochs = topLevel(set, "train_epochs", null);
    const iters = knownNumber(trainIters);

    const warmup = topLevel(set, "warmup", 0.01);
    const warmupValue = warmup.state === "set" ? asNumber(warmup.value) : null;
    if (warmup.state === "set" && warmupValue !== null && warmupValue > 1) {
      const suggestion =
        iters !== null && iters > 0 && warmupValue < iters
          ? `If you meant ${warmupValue} iterations, write \`warmup: ${roundFraction(warmupValue / iters)}\` (${warmupValue} of ${iters} iterations).`
          : "If you meant a number of iterations, write it as a fraction of `train_iters`.";
      ctx.report({
        messageId: "warmupFraction",
        data: { value: warmupValue, suggestion },
        location: warmup.entry.node.span,
        severity: "warning",
        fix: { description: suggestion, edits: [] },
        key: "warmup",
      });
    }

    const decay = topLevel(set, "lr_decay_iters", null);
    const decayValue = decay.state === "set" ? asNumber(decay.value) : null;
    // `lr_decay_fraction` overrides `lr_decay_iters`; a constant schedule never decays.
    const fraction = topLevel(set, "lr_decay_fraction", null);
    const style = topLevel(set, "lr_decay_style", "linear");
    const decays =
      style.state === "unknown" ||
      typeof style.value !== "string" ||
      style.value.toLowerCase() !== "constant";
    if (
      decay.state === "set" &&
      decayValue !== null &&
      iters !== null &&
      iters > 0 &&
      decayValue > iters &&
      fraction.state !== "set" &&
      decays
    ) {
      ctx.report({
        messageId: "decayBeyondTrain",
        data: {
          decay: decayValue,
          train: iters,
          pct: Math.round((iters / decayValue) * 100),
          dropped: droppedZeros(iters, decayValue),
        },
        location: decay.entry.node.span,
        related:
          trainIters.state === "set"
            ? [{ label: "train_iters set here", location: trainIters.entry.node.span }]
            : [],
        severity: "warning",
        fix: {
          description: `Either set \`lr_decay_iters\` to at most ${iters} (or remove it), or set \`train_iters: ${decayValue}\` if the run should be that long.`,
          edits: [],
        },
        key: "lr_decay_iters",
      });
    }

    const minLr = topLevel(set, "min_lr", 0);
    const minLrValue = minLr.state === "set" ? asNumber(minLr.value) : null;
    const lr = nested(set, ["optimizer", "params", "lr"], DEFAULT_LR);
    const lrValue = knownNumber(lr);
    if (minLr.state === "set" && minLrValue !== null && lrValue !== null && minLrValue > lrValue) {
      const related: RelatedLocation[] =
        lr.state === "set" ? [{ label: "learning rate set here", location: lr.entry.node.span }] : [];
      ctx.report({
        messageId: "minLrAboveLr",
        data: {
          minLr: minLrValue,
          lr: lrValue,
          lrSource:
            lr.state === "set"
              ? "`optimizer.params.lr`"
              : "NeoX's default, as no `optimizer.params.lr` is set",
        },
        location: minLr.entry.node.span,
        related,
        fix: { description: "Make `min_lr` smaller than or equal to `optimizer.params.lr`.", edits: [] },
        key: "min_lr",
      });
    }

    if (trainIters.state === "set" && trainEpochs.state === "set") {
      ctx.report({
        messageId: "epochsAndIters",
        location: trainEpochs.entry.node.span,
        related: [{ label: "train_iters set here", location: trainIters.entry.node.span }],
        fix: { description: "Remove `train_epochs` or `train_iters`.", edits: [] },
        key: "train_epochs+train_iters",
      });
    } else if (trainIters.state === "default" && trainEpochs.state === "default") {
      const at = setStart(set);
      if (at !== null)
        ctx.report({
          messageId: "noLength",
          location: at,
          fix: { description: "Add `train_iters`.", edits: [] },
          key: "train_iters:missing",
        });
    }
  }),
);

/** ` (\`train_iters\` looks like it lost a zero)` when the two differ by a power of ten, else nothing. */
function droppedZeros(train: number, decay: number): string {
  const ratio = decay / train;
  for (const [factor, words] of [
    [10, "lost a zero"],
    [100, "lost two zeros"],
    [1000, "lost three zeros"],
  ] as const) {
    if (ratio === factor) return ` (\`train_iters\` looks like it ${words})`;
  }
  return "";
}

/** A fraction short enough to read (`0.00625`), without float noise. */
function roundFraction(x: number): string {
  return String(Number(x.toPrecision(3)));
}
