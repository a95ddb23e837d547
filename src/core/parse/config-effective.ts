import type { ConfigNode, EffectiveConfig, Precision, ScalarNode, Sourced } from "../model/config.js";
import type { Span } from "../model/location.js";
import { type ConfigRead, readConfig, type RunKeys } from "./config-path.js";

/**
 * The values the rules need, derived from a set's merged top-level keys as GPT-NeoX derives them
 * (`NeoXArgs.calculate_derived` @ea7aefd8), each with where it came from. Whether a key is written, takes
 * its default or is unknown (a fragment: another file may set it) is `readConfig`'s decision; this file
 * only types and derives the values. Values NeoX would reject, or read differently across NeoX or
 * DeepSpeed versions, are unknown.
 */
export function deriveEffective(run: RunKeys): EffectiveConfig {
  const read = (...path: string[]): ConfigRead => readConfig(run, path);
  const { precision, conflicts } = derivePrecision(read);
  return {
    precision,
    precisionConflicts: conflicts,
    zeroStage: deriveZeroStage(read("zero_optimization", "stage")),
    finetune: deriveFlag("finetune", read("finetune")),
    noLoadOptim: deriveFlag("no_load_optim", read("no_load_optim")),
    load: deriveLoad(read("load")),
    pipeParallelSize: deriveSize("pipe_parallel_size", read("pipe_parallel_size"), 0, (n) => n),
    // NeoX stores max(model_parallel_size, 1).
    modelParallelSize: deriveSize("model_parallel_size", read("model_parallel_size"), 1, (n) =>
      n >= 1 ? n : 1,
    ),
    gradAccumDtype: deriveGradAccumDtype(read("data_types", "grad_accum_dtype")),
  };
}

const FRAGMENT_REASON = "not set in this fragment (another file of the run may set it)";

/** A key `readConfig` found unwritten: its default, or unknown in a fragment. */
function unset<T>(key: string, read: { state: "default" | "unknown" }, fallback: T): Sourced<T> {
  return read.state === "default"
    ? { state: "default", value: fallback }
    : { state: "unknown", reason: `${key} is ${FRAGMENT_REASON}` };
}

function set<T>(value: T, node: ConfigNode, via: string): Sourced<T> {
  return { state: "set", value, at: node.span, via };
}

function unknown<T>(reason: string): Sourced<T> {
  return { state: "unknown", reason };
}

function scalar(node: ConfigNode): ScalarNode | null {
  return node.kind === "scalar" ? node : null;
}

/** How a value reads in messages: the source text of a scalar, or its kind. */
function shown(node: ConfigNode): string {
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  return node.raw.length > 40 ? `${node.raw.slice(0, 37)}...` : node.raw || "empty";
}

function deriveFlag(key: string, read: ConfigRead): Sourced<boolean> {
  if (read.state !== "set") return unset(key, read, false);
  const { node } = read.hit;
  const value = scalar(node);
  if (value?.type === "bool") return set(value.value === true, node, key);
  // NeoX skips None in its type check and tests the flag for truth: `finetune: null` acts as false.
  if (value?.type === "null") return set(false, node, key);
  return unknown(`${key} is ${shown(node)}, not a boolean: NeoX's type check rejects it`);
}

function deriveLoad(read: ConfigRead): Sourced<string | null> {
  if (read.state !== "set") return unset("load", read, null);
  const { node } = read.hit;
  const value = scalar(node);
  if (value?.type === "str") return set(String(value.value), node, "load");
  if (value?.type === "null") return set(null, node, "load");
  return unknown(`load is ${shown(node)}, not a path: NeoX's type check rejects it`);
}

function deriveSize(
  key: string,
  read: ConfigRead,
  fallback: number,
  derive: (written: number) => number,
): Sourced<number> {
  if (read.state !== "set") return unset(key, read, fallback);
  const { node } = read.hit;
  const value = scalar(node);
  if (value?.type === "int" && typeof value.value === "number") return set(derive(value.value), node, key);
  return unknown(`${key} is ${shown(node)}, not an integer: NeoX rejects it`);
}

/** `zero_optimization.stage`: unlike most nested keys it has no default once the block is written. */
function deriveZeroStage(read: ConfigRead): Sourced<number> {
  if (read.state === "set") {
    const { node } = read.hit;
    const value = scalar(node);
    if (value?.type === "int" && typeof value.value === "number" && [0, 1, 2, 3].includes(value.value)) {
      return set(value.value, node, "zero_optimization.stage");
    }
    return unknown(
      `zero_optimization.stage is ${shown(node)}: NeoX accepts 0, 1, 2 or 3 (other values only when autotuning)`,
    );
  }
  const block = writtenParent(read);
  if (block === undefined) return unset("zero_optimization", read, 0);
  // `zero_optimization: null` makes NeoX fall back to its ZeRO defaults, stage 0.
  if (scalar(block)?.type === "null") return set(0, block, "zero_optimization");
  if (block.kind !== "map") {
    return unknown(`zero_optimization is ${shown(block)}, not a mapping: NeoX cannot read a stage from it`);
  }
  return unknown(
    "zero_optimization has no stage: current NeoX stops with a KeyError (older NeoX used stage 0)",
  );
}

function deriveGradAccumDtype(read: ConfigRead): Sourced<string | null> {
  if (read.state === "set") {
    const { node } = read.hit;
    const value = scalar(node);
    if (value?.type === "str") return set(String(value.value), node, "data_types.grad_accum_dtype");
    if (value?.type === "null") return set(null, node, "data_types.grad_accum_dtype");
    return unknown(`data_types.grad_accum_dtype is ${shown(node)}, not a dtype name`);
  }
  const block = writtenParent(read);
  if (block === undefined) return unset("data_types", read, null);
  if (scalar(block)?.type === "null") return set(null, block, "data_types");
  if (block.kind !== "map") return unknown(`data_types is ${shown(block)}, not a mapping`);
  // The block is written, so no other file of the run can add the key: DeepSpeed's default applies.
  return { state: "default", value: null };
}

/** For a nested key that is not written: the written value it is missing from, if its parent is written. */
function writtenParent(read: ConfigRead): ConfigNode | undefined {
  return read.state === "default" ? read.parent?.node : undefined;
}

/** A DeepSpeed `fp16` / `bf16` block, as far as precision goes. */
type BlockState =
  | { state: "on"; node: ConfigNode; via: string }
  | { state: "off"; node: ConfigNode | null; explicit: boolean }
  | { state: "absent" }
  | { state: "unknown"; reason: string };

/**
 * Whether `fp16.enabled` / `bf16.enabled` is on. NeoX tests `block and block.get("enabled", False)` for
 * truth, and DeepSpeed reads the same key; they agree on booleans and on 0/1. A string such as "true" is
 * truthy to NeoX while DeepSpeed's reading of it changed across versions, so it stays unknown.
 */
function blockState(name: "fp16" | "bf16", read: ConfigRead): BlockState {
  if (read.state === "unknown") return { state: "unknown", reason: FRAGMENT_REASON };
  if (read.state === "default") {
    const block = writtenParent(read);
    if (block === undefined) return { state: "absent" };
    // `null`, an empty block, or a block without `enabled`: off.
    if (block.kind === "map" || scalar(block)?.type === "null")
      return { state: "off", node: null, explicit: false };
    return { state: "unknown", reason: `${name} is ${shown(block)}, not a mapping` };
  }
  const enabled = read.hit.node;
  const value = scalar(enabled);
  const via = `${name}.enabled`;
  if (value?.type === "bool") {
    return value.value === true
      ? { state: "on", node: enabled, via }
      : { state: "off", node: enabled, explicit: true };
  }
  if (value?.type === "int" && (value.value === 0 || value.value === 1)) {
    return value.value === 1
      ? { state: "on", node: enabled, via }
      : { state: "off", node: enabled, explicit: true };
  }
  if (value?.type === "null") return { state: "off", node: enabled, explicit: true };
  const what =
    value?.type === "str"
      ? `the string ${JSON.stringify(value.value)}, not a boolean: NeoX treats any non-empty string as enabled, and DeepSpeed's reading of it depends on its version`
      : `${shown(enabled)}, not a boolean`;
  return { state: "unknown", reason: `${via} is ${what}` };
}

type PrecisionInput =
  | { state: "set"; value: Precision; node: ConfigNode }
  | { state: "none" }
  | { state: "unknown"; reason: string };

function precisionInput(read: ConfigRead): PrecisionInput {
  if (read.state !== "set")
    return read.state === "default" ? { state: "none" } : { state: "unknown", reason: FRAGMENT_REASON };
  const { node } = read.hit;
  const value = scalar(node);
  if (value?.type === "null") return { state: "none" };
  if (value?.type === "str" && typeof value.value === "string") {
    if (value.value === "fp16" || value.value === "fp32" || value.value === "bfloat16") {
      return { state: "set", value: value.value, node };
    }
    if (["fp16", "fp32", "bfloat16"].includes(value.value.toLowerCase())) {
      return {
        state: "unknown",
        reason: `precision ${JSON.stringify(value.value)} passes NeoX's case-insensitive check but NeoX derives the precision with exact comparisons, so the run may silently use fp32`,
      };
    }
  }
  return {
    state: "unknown",
    reason: `precision is ${shown(node)}: NeoX accepts fp16, fp32 or bfloat16`,
  };
}

function derivePrecision(read: (...path: string[]) => ConfigRead): {
  precision: Sourced<Precision>;
  conflicts: EffectiveConfig["precisionConflicts"];
} {
  const written = precisionInput(read("precision"));
  const fp16 = blockState("fp16", read("fp16", "enabled"));
  const bf16 = blockState("bf16", read("bf16", "enabled"));
  const conflicts: EffectiveConfig["precisionConflicts"] = [];
  const spans = (...nodes: Array<ConfigNode | null>): Span[] =>
    nodes.filter((node): node is ConfigNode => node !== null).map((node) => node.span);

  if (fp16.state === "on" && bf16.state === "on") {
    conflicts.push({
      message:
        "fp16.enabled and bf16.enabled are both true: DeepSpeed refuses to start (bfloat16 and fp16 modes cannot be simultaneously enabled)",
      spans: spans(fp16.node, bf16.node),
    });
  }
  if (written.state === "set" && fp16.state === "on" && written.value !== "fp16") {
    conflicts.push({
      message: `precision is ${written.value} but fp16.enabled is true: NeoX asserts "DeepSpeed fp16 field was set but precision conflicts"`,
      spans: spans(written.node, fp16.node),
    });
  }
  if (written.state === "set" && bf16.state === "on" && written.value !== "bfloat16") {
    conflicts.push({
      message: `precision is ${written.value} but bf16.enabled is true: NeoX and DeepSpeed would disagree on the precision`,
      spans: spans(written.node, bf16.node),
    });
  }
  if (written.state === "set" && written.value === "bfloat16" && bf16.state === "off" && bf16.explicit) {
    conflicts.push({
      message:
        "precision is bfloat16 but bf16.enabled is false: NeoX only adds bf16 to the DeepSpeed config when no bf16 block is written",
      spans: spans(written.node, bf16.node),
    });
  }
  if (conflicts.length > 0) {
    return { precision: unknown("the precision settings conflict (see the precision conflicts)"), conflicts };
  }

  const fp16Type = read("fp16", "type");
  if (fp16Type.state === "set" && scalar(fp16Type.hit.node)?.value === "bfloat16") {
    const reason =
      "fp16.type is bfloat16: older NeoX (v1.0) read it as bfloat16, current NeoX ignores it and reads fp16.enabled and bf16.enabled";
    return { precision: unknown(reason), conflicts };
  }
  for (const block of [fp16, bf16]) {
    if (block.state === "unknown" && block.reason !== FRAGMENT_REASON) {
      return { precision: unknown(block.reason), conflicts };
    }
  }
  if (fp16.state === "on") return { precision: set<Precision>("fp16", fp16.node, fp16.via), conflicts };
  if (bf16.state === "on") return { precision: set<Precision>("bfloat16", bf16.node, bf16.via), conflicts };
  if (written.state === "set") return { precision: set(written.value, written.node, "precision"), conflicts };
  if (written.state === "unknown" && written.reason !== FRAGMENT_REASON) {
    return { precision: unknown(written.reason), conflicts };
  }
  if (written.state === "unknown" || fp16.state === "unknown" || bf16.state === "unknown") {
    return {
      precision: unknown(
        `precision is ${FRAGMENT_REASON}: no precision, fp16.enabled or bf16.enabled is on here`,
      ),
      conflicts,
    };
  }
  return { precision: { state: "default", value: "fp32" }, conflicts };
}
