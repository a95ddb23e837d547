import type { ConfigEntry, ConfigNode, ConfigSet, ScalarNode, Sourced, Span } from "../../model/index.js";

/** The entry for `key` in a map node (the last one written wins, as in PyYAML). */
export function entryOf(node: ConfigNode | undefined, key: string): ConfigEntry | undefined {
  if (node?.kind !== "map") return undefined;
  let found: ConfigEntry | undefined;
  for (const entry of node.entries) if (entry.key === key) found = entry;
  return found;
}

/** A flag explicitly written `true` (a default or an unknown never counts). */
export function writtenTrue(
  value: Sourced<boolean>,
): value is { state: "set"; value: true; at: Span; via: string } {
  return value.state === "set" && value.value;
}

/** Every string scalar inside a node, in source order (lists nest: `[[["flash", "global"], 12]]`). */
function strings(node: ConfigNode, out: ScalarNode[] = [], depth = 0): ScalarNode[] {
  // Real attention configs nest three deep; the bound keeps hostile input cheap.
  if (depth > 16) return out;
  if (node.kind === "scalar") {
    if (typeof node.value === "string") out.push(node);
  } else if (node.kind === "seq") {
    for (const item of node.items) strings(item, out, depth + 1);
  } else {
    for (const entry of node.entries) strings(entry.node, out, depth + 1);
  }
  return out;
}

/** The attention types `attention_config` names, each with where it is written. */
export function attentionTypes(set: ConfigSet): Array<{ type: string; span: Span }> {
  const entry = set.keys.attention_config;
  if (!entry) return [];
  return strings(entry.node).map((s) => ({ type: String(s.value).toLowerCase(), span: s.span }));
}

/** Whether `zero_optimization` offloads the optimizer to CPU (`offload_optimizer.device: cpu`, or `cpu_offload: true`). */
export function offloadsOptimizer(set: ConfigSet): boolean {
  const zero = set.keys.zero_optimization?.node;
  const device = entryOf(entryOf(zero, "offload_optimizer")?.node, "device")?.node.value;
  if (typeof device === "string" && device.toLowerCase() === "cpu") return true;
  return entryOf(zero, "cpu_offload")?.node.value === true;
}
