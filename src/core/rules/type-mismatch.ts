import { defineRule } from "../engine/define-rule.js";
import type { ReportDescriptor } from "../engine/types.js";
import type { ConfigEntry, ConfigFile, ConfigNode, Fix, NeoxArg, Span } from "../model/index.js";
import {
  acceptsValue,
  describeType,
  parseNeoxType,
  pythonTypeOf,
  wantsInteger,
  wantsNumber,
  type NeoxType,
} from "./support/neox-type.js";
import { describeNode, written } from "./support/config-values.js";
import { numberLikeString, type NumberLikeString } from "./support/yaml-number.js";

/**
 * Top-level arguments NeoX overwrites in `calculate_derived` before it checks types, so the value in
 * the file is never type-checked (NXC-rules about ignored keys cover writing them at all).
 */
const OVERWRITTEN: ReadonlySet<string> = new Set([
  "lr",
  "optimizer_type",
  "zero_stage",
  "zero_reduce_scatter",
  "zero_contiguous_gradients",
  "zero_reduce_bucket_size",
  "zero_allgather_bucket_size",
  "batch_size",
  "clip_grad",
  "gas",
  "dynamic_loss_scale",
  "is_pipe_parallel",
  "save_iters",
]);

/** The batch triple: NeoX recomputes it with `int(...)` unless all three are given, so a float may pass. */
const BATCH_TRIPLE: ReadonlySet<string> = new Set([
  "train_batch_size",
  "train_micro_batch_size_per_gpu",
  "gradient_accumulation_steps",
]);

/**
 * DeepSpeed blocks whose values NeoX passes on without checking them, and that hold numbers
 * (DeepSpeed's own config, or torch's optimizer arguments). Blocks of names and paths
 * (`tensorboard`, `wandb`, `csv_monitor`, `checkpoint`) are left out.
 */
const NUMERIC_BLOCKS: ReadonlySet<string> = new Set([
  "optimizer",
  "scheduler",
  "zero_optimization",
  "fp16",
  "bf16",
  "amp",
  "activation_checkpointing",
  "flops_profiler",
  "sparse_attention",
  "curriculum_learning",
  "data_efficiency",
  "compression_training",
  "elasticity",
  "comms_logger",
  "autotuning",
  "deepspeed_extra_args",
]);

/** Nested values NeoX copies into a type-checked top-level argument (arguments.py `calculate_derived`). */
const COPIED_INTO: ReadonlyMap<string, string> = new Map([
  ["optimizer.params.lr", "lr"],
  ["zero_optimization.reduce_bucket_size", "zero_reduce_bucket_size"],
  ["zero_optimization.allgather_bucket_size", "zero_allgather_bucket_size"],
]);

/** DeepSpeed settings that are counts or sizes: a fix writes them as integers, not floats. */
const INTEGER_SETTINGS: ReadonlySet<string> = new Set([
  "stage",
  "reduce_bucket_size",
  "allgather_bucket_size",
  "stage3_prefetch_bucket_size",
  "stage3_param_persistence_threshold",
  "stage3_max_live_parameters",
  "stage3_max_reuse_distance",
  "sub_group_size",
  "buffer_size",
  "buffer_count",
  "max_in_cpu",
  "warmup_num_steps",
  "total_num_steps",
  "loss_scale_window",
  "hysteresis",
  "initial_scale_power",
  "freeze_step",
]);

/** Why a value of the wrong type usually got there, for the message. */
function hintFor(node: ConfigNode, type: NeoxType): string {
  if (node.kind !== "scalar") return "";
  if (node.type === "bool" && wantsNumber(type))
    return " (in YAML 1.1, `yes`/`no`/`on`/`off`/`True`/`False` are booleans)";
  if (node.type === "int" && type.kind === "bool") return " (NeoX wants `true` or `false`; 1 and 0 are ints)";
  if (node.type === "float" && type.kind === "int") return " (write a whole number, without a decimal point)";
  if (node.type === "str" && /^["']/.test(node.raw)) return " (the quotes make it a string)";
  return "";
}

/** The edit that writes the number so PyYAML reads it as one. */
function numberFix(node: ConfigNode, num: NumberLikeString, integer: boolean, what: string): Fix {
  const replacement = integer ? num.integerSpelling : num.floatSpelling;
  if (replacement === null) {
    return { description: `Write ${what} as a whole number; \`${num.text}\` is not one.`, edits: [] };
  }
  return {
    description: `Write \`${replacement}\`: PyYAML reads it as ${integer ? "an int" : "a float"}.`,
    edits: [{ span: node.span, replacement }],
  };
}

interface Reporter {
  report: (descriptor: ReportDescriptor) => void;
  /** File and key path of every finding so far: a file in two declared sets is checked once. */
  seen: Set<string>;
}

function once(r: Reporter, path: string, keyPath: string): boolean {
  const id = `${path}\u0000${keyPath}`;
  if (r.seen.has(id)) return false;
  r.seen.add(id);
  return true;
}

function checkTopLevel(
  r: Reporter,
  file: ConfigFile,
  entry: ConfigEntry,
  arg: NeoxArg,
  autotuning: boolean,
): void {
  const { node, key } = entry;
  if (OVERWRITTEN.has(key)) return;
  if (autotuning && node.value === "auto") return;
  const type = parseNeoxType(arg.type);
  if (acceptsValue(type, node)) return;
  if (BATCH_TRIPLE.has(key) && node.kind === "scalar" && node.type === "float") return;
  if (!once(r, file.path, key)) return;
  const num = numberLikeString(node);
  if (num !== null && wantsNumber(type)) {
    const integer = wantsInteger(type) && (type.kind === "int" || num.integerSpelling !== null);
    r.report({
      messageId: "numberString",
      data: {
        key: entry.spelling,
        text: num.text,
        expected: describeType(type, arg.type),
        fixed: (integer ? num.integerSpelling : num.floatSpelling) ?? "a whole number",
      },
      location: node.span,
      related: [{ label: "argument here", location: entry.keySpan }],
      fix: numberFix(node, num, integer, `\`${entry.spelling}\``),
      key,
    });
    return;
  }
  if (type.kind === "literal") {
    r.report({
      messageId: "notAChoice",
      data: { key: entry.spelling, value: describeNode(node), choices: describeType(type, arg.type) },
      location: node.span,
      key,
    });
    return;
  }
  r.report({
    messageId: "wrongType",
    data: {
      key: entry.spelling,
      value: describeNode(node),
      actual: pythonTypeOf(node),
      expected: describeType(type, arg.type),
      hint: hintFor(node, type),
    },
    location: node.span,
    key,
  });
}

/** `optimizer` and `scheduler` need `type` (a string) and `params` (a mapping): NeoX `validate_types`. */
function checkBlockShape(
  r: Reporter,
  file: ConfigFile,
  entry: ConfigEntry,
  optimizerType: NeoxArg | undefined,
): void {
  const { node } = entry;
  if (node.kind !== "map") return;
  const type = node.entries.findLast((e) => e.key === "type");
  const params = node.entries.findLast((e) => e.key === "params");
  const report = (problem: string, location: Span, keyPath: string): void => {
    if (!once(r, file.path, keyPath)) return;
    r.report({ messageId: "blockShape", data: { key: entry.spelling, problem }, location, key: keyPath });
  };
  if (type === undefined) report("has no `type`", entry.keySpan, `${entry.key}.type`);
  else if (!(type.node.kind === "scalar" && type.node.type === "str"))
    report("has a `type` that is not a string", type.node.span, `${entry.key}.type`);
  else if (entry.key === "optimizer" && optimizerType !== undefined) {
    // NeoX copies `optimizer.type` into `optimizer_type` and checks it against its choices.
    const choices = parseNeoxType(optimizerType.type);
    if (
      choices.kind === "literal" &&
      !acceptsValue(choices, type.node) &&
      once(r, file.path, "optimizer.type")
    ) {
      r.report({
        messageId: "unknownOptimizer",
        data: { value: describeNode(type.node), choices: describeType(choices, optimizerType.type) },
        location: type.node.span,
        key: "optimizer.type",
      });
    }
  }
  if (params === undefined) report("has no `params`", entry.keySpan, `${entry.key}.params`);
  else if (params.node.kind !== "map" && !(params.node.kind === "scalar" && params.node.type === "null"))
    report("has `params` that is not a mapping", params.node.span, `${entry.key}.params`);
  else if (params.node.kind === "scalar")
    report("has empty `params`", params.node.span, `${entry.key}.params`);
}

/** Number-like strings anywhere inside a DeepSpeed block. */
function checkNested(
  r: Reporter,
  file: ConfigFile,
  node: ConfigNode,
  path: string,
  lastKey: string,
  depth: number,
): void {
  if (depth > 32) return;
  if (node.kind === "map") {
    for (const child of node.entries)
      checkNested(r, file, child.node, `${path}.${child.key}`, child.key, depth + 1);
    return;
  }
  if (node.kind === "seq") {
    node.items.forEach((item, i) => checkNested(r, file, item, `${path}[${i}]`, lastKey, depth + 1));
    return;
  }
  const num = numberLikeString(node);
  if (num === null || !once(r, file.path, path)) return;
  const copiedInto = COPIED_INTO.get(path);
  const integer = INTEGER_SETTINGS.has(lastKey) && num.integerSpelling !== null;
  const fixed = integer ? num.integerSpelling : num.floatSpelling;
  r.report({
    messageId: copiedInto !== undefined ? "nestedCopied" : "nestedUnchecked",
    data: {
      path,
      text: num.text,
      fixed: fixed ?? num.floatSpelling,
      copiedInto: copiedInto ?? "",
      block: path.split(/[.[]/)[0] ?? path,
    },
    location: node.span,
    fix: numberFix(node, num, integer, `\`${path}\``),
    key: path,
  });
}

/**
 * NXC224: a value NeoX's `validate_types` rejects (exact Python types; an int passes for a float;
 * `Literal` choices case-insensitively; `optimizer`/`scheduler` need `type` and `params`), including
 * `1e-8`-style numbers that PyYAML reads as strings; and such strings inside DeepSpeed blocks, which
 * NeoX passes on unchecked (knowledge/pitfalls.md §3 and item 10, gpt-neox#171).
 */
export const typeMismatchRule = defineRule(
  {
    id: "NXC224",
    name: "type-mismatch",
    severity: "error",
    description: "A config value of a type NeoX rejects, or a `1e-8`-style number PyYAML reads as a string.",
    messages: {
      numberString:
        "`{{key}}: {{text}}` is a string to PyYAML, not a number (PyYAML's floats need a dot in the mantissa and a sign in the exponent), and NeoX expects {{expected}}: its type check (validate_types) fails and the run stops at startup. Write `{{fixed}}` (gpt-neox#171).",
      wrongType:
        "`{{key}}` is {{value}}, of type `{{actual}}`{{hint}}, but NeoX declares it {{expected}}: its type check (validate_types) fails and the run stops at startup.",
      notAChoice:
        "`{{key}}` is {{value}}, which is not among the values NeoX accepts ({{choices}}; case does not matter): its type check (validate_types) fails and the run stops at startup.",
      blockShape:
        "`{{key}}` {{problem}}: NeoX requires `{{key}}` to have `type` (a string) and `params` (a mapping) and stops at startup otherwise.",
      unknownOptimizer:
        "`optimizer.type` is {{value}}, but NeoX copies it into `optimizer_type`, which accepts only {{choices}} (case does not matter): its type check (validate_types) fails and the run stops at startup.",
      nestedCopied:
        "`{{path}}: {{text}}` is a string to PyYAML, not a number (PyYAML's floats need a dot in the mantissa and a sign in the exponent). NeoX copies it into `{{copiedInto}}`, whose type check (validate_types) fails, so the run stops at startup. Write `{{fixed}}` (gpt-neox#171).",
      nestedUnchecked:
        "`{{path}}: {{text}}` is a string to PyYAML, not a number (PyYAML's floats need a dot in the mantissa and a sign in the exponent). NeoX does not type-check values inside `{{block}}` and passes the string on unchanged, so NeoX won't catch it: DeepSpeed or torch gets a string where it expects a number and fails once it uses it, after the job has waited for its GPUs. Write `{{fixed}}` (gpt-neox#171).",
    },
  },
  (ctx) => {
    const r: Reporter = { report: (d) => ctx.report(d), seen: new Set() };
    const args = ctx.head.neoxArgs.args;
    const optimizerType = Object.hasOwn(args, "optimizer_type") ? args.optimizer_type : undefined;
    for (const set of ctx.head.configSets) {
      const autotuning = written(set, "autotuning") !== undefined;
      for (const file of set.files) {
        for (const entry of Object.values(file.keys)) {
          const arg = Object.hasOwn(args, entry.key) ? args[entry.key] : undefined;
          if (arg !== undefined) checkTopLevel(r, file, entry, arg, autotuning);
          if (entry.key === "optimizer" || entry.key === "scheduler")
            checkBlockShape(r, file, entry, optimizerType);
          if (NUMERIC_BLOCKS.has(entry.key)) checkNested(r, file, entry.node, entry.key, entry.key, 0);
        }
      }
    }
  },
);
