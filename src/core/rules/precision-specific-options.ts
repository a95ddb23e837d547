import type { ConfigSet, RelatedLocation } from "../model/index.js";
import type { ReportDescriptor } from "../engine/types.js";
import { defineRule } from "../engine/define-rule.js";
import { reportUnlessCheckAbsent } from "./support/neox-checks.js";
import { getEntry } from "../parse/config-path.js";
import { nested, topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";

type Report = (d: ReportDescriptor) => void;

/** The optimizers µP supports in NeoX (megatron/training.py builds MuAdam or MuSGD). */
const MUP_OPTIMIZERS: ReadonlySet<string> = new Set(["adam", "sgd"]);

function checkCrossEntropy(report: Report, set: ConfigSet): void {
  const flag = topLevel(set, "fp16_lm_cross_entropy", false);
  if (flag.state !== "set" || flag.value !== true) return;
  const precision = set.effective.precision;
  if (precision.state !== "unknown" && precision.value === "fp16") return;
  const at = flag.entry.node.span;
  if (precision.state === "unknown") {
    report({
      messageId: "crossEntropyUnknown",
      location: at,
      severity: "warning",
      certainty: {
        level: "unknown",
        detail: "the precision is not set in this file; another config file of the run may set it",
      },
      key: setKey(set, "fp16_lm_cross_entropy"),
    });
    return;
  }
  report({
    messageId: "crossEntropy",
    data: { precision: precision.value },
    location: at,
    related: precision.state === "set" ? [{ label: "precision set here", location: precision.at }] : [],
    key: setKey(set, "fp16_lm_cross_entropy"),
  });
}

function checkOptimizerType(report: Report, set: ConfigSet): void {
  const type = nested(set, ["optimizer", "type"], "Adam");
  if (type.state !== "set" || typeof type.value !== "string") return;
  const name = type.value.toLowerCase();
  const typeAt = type.entry.node.span;
  const mup = topLevel(set, "use_mup", false);
  if (mup.state === "set" && mup.value === true && !MUP_OPTIMIZERS.has(name)) {
    report({
      messageId: "mupOptimizer",
      data: { type: type.value },
      location: typeAt,
      related: [{ label: "use_mup enabled here", location: mup.entry.node.span }],
      key: setKey(set, "use_mup+optimizer.type"),
    });
  }
  if (name !== "onebitadam") return;
  const iters = topLevel(set, "train_iters", null);
  if (iters.state === "set") return;
  if (iters.state === "default") {
    report({ messageId: "oneBitAdam", location: typeAt, key: setKey(set, "optimizer.type+train_iters") });
    return;
  }
  report({
    messageId: "oneBitAdamUnknown",
    location: typeAt,
    severity: "warning",
    certainty: {
      level: "unknown",
      detail: "`train_iters` is not set in this file; another config file of the run may set it",
    },
    key: setKey(set, "optimizer.type+train_iters"),
  });
}

function checkEnabled(report: Report, set: ConfigSet): void {
  for (const block of ["fp16", "amp", "flops_profiler"] as const) {
    const entry = set.keys[block];
    if (entry === undefined || entry.node.kind !== "map" || getEntry(entry.node, "enabled") !== undefined)
      continue;
    const key = setKey(set, `${block}.enabled`);
    if (block !== "fp16") {
      report({ messageId: "noEnabled", data: { block }, location: entry.keySpan, key });
      continue;
    }
    // With `precision: fp16`, NeoX writes `enabled: true` into the fp16 block itself before checking it.
    const precision = topLevel(set, "precision", null);
    if (precision.state === "set" && precision.value === "fp16") continue;
    const related: RelatedLocation[] =
      precision.state === "set" ? [{ label: "precision set here", location: precision.entry.node.span }] : [];
    if (precision.state === "unknown") {
      report({
        messageId: "noEnabledFp16Unknown",
        location: entry.keySpan,
        severity: "warning",
        certainty: {
          level: "unknown",
          detail: "`precision` is not set in this file; another config file of the run may set it",
        },
        key,
      });
      continue;
    }
    report({ messageId: "noEnabledFp16", data: { block }, location: entry.keySpan, related, key });
  }
}

/**
 * NXC216: options that only work with a given precision or optimizer (knowledge/pitfalls.md item 25):
 * `fp16_lm_cross_entropy` without fp16, `use_mup` with an optimizer other than Adam or SGD, OneBitAdam
 * without `train_iters`, and `fp16`/`amp`/`flops_profiler` blocks without `enabled`.
 */
export const precisionSpecificOptionsRule = defineRule(
  {
    id: "NXC216",
    name: "precision-specific-options",
    severity: "error",
    description:
      "Options that need a given precision or optimizer (`fp16_lm_cross_entropy`, `use_mup`, OneBitAdam), and DeepSpeed blocks NeoX rejects without `enabled`.",
    messages: {
      crossEntropy:
        '`fp16_lm_cross_entropy: true` needs fp16 training, but this run trains in {{precision}}: NeoX raises "lm cross entropy in fp16 only support in fp16 mode" and the job stops at start. Remove `fp16_lm_cross_entropy`, or train in fp16.',
      crossEntropyUnknown:
        '`fp16_lm_cross_entropy: true` needs fp16 training; this file does not set the precision. Unless another file of the run enables fp16, NeoX raises "lm cross entropy in fp16 only support in fp16 mode" and the job stops at start.',
      mupOptimizer:
        "`use_mup: true` works only with the Adam or SGD optimizer (NeoX builds µP's MuAdam or MuSGD), but `optimizer.type` is `{{type}}`: the job fails when it builds the optimizer. Use `type: Adam` or `type: SGD`, or turn `use_mup` off.",
      oneBitAdam:
        'OneBitAdam needs `train_iters` (NeoX derives DeepSpeed\'s WarmupDecayLR schedule from it), and this run does not set it: NeoX asserts "OneBitAdam requires train_iters to be specified" and the job stops at start. Set `train_iters`.',
      oneBitAdamUnknown:
        'OneBitAdam needs `train_iters`, which this file does not set: unless another file of the run sets it, NeoX asserts "OneBitAdam requires train_iters to be specified" and the job stops at start.',
      noEnabled:
        'The `{{block}}` block has no `enabled` key: NeoX\'s type check requires it ("{{block}}: must contain key \'enabled\'") and the job stops at start. Add `"enabled": true` (or `false`).',
      noEnabledFp16:
        'The `fp16` block has no `enabled` key and the run does not set `precision: fp16`, so NeoX cannot fill it in: its type check fails ("fp16: must contain key \'enabled\'") and the job stops at start; nor would the block enable fp16. Add `"enabled": true` to train in fp16, or remove the block.',
      noEnabledFp16Unknown:
        'The `fp16` block has no `enabled` key. NeoX fills it in only when the run sets `precision: fp16`; this file does not set `precision`, and without it the type check fails ("fp16: must contain key \'enabled\'") and the job stops at start. Add `"enabled": true` (or `false`).',
    },
  },
  (ctx) => {
    const report = reportUnlessCheckAbsent(ctx, {
      oneBitAdam: "onebitadam-train-iters",
      oneBitAdamUnknown: "onebitadam-train-iters",
      crossEntropy: "fp16-lm-cross-entropy",
      crossEntropyUnknown: "fp16-lm-cross-entropy",
    });
    for (const set of ctx.head.configSets) {
      checkCrossEntropy(report, set);
      checkOptimizerType(report, set);
      checkEnabled(report, set);
    }
  },
);
