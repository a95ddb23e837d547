import type {
  ConfigEntry,
  ConfigNode,
  EffectiveConfig,
  Precision,
  ScalarNode,
  Sourced,
} from "../model/config.js";
import type { Span } from "../model/location.js";
import { getEntry, topLevelEntry } from "./config-path.js";

/**
 * The values the rules need, derived from a set's merged top-level keys as GPT-NeoX derives them
 * (`NeoXArgs.calculate_derived` @ea7aefd8), each with where it came from. `whole` says whether an
 * unwritten key takes NeoX's default (a whole run) or stays unknown (a fragment: another file may set it).
 * Values NeoX would reject, or read differently across NeoX or DeepSpeed versions, are unknown.
 */
export function deriveEffective(
  keys: Readonly<Record<string, ConfigEntry>>,
  whole: boolean,
): EffectiveConfig {
  const read = (key: string): ConfigEntry | undefined => topLevelEntry(keys, key);
  const { precision, conflicts } = derivePrecision(read, whole);
  return {
    precision,
    precisionConflicts: conflicts,
    zeroStage: deriveZeroStage(read("zero_optimization"), whole),
    finetune: deriveFlag("finetune", read("finetune"), whole),
    noLoadOptim: deriveFlag("no_load_optim", read("no_load_optim"), whole),
    load: deriveLoad(read("load"), whole),
    pipeParallelSize: deriveSize("pipe_parallel_size", read("pipe_parallel_size"), whole, 0, (n) => n),
    // NeoX stores max(model_parallel_size, 1).
    modelParallelSize: deriveSize("model_parallel_size", read("model_parallel_size"), whole, 1, (n) =>
      n >= 1 ? n : 1,
    ),
    gradAccumDtype: deriveGradAccumDtype(read("data_types"), whole),
  };
}

const FRAGMENT_REASON = "not set in this fragment (another file of the run may set it)";

function unset<T>(key: string, whole: boolean, fallback: T): Sourced<T> {
  return whole
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

function deriveFlag(key: string, entry: ConfigEntry | undefined, whole: boolean): Sourced<boolean> {
  if (!entry) return unset(key, whole, false);
  const value = scalar(entry.node);
  if (value?.type === "bool") return set(value.value === true, entry.node, key);
  // NeoX skips None in its type check and tests the flag for truth: `finetune: null` acts as false.
  if (value?.type === "null") return set(false, entry.node, key);
  return unknown(`${key} is ${shown(entry.node)}, not a boolean: NeoX's type check rejects it`);
}

function deriveLoad(entry: ConfigEntry | undefined, whole: boolean): Sourced<string | null> {
  if (!entry) return unset("load", whole, null);
  const value = scalar(entry.node);
  if (value?.type === "str") return set(String(value.value), entry.node, "load");
  if (value?.type === "null") return set(null, entry.node, "load");
  return unknown(`load is ${shown(entry.node)}, not a path: NeoX's type check rejects it`);
}

function deriveSize(
  key: string,
  entry: ConfigEntry | undefined,
  whole: boolean,
  fallback: number,
  derive: (written: number) => number,
): Sourced<number> {
  if (!entry) return unset(key, whole, fallback);
  const value = scalar(entry.node);
  if (value?.type === "int" && typeof value.value === "number")
    return set(derive(value.value), entry.node, key);
  return unknown(`${key} is ${shown(entry.node)}, not an integer: NeoX rejects it`);
}

function deriveZeroStage(entry: ConfigEntry | undefined, whole: boolean): Sourced<number> {
  if (!entry) return unset("zero_optimization", whole, 0);
  const block = entry.node;
  // `zero_optimization: null` makes NeoX fall back to its ZeRO defaults, stage 0.
  if (scalar(block)?.type === "null") return set(0, block, "zero_optimization");
  if (block.kind !== "map") {
    return unknown(`zero_optimization is ${shown(block)}, not a mapping: NeoX cannot read a stage from it`);
  }
  const stage = getEntry(block, "stage");
  if (!stage) {
    return unknown(
      "zero_optimization has no stage: current NeoX stops with a KeyError (older NeoX used stage 0)",
    );
  }
  const value = scalar(stage.node);
  if (value?.type === "int" && typeof value.value === "number" && [0, 1, 2, 3].includes(value.value)) {
    return set(value.value, stage.node, "zero_optimization.stage");
  }
  return unknown(
    `zero_optimization.stage is ${shown(stage.node)}: NeoX accepts 0, 1, 2 or 3 (other values only when autotuning)`,
  );
}

function deriveGradAccumDtype(entry: ConfigEntry | undefined, whole: boolean): Sourced<string | null> {
  if (!entry) return unset("data_types", whole, null);
  const block = entry.node;
  if (scalar(block)?.type === "null") return set(null, block, "data_types");
  if (block.kind !== "map") return unknown(`data_types is ${shown(block)}, not a mapping`);
  const dtype = getEntry(block, "grad_accum_dtype");
  // The block is written here, so no other file of the run can add the key: DeepSpeed's default applies.
  if (!dtype) return { state: "default", value: null };
  const value = scalar(dtype.node);
  if (value?.type === "str") return set(String(value.value), dtype.node, "data_types.grad_accum_dtype");
  if (value?.type === "null") return set(null, dtype.node, "data_types.grad_accum_dtype");
  return unknown(`data_types.grad_accum_dtype is ${shown(dtype.node)}, not a dtype name`);
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
function blockState(name: "fp16" | "bf16", entry: ConfigEntry | undefined, whole: boolean): BlockState {
  if (!entry) return whole ? { state: "absent" } : { state: "unknown", reason: FRAGMENT_REASON };
  const block = entry.node;
  if (scalar(block)?.type === "null") return { state: "off", node: null, explicit: false };
  if (block.kind !== "map") return { state: "unknown", reason: `${name} is ${shown(block)}, not a mapping` };
  if (block.entries.length === 0) return { state: "off", node: null, explicit: false };
  const enabled = getEntry(block, "enabled");
  if (!enabled) return { state: "off", node: null, explicit: false };
  const value = scalar(enabled.node);
  const via = `${name}.enabled`;
  if (value?.type === "bool") {
    return value.value === true
      ? { state: "on", node: enabled.node, via }
      : { state: "off", node: enabled.node, explicit: true };
  }
  if (value?.type === "int" && (value.value === 0 || value.value === 1)) {
    return value.value === 1
      ? { state: "on", node: enabled.node, via }
      : { state: "off", node: enabled.node, explicit: true };
  }
  if (value?.type === "null") return { state: "off", node: enabled.node, explicit: true };
  const what =
    value?.type === "str"
      ? `the string ${JSON.stringify(value.value)}, not a boolean: NeoX treats any non-empty string as enabled, and DeepSpeed's reading of it depends on its version`
      : `${shown(enabled.node)}, not a boolean`;
  return { state: "unknown", reason: `${via} is ${what}` };
}

type PrecisionInput =
  | { state: "set"; value: Precision; node: ConfigNode }
  | { state: "none" }
  | { state: "unknown"; reason: string };

function precisionInput(entry: ConfigEntry | undefined, whole: boolean): PrecisionInput {
  if (!entry) return whole ? { state: "none" } : { state: "unknown", reason: FRAGMENT_REASON };
  const value = scalar(entry.node);
  if (value?.type === "null") return { state: "none" };
  if (value?.type === "str" && typeof value.value === "string") {
    if (value.value === "fp16" || value.value === "fp32" || value.value === "bfloat16") {
      return { state: "set", value: value.value, node: entry.node };
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
    reason: `precision is ${shown(entry.node)}: NeoX accepts fp16, fp32 or bfloat16`,
  };
}

function derivePrecision(
  read: (key: string) => ConfigEntry | undefined,
  whole: boolean,
): { precision: Sourced<Precision>; conflicts: EffectiveConfig["precisionConflicts"] } {
  const written = precisionInput(read("precision"), whole);
  const fp16 = blockState("fp16", read("fp16"), whole);
  const bf16 = blockState("bf16", read("bf16"), whole);
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

  const fp16Type = getEntry(read("fp16")?.node, "type");
  if (fp16Type && scalar(fp16Type.node)?.value === "bfloat16") {
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
