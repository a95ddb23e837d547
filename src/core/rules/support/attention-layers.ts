import type { ConfigNode, Span } from "../../model/index.js";

/**
 * The attention types NeoX accepts (`ATTENTION_TYPE_CHOICES` in megatron/neox_arguments/neox_args.py).
 * NeoX compares them case-sensitively (`item in ATTENTION_TYPE_CHOICES`), so `Flash` is rejected.
 */
export const ATTENTION_TYPES: ReadonlySet<string> = new Set([
  "global",
  "local",
  "sparse_fixed",
  "sparse_variable",
  "bigbird",
  "bslongformer",
  "gmlp",
  "amlp",
  "flash",
  "rwkv",
  "mamba",
]);

/** One attention type as written, with where. */
export interface AttentionType {
  /** As written (case kept: NeoX compares case-sensitively). */
  type: string;
  span: Span;
}

/**
 * What NeoX's `expand_attention_types` makes of an `attention_config` value:
 * - `used`: the types of the layers NeoX builds, each once, in order (a group repeated 0 times adds none);
 * - `length`: the expanded list's length, or null when it depends on an unknown `num_layers`;
 * - `problem`: a value NeoX cannot expand (it crashes or misreads it), or an `"all"` pattern that does not
 *   divide `num_layers`;
 * - `dropped`: groups NeoX silently ignores because a `[types, "all"]` group returns early.
 */
export interface AttentionPlan {
  used: AttentionType[];
  length: number | null;
  problem: AttentionProblem | null;
  /** The `"all"` group, when there is one. */
  allGroup: { span: Span; patternLength: number } | null;
  dropped: Span[];
}

export type AttentionProblem =
  | { kind: "malformed"; span: Span; why: string }
  | { kind: "allNotDivisible"; span: Span; patternLength: number };

const MAX_GROUPS = 10_000;

/** A count as Python's `range()` takes it: an int (a bool is an int in Python). */
function countOf(node: ConfigNode): number | "all" | null {
  if (node.kind !== "scalar") return null;
  if (node.type === "int" && typeof node.value === "number") return node.value;
  if (node.type === "bool" && typeof node.value === "boolean") return node.value ? 1 : 0;
  if (node.type === "str" && node.value === "all") return "all";
  return null;
}

function typeOf(node: ConfigNode): AttentionType | null {
  return node.kind === "scalar" && typeof node.value === "string"
    ? { type: node.value, span: node.span }
    : null;
}

function addUsed(used: AttentionType[], seen: Set<string>, types: AttentionType[]): void {
  for (const t of types) {
    if (seen.has(t.type)) continue;
    seen.add(t.type);
    used.push(t);
  }
}

/**
 * Replays `expand_attention_types(attention_config, num_layers)` (megatron/utils.py): a list of only
 * strings is taken as already expanded; otherwise each item is `[[types...], count]`, and an item whose
 * count is `"all"` returns `types * (num_layers // len(types))` at once (asserting that it divides),
 * discarding every other item. Returns null for a value that is not a list (a type error NXC224 reports).
 */
export function planAttention(node: ConfigNode, numLayers: number | null): AttentionPlan | null {
  if (node.kind !== "seq") return null;
  const used: AttentionType[] = [];
  const seen = new Set<string>();
  const plan: AttentionPlan = { used, length: 0, problem: null, allGroup: null, dropped: [] };
  if (node.items.every((item) => item.kind === "scalar" && typeof item.value === "string")) {
    addUsed(
      used,
      seen,
      node.items.map((item) => typeOf(item)).filter((t): t is AttentionType => t !== null),
    );
    plan.length = node.items.length;
    return plan;
  }
  const groups = node.items.slice(0, MAX_GROUPS);
  let length = 0;
  for (const [index, item] of groups.entries()) {
    if (item.kind !== "seq" || item.items.length < 2) {
      plan.problem = {
        kind: "malformed",
        span: item.span,
        why: 'each item must be a pair `[["type", ...], count]`',
      };
      return plan;
    }
    const [typesNode, countNode] = item.items as [ConfigNode, ConfigNode];
    if (typesNode.kind !== "seq") {
      plan.problem = {
        kind: "malformed",
        span: typesNode.span,
        why: 'the types of a group must be a list (`["global"]`, not `"global"`): NeoX would read a string letter by letter',
      };
      return plan;
    }
    const types: AttentionType[] = [];
    for (const t of typesNode.items) {
      const parsed = typeOf(t);
      if (parsed === null) {
        plan.problem = { kind: "malformed", span: t.span, why: "an attention type must be a string" };
        return plan;
      }
      types.push(parsed);
    }
    const count = countOf(countNode);
    if (count === null) {
      plan.problem = {
        kind: "malformed",
        span: countNode.span,
        why: 'the count of a group must be a whole number or `"all"`',
      };
      return plan;
    }
    if (count === "all") {
      plan.allGroup = { span: item.span, patternLength: types.length };
      plan.dropped = groups.filter((_, i) => i !== index).map((g) => g.span);
      plan.used.length = 0;
      seen.clear();
      addUsed(used, seen, types);
      if (numLayers === null || types.length === 0) {
        plan.length = numLayers === null ? null : 0;
        return plan;
      }
      if (numLayers % types.length !== 0) {
        plan.problem = { kind: "allNotDivisible", span: countNode.span, patternLength: types.length };
        plan.length = null;
        return plan;
      }
      plan.length = numLayers;
      return plan;
    }
    if (count > 0) addUsed(used, seen, types);
    length += Math.max(count, 0) * types.length;
  }
  plan.length = length;
  return plan;
}
