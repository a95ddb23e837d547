import { defineRule } from "../engine/define-rule.js";
import type { Certainty, ConfigEntry, DuplicateKey, RelatedLocation } from "../model/index.js";
import { describeNode } from "./support/config-values.js";

/** How NeoX ends up treating a key written more than once. */
interface Outcome {
  /** `rejects`: NeoX stops at startup; `lastWins`: PyYAML keeps the last in one file; `silent`: NeoX's check misses it. */
  kind: "rejects" | "lastWins" | "silent";
  /** The occurrence NeoX trips on (`rejects`) or whose value is used. */
  decisive: ConfigEntry;
}

/**
 * Replays NeoX's `from_ymls`: PyYAML turns each file into a dict (one value per spelling, the last
 * written), then NeoX walks the keys in order and raises when the key *as written* is already among
 * the converted (`-` -> `_`) keys. So a later spelling without a hyphen is caught; a later hyphenated
 * one is not, and its value silently replaces the earlier one.
 */
function outcomeOf(dup: DuplicateKey): Outcome | null {
  const final = dup.entries.at(-1);
  if (final === undefined) return null;
  const last = new Map<string, ConfigEntry>();
  const order: string[] = [];
  for (const entry of dup.entries) {
    const id = `${entry.keySpan.path}\u0000${entry.spelling}`;
    if (!last.has(id)) order.push(id);
    last.set(id, entry);
  }
  const distinct = order.flatMap((id) => {
    const entry = last.get(id);
    return entry === undefined ? [] : [entry];
  });
  if (distinct.length <= 1) return { kind: "lastWins", decisive: final };
  for (const entry of distinct.slice(1)) {
    if (!entry.spelling.includes("-")) return { kind: "rejects", decisive: entry };
  }
  return { kind: "silent", decisive: distinct.at(-1) ?? final };
}

function sameValues(entries: ConfigEntry[]): boolean {
  const first = JSON.stringify(entries[0]?.node.value ?? null);
  return entries.every((e) => JSON.stringify(e.node.value) === first);
}

/**
 * NXC208: a top-level key written twice, in one file or across the files of a config set,
 * including `train-iters` next to `train_iters` (knowledge/pitfalls.md §3 and item 9).
 */
export const duplicateKeyRule = defineRule(
  {
    id: "NXC208",
    name: "duplicate-key",
    severity: "warning",
    description: "A config key written twice, in one file or across a config set (including `-`/`_` twins).",
    messages: {
      lastWins:
        "`{{spelling}}` is written {{count}} times in this file: PyYAML keeps only the last value ({{value}}) and silently drops the others{{same}}. Keep one.",
      rejects:
        "`{{key}}` is set more than once{{scope}} (as {{spellings}}): NeoX refuses to start (`ValueError: ... duplicate keys with previously loaded file: {{spelling}}`). Keep one.",
      silent:
        "`{{key}}` is set more than once{{scope}} (as {{spellings}}): NeoX's duplicate check appears to miss this order (underscore spelling first, hyphen spelling later; inferred from NeoX's code, not observed), so the value written here ({{value}}) would silently replace the earlier one{{same}}. Keep one.",
    },
  },
  (ctx) => {
    const seen = new Set<string>();
    const consider = (dup: DuplicateKey): void => {
      if (dup.entries.length < 2) return;
      const outcome = outcomeOf(dup);
      if (outcome === null) return;
      const at = outcome.decisive;
      const id = `${dup.scope}\u0000${at.keySpan.path}\u0000${dup.key}`;
      if (seen.has(id)) return;
      seen.add(id);
      const related: RelatedLocation[] = dup.entries
        .filter((e) => e !== at)
        .map((e, i) => ({
          label: i === 0 ? "first written here" : "also written here",
          location: e.keySpan,
        }));
      const spellings = [...new Set(dup.entries.map((e) => `\`${e.spelling}\``))].join(", ");
      const files = [...new Set(dup.entries.map((e) => e.keySpan.path))];
      const same = sameValues(dup.entries)
        ? " (the values are equal today, but an edit to the dropped one will have no effect)"
        : "";
      // That NeoX misses the "underscore first, hyphen later" order is read from its code (pitfalls.md §3).
      const certainty: Certainty =
        outcome.kind === "silent"
          ? {
              level: "inferred",
              detail: "that NeoX misses this order is read from its code (arguments.py from_ymls)",
            }
          : { level: "certain" };
      ctx.report({
        messageId: outcome.kind,
        data: {
          key: dup.key,
          spelling: at.spelling,
          spellings,
          count: dup.entries.length,
          value: describeNode(at.node, 60),
          same,
          scope: files.length > 1 ? ` across the config set (${files.join(", ")})` : " in this file",
        },
        location: at.keySpan,
        related,
        certainty,
        key: `${dup.scope}:${dup.key}`,
      });
    };
    for (const file of ctx.head.configs) {
      for (const dup of file.duplicates) if (dup.scope === "file") consider(dup);
    }
    for (const set of ctx.head.configSets) {
      for (const dup of set.duplicates) if (dup.scope === "set") consider(dup);
    }
  },
);
