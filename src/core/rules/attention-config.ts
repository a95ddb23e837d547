import type { Certainty, ConfigSet, RelatedLocation } from "../model/index.js";
import type { ReportDescriptor } from "../engine/types.js";
import { defineRule } from "../engine/define-rule.js";
import { asInteger, asNumber, topLevel, written } from "./support/config-values.js";
import {
  ATTENTION_TYPES,
  planAttention,
  type AttentionPlan,
  type AttentionType,
} from "./support/attention-layers.js";
import { setKey } from "./support/launch-keys.js";

type Report = (d: ReportDescriptor) => void;

/** How NeoX's messages name the layer types. */
const DISPLAY = { mamba: "Mamba", rwkv: "RWKV" } as const;

const READ_FROM_CODE = "read from NeoX's expand_attention_types (megatron/utils.py), not from a report";

/** The first used layer type among `types`, when the model builds any. */
function firstOf(plan: AttentionPlan, types: readonly string[]): AttentionType | undefined {
  return plan.used.find((t) => types.includes(t.type));
}

function checkShape(
  report: Report,
  set: ConfigSet,
  plan: AttentionPlan,
  numLayers: number | null,
  unknownTypes: Certainty,
  known: ReadonlySet<string>,
): void {
  const entry = set.keys.attention_config;
  if (entry === undefined) return;
  const problem = plan.problem;
  if (problem?.kind === "malformed") {
    report({
      messageId: "malformed",
      data: { why: problem.why },
      location: problem.span,
      key: setKey(set, "attention_config.shape"),
    });
    return;
  }
  if (problem?.kind === "allNotDivisible") {
    report({
      messageId: "allNotDivisible",
      data: { layers: numLayers ?? "?", pattern: problem.patternLength },
      location: problem.span,
      related: relatedNumLayers(set),
      key: setKey(set, "attention_config.length"),
    });
    return;
  }
  if (plan.allGroup !== null && plan.dropped.length > 0) {
    report({
      messageId: "dropped",
      data: { count: plan.dropped.length },
      location: plan.allGroup.span,
      related: plan.dropped.map((span) => ({ label: "ignored by NeoX", location: span })),
      severity: "warning",
      certainty: { level: "inferred", detail: READ_FROM_CODE },
      key: setKey(set, "attention_config.all"),
    });
  }
  for (const t of plan.used) {
    if (known.has(t.type)) continue;
    const lower = t.type.toLowerCase();
    const hint = known.has(lower)
      ? ` NeoX compares the names case-sensitively: write \`${lower}\`.`
      : ` Known types: ${[...known].join(", ")}.`;
    report({
      messageId: "unknownType",
      data: { type: t.type, hint },
      location: t.span,
      ...(unknownTypes.level === "unknown" ? { severity: "warning" as const, certainty: unknownTypes } : {}),
      key: setKey(set, `attention_config.type:${t.type}`),
    });
  }
  if (plan.length !== null && numLayers !== null && plan.length !== numLayers) {
    report({
      messageId: "length",
      data: { length: plan.length, layers: numLayers },
      location: entry.node.span,
      related: relatedNumLayers(set),
      key: setKey(set, "attention_config.length"),
    });
  }
}

function relatedNumLayers(set: ConfigSet): RelatedLocation[] {
  const entry = set.keys.num_layers;
  return entry === undefined ? [] : [{ label: "num_layers here", location: entry.node.span }];
}

function checkBlocks(report: Report, set: ConfigSet, plan: AttentionPlan): void {
  const mlp = firstOf(plan, ["gmlp", "amlp"]);
  const partition = topLevel(set, "partition_activations", false);
  if (mlp !== undefined && partition.state === "set" && partition.value === true) {
    report({
      messageId: "mlpPartition",
      data: { type: mlp.type },
      location: mlp.span,
      related: [{ label: "partition_activations enabled here", location: partition.entry.node.span }],
      key: setKey(set, "attention_config+partition_activations"),
    });
  }
  for (const kind of ["mamba", "rwkv"] as const) {
    const layer = firstOf(plan, [kind]);
    if (layer === undefined) continue;
    const typeHere: RelatedLocation = { label: `${kind} layers here`, location: layer.span };
    const stage = set.effective.zeroStage;
    if (stage.state === "set" && stage.value > 2) {
      report({
        messageId: "zero3",
        data: { type: DISPLAY[kind], stage: stage.value },
        location: stage.at,
        related: [typeHere],
        key: setKey(set, `attention_config:${kind}+zero_optimization.stage`),
      });
    }
    const mp = set.effective.modelParallelSize;
    if (kind === "rwkv" && mp.state === "set" && mp.value > 1) {
      report({
        messageId: "rwkvModelParallel",
        data: { mp: mp.value },
        location: mp.at,
        related: [typeHere],
        key: setKey(set, "attention_config:rwkv+model_parallel_size"),
      });
    }
    const dropout = topLevel(set, "hidden_dropout", 0);
    const rate = dropout.state === "set" ? asNumber(dropout.value) : null;
    if (dropout.state === "set" && rate !== null && rate !== 0) {
      report({
        messageId: "dropoutIgnored",
        data: { type: DISPLAY[kind], rate },
        location: dropout.entry.node.span,
        related: [typeHere],
        severity: "warning",
        certainty: {
          level: "inferred",
          detail:
            "that NeoX's check never fires is read from its code (arguments.py calculate_derived), not from a report",
        },
        key: setKey(set, `attention_config:${kind}+hidden_dropout`),
      });
    }
  }
}

/**
 * NXC212: `attention_config` as NeoX expands and checks it (knowledge/pitfalls.md item 14): a shape
 * `expand_attention_types` cannot read, a length other than `num_layers`, unknown types, gMLP/aMLP with
 * `partition_activations`, Mamba/RWKV with ZeRO-3, RWKV with model parallelism, and Mamba/RWKV with a
 * `hidden_dropout` those layers ignore.
 */
export const attentionConfigRule = defineRule(
  {
    id: "NXC212",
    name: "attention-config",
    severity: "error",
    description:
      "`attention_config` that NeoX cannot expand to `num_layers` layers, or a layer type combined with settings NeoX rejects for it.",
    messages: {
      malformed:
        'NeoX cannot expand this `attention_config`: {{why}}. `expand_attention_types` then crashes or builds the wrong layers, and the run stops at start. Write it as a list of `[[types...], count]` pairs, e.g. `[[["global"], 12]]` or `[[["flash"], "all"]]`.',
      allNotDivisible:
        '`"all"` repeats a pattern of {{pattern}} type(s) across `num_layers: {{layers}}`, which it does not divide: NeoX asserts "Number of layers ({{layers}}) is not divisible by the length of pattern" and the run stops at start. Use a pattern whose length divides {{layers}}, or explicit counts.',
      dropped:
        'This `[types, "all"]` group makes NeoX\'s `expand_attention_types` return at once, so the other {{count}} group(s) of `attention_config` are silently ignored (inferred from NeoX\'s code, not observed): every layer gets this pattern and the model is not the one written. Keep only the `"all"` group, or replace `"all"` with an explicit count.',
      unknownType:
        '`{{type}}` is not an attention type NeoX knows: it asserts "Attention type {{type}} not recognized" and the run stops at start.{{hint}}',
      length:
        '`attention_config` expands to {{length}} layer(s) but `num_layers` is {{layers}}: NeoX asserts "Length of attention config list must equal num_layers" and the run stops at start. Make the counts add up to {{layers}}, or use `"all"` (e.g. `[[["global"], "all"]]`).',
      mlpPartition:
        '`{{type}}` layers cannot run with `partition_activations: true`: NeoX asserts "GMLP Blocks are not compatible with partition activations" and the run stops at start. Set `partition_activations: false` for this model.',
      zero3:
        '{{type}} layers do not support ZeRO stage {{stage}}: NeoX asserts "Zero stage 3 not compatible with {{type}}" and the run stops at start. Use `zero_optimization.stage` 2 or lower.',
      rwkvModelParallel:
        'RWKV layers do not support model parallelism, but `model_parallel_size` is {{mp}}: NeoX asserts "RWKV not currently compatible with model parallelism" and the run stops at start. Set `model_parallel_size: 1` (scale with data or pipeline parallelism instead).',
      dropoutIgnored:
        '`hidden_dropout: {{rate}}` with {{type}} layers: NeoX means to reject this ("{{type}} does not yet have dropout implemented"), but its check is written as an always-true tuple and never fires (inferred from NeoX\'s code, not observed), so the run starts and the {{type}} layers train without the dropout this config asks for. Set `hidden_dropout: 0` so the config says what trains, or use another layer type if you need dropout.',
    },
  },
  (ctx) => {
    // A NeoX (or derived framework: savanna's key is `operator_config`) whose own arguments do not
    // declare `attention_config` stops on the key itself: NXC207's one finding, not one per layer type.
    const args = ctx.head.neoxArgs;
    if (args.source === "repository" && !Object.hasOwn(args.args, "attention_config")) return;
    // The repository's own `ATTENTION_TYPE_CHOICES` (neox_args.py), which its arguments.py asserts against.
    const own = args.choiceLists?.["ATTENTION_TYPE_CHOICES"];
    const known: ReadonlySet<string> = own !== undefined ? new Set(own) : ATTENTION_TYPES;
    const unknownTypes: Certainty =
      ctx.head.neoxArgs.source === "repository" && own === undefined
        ? {
            level: "unknown",
            detail:
              "this repository carries its own NeoX, which may define more attention types than upstream",
          }
        : { level: "certain" };
    for (const set of ctx.head.configSets) {
      const entry = written(set, "attention_config");
      if (entry === undefined) continue;
      const layers = topLevel(set, "num_layers", null);
      const numLayers = layers.state === "set" ? asInteger(layers.value) : null;
      const plan = planAttention(entry.node, numLayers);
      if (plan === null) continue;
      const report: Report = (d) => ctx.report(d);
      checkShape(report, set, plan, numLayers, unknownTypes, known);
      checkBlocks(report, set, plan);
    }
  },
);
