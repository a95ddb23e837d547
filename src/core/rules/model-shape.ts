import type { ConfigSet } from "../model/index.js";
import type { ReportDescriptor } from "../engine/types.js";
import { defineRule } from "../engine/define-rule.js";
import { neoxCheckState } from "./support/neox-checks.js";
import { getEntry } from "../parse/config-path.js";
import { setStart, topLevel, topLevelExact } from "./support/config-values.js";
import { writtenInt } from "./support/model-size.js";
import { planAttention } from "./support/attention-layers.js";
import { setKey } from "./support/launch-keys.js";

type Report = (d: ReportDescriptor) => void;

/** The keys NeoX's `validate_values` requires (it raises "<key> is None" otherwise). */
const REQUIRED = ["num_layers", "hidden_size", "num_attention_heads", "max_position_embeddings"] as const;

/** Whether the model has Mamba layers: `yes`, `no`, or `unknown` when `attention_config` may be in another file. */
function hasMamba(set: ConfigSet): "yes" | "no" | "unknown" {
  const attention = topLevel(set, "attention_config", null);
  if (attention.state !== "set") return attention.state === "default" ? "no" : "unknown";
  const plan = planAttention(attention.entry.node, null);
  if (plan === null) return "unknown";
  return plan.used.some((t) => t.type === "mamba") ? "yes" : "no";
}

function checkRequired(report: Report, set: ConfigSet): void {
  const present = REQUIRED.filter((k) => set.keys[k] !== undefined);
  for (const key of REQUIRED) {
    const read = topLevelExact(set, key, null);
    if (read.state === "set") {
      if (read.value === null) {
        report({
          messageId: "requiredNull",
          data: { key },
          location: read.entry.node.span,
          key: setKey(set, key),
        });
      }
      continue;
    }
    if (read.state === "unknown") continue;
    const anchor = setStart(set);
    if (anchor === null) continue;
    if (set.declared) {
      report({ messageId: "required", data: { key }, location: anchor, key: setKey(set, key) });
      continue;
    }
    // A lone config with no shape key at all is a piece of a run (training settings), not a model.
    if (present.length === 0) continue;
    report({
      messageId: "requiredElsewhere",
      data: { key },
      location: anchor,
      severity: "warning",
      certainty: {
        level: "unknown",
        detail: `\`${key}\` may be set by another config file passed with this one; declare the files of the run as a config set in .github/neox-check.yml to check this`,
      },
      key: setKey(set, key),
    });
  }
}

/**
 * The arithmetic checks of `validate_values`, each only where the repository's NeoX has it
 * (knowledge/neox-checks.yml: savanna, for one, removed the `max_position_embeddings` check).
 */
function checkArithmetic(report: Report, set: ConfigSet, has: (check: string) => boolean): void {
  const hidden = writtenInt(set, "hidden_size");
  const heads = writtenInt(set, "num_attention_heads");
  if (
    has("hidden-size-divisible-by-heads") &&
    hidden !== null &&
    heads !== null &&
    heads.value > 0 &&
    hidden.value % heads.value !== 0
  ) {
    const mamba = hasMamba(set);
    if (mamba !== "yes") {
      report({
        messageId: mamba === "no" ? "headsDivide" : "headsDivideUnknown",
        data: { hidden: hidden.value, heads: heads.value },
        location: hidden.at,
        related: [{ label: "num_attention_heads here", location: heads.at }],
        ...(mamba === "unknown"
          ? {
              severity: "warning" as const,
              certainty: {
                level: "unknown" as const,
                detail: "`attention_config` is not set in this file; NeoX skips this check for Mamba models",
              },
            }
          : {}),
        key: setKey(set, "hidden_size"),
      });
    }
  }
  const positions = writtenInt(set, "max_position_embeddings");
  const seq = writtenInt(set, "seq_length");
  if (has("max-position-embeddings") && positions !== null && seq !== null && positions.value < seq.value) {
    report({
      messageId: "positions",
      data: { positions: positions.value, seq: seq.value },
      location: positions.at,
      related: [{ label: "seq_length here", location: seq.at }],
      key: setKey(set, "max_position_embeddings"),
    });
  }
  const layers = writtenInt(set, "num_layers");
  const unique = writtenInt(set, "num_unique_layers");
  if (has("num-unique-layers") && layers !== null && unique !== null) {
    const related = [{ label: "num_layers here", location: layers.at }];
    if (unique.value > layers.value) {
      report({
        messageId: "uniqueTooMany",
        data: { unique: unique.value, layers: layers.value },
        location: unique.at,
        related,
        key: setKey(set, "num_unique_layers"),
      });
    } else if (unique.value <= 0 || layers.value % unique.value !== 0) {
      report({
        messageId: "uniqueDivide",
        data: { unique: unique.value, layers: layers.value },
        location: unique.at,
        related,
        key: setKey(set, "num_unique_layers"),
      });
    }
  }
}

function checkOptimizer(report: Report, set: ConfigSet): void {
  const optimizer = topLevelExact(set, "optimizer", null);
  if (optimizer.state === "unknown") return;
  const entry = optimizer.state === "set" ? optimizer.entry : undefined;
  if (entry === undefined || entry.node.value === null) {
    // A lone config without any shape key is a piece of a run; the optimizer may sit in the model file.
    if (entry === undefined && !set.declared && !REQUIRED.some((k) => set.keys[k] !== undefined)) return;
    const anchor = entry?.keySpan ?? setStart(set);
    if (anchor === null) return;
    const sure = entry !== undefined || set.declared;
    report({
      messageId: "defaultOptimizer",
      location: anchor,
      severity: sure ? "warning" : "info",
      ...(sure
        ? {}
        : {
            certainty: {
              level: "unknown" as const,
              detail:
                "`optimizer` may be set by another config file passed with this one; declare the files of the run as a config set in .github/neox-check.yml to check this",
            },
          }),
      key: setKey(set, "optimizer"),
    });
    return;
  }
  const params = getEntry(entry.node, "params");
  if (params === undefined || params.node.kind !== "map") return;
  const lr = getEntry(params.node, "lr");
  if (lr === undefined) {
    report({
      messageId: "defaultLr",
      location: params.keySpan,
      severity: "warning",
      key: setKey(set, "optimizer.params.lr"),
    });
  } else if (lr.node.value === null) {
    report({ messageId: "lrNone", location: lr.node.span, key: setKey(set, "optimizer.params.lr") });
  }
}

/**
 * NXC215: the model shape NeoX's `validate_values` checks (knowledge/pitfalls.md item 24): the required
 * keys, `hidden_size` divisible by `num_attention_heads` (except Mamba), `max_position_embeddings >=
 * seq_length`, `num_layers` divisible by `num_unique_layers`; and the silent default optimizer (Adam at
 * lr 0.001) when the run has no `optimizer` block or no `lr` in it.
 */
export const modelShapeRule = defineRule(
  {
    id: "NXC215",
    name: "model-shape",
    severity: "error",
    description:
      "Missing or inconsistent model-shape keys NeoX rejects at start, and the silent default optimizer (Adam, lr 0.001).",
    messages: {
      required:
        'This run has no `{{key}}`: NeoX\'s `validate_values` raises "{{key}} is None" and the job stops at start. Set `{{key}}`.',
      requiredNull:
        '`{{key}}` is `null`: NeoX\'s `validate_values` raises "{{key}} is None" and the job stops at start. Set it to a number.',
      requiredElsewhere:
        '`{{key}}` is not set in this config: unless another file passed with it sets it, NeoX\'s `validate_values` raises "{{key}} is None" and the job stops at start.',
      headsDivide:
        '`hidden_size: {{hidden}}` is not divisible by `num_attention_heads: {{heads}}`: NeoX raises "hidden_size must be divisible by num_attention_heads" and the job stops at start. Pick a head count that divides {{hidden}} (the head size is hidden_size / num_attention_heads).',
      headsDivideUnknown:
        '`hidden_size: {{hidden}}` is not divisible by `num_attention_heads: {{heads}}`: NeoX stops at start ("hidden_size must be divisible by num_attention_heads") unless the model is a Mamba model, which `attention_config` in another file of the run would have to say.',
      positions:
        '`max_position_embeddings: {{positions}}` is smaller than `seq_length: {{seq}}`: NeoX raises "max_position_embeddings must be bigger or equal seq_length" and the job stops at start. Raise `max_position_embeddings` to at least {{seq}}, or shorten `seq_length`.',
      uniqueTooMany:
        '`num_unique_layers: {{unique}}` is larger than `num_layers: {{layers}}`: NeoX raises "num-unique-layers must be smaller or equal num_layers" and the job stops at start.',
      uniqueDivide:
        '`num_layers: {{layers}}` is not divisible by `num_unique_layers: {{unique}}`: NeoX stops at start ("num-layers should be divisible by num-unique-layers"). Use a divisor of {{layers}}.',
      defaultOptimizer:
        "This run has no `optimizer` block, so NeoX silently trains with its default: Adam at lr 0.001 (betas 0.9/0.999), rarely the learning rate intended for a model of this size, and nothing in the logs says so. Add an `optimizer` block with `type` and `params.lr`, as the upstream configs do.",
      defaultLr:
        "`optimizer.params` has no `lr`, so NeoX silently uses its default of 0.001 (a top-level `lr` is overwritten by this value). Set `optimizer.params.lr` to the learning rate you mean.",
      lrNone:
        '`optimizer.params.lr` is `null`: NeoX raises "lr is None" and the job stops at start. Set the learning rate.',
    },
  },
  (ctx) => {
    const report: Report = (d) => ctx.report(d);
    // These checks date from 2021 (before v1.0): only the repository's own code can say it lacks one.
    const has = (check: string): boolean =>
      neoxCheckState(ctx.head.environment.neox, ctx.assume.neox, check).state !== "absent";
    for (const set of ctx.head.configSets) {
      checkRequired(report, set);
      checkArithmetic(report, set, has);
      checkOptimizer(report, set);
    }
  },
);
