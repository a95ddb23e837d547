import type { JsonValue } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { nested, pyEquals, show, written } from "./support/config-values.js";

/**
 * Top-level keys NeoX overwrites from `zero_optimization` (arguments.py `calculate_derived`), with the
 * `zero_optimization` key each comes from and DeepSpeed's default there (NeoX's `ZERO_DEFAULTS`).
 */
const DERIVED: Record<string, { from: string; fallback: JsonValue }> = {
  zero_stage: { from: "stage", fallback: 0 },
  zero_reduce_scatter: { from: "reduce_scatter", fallback: true },
  zero_contiguous_gradients: { from: "contiguous_gradients", fallback: false },
  zero_reduce_bucket_size: { from: "reduce_bucket_size", fallback: 500000000 },
  zero_allgather_bucket_size: { from: "allgather_bucket_size", fallback: 500000000 },
};

const INFERRED = "read from NeoX's calculate_derived code (arguments.py); no upstream report confirms it";

/** `zero_stage` and its siblings written at top level are ignored (pitfalls.md item 12, inferred). */
export const derivedKeyIgnoredRule = defineRule(
  {
    id: "NXC210",
    name: "derived-key-ignored",
    severity: "warning",
    description:
      "`zero_stage` and other keys NeoX derives from `zero_optimization`, written at top level (ignored).",
    messages: {
      ignored:
        "`{{spelling}}: {{value}}` is ignored: NeoX overwrites `{{key}}` from `zero_optimization.{{from}}` at start, {{effective}}, so the run does not use the value written here (inferred from NeoX's code). Move it into the `zero_optimization` dict as `{{from}}: {{value}}` and remove this line.",
    },
  },
  eachConfigSet((set, ctx) => {
    // With DeepSpeed autotuning NeoX keeps a non-integer ZeRO stage as given: leave those configs alone.
    if (written(set, "autotuning") !== undefined) return;
    for (const [key, { from, fallback }] of Object.entries(DERIVED)) {
      const entry = written(set, key);
      if (entry === undefined) continue;
      const source = nested(set, ["zero_optimization", from], fallback);
      // Written the same in both places: nothing is lost.
      if (source.state !== "unknown" && pyEquals(source.value, entry.node.value)) continue;
      const effective =
        source.state === "set"
          ? `which is ${show(source.value)} here`
          : source.state === "default"
            ? `which is not set, so NeoX uses ${show(fallback)}`
            : `which is not in this file (another config file may set it; otherwise NeoX uses ${show(fallback)})`;
      ctx.report({
        messageId: "ignored",
        data: { spelling: entry.spelling, key, value: show(entry.node.value), from, effective },
        location: entry.keySpan,
        related:
          source.state === "set" ? [{ label: "the value NeoX uses", location: source.entry.node.span }] : [],
        certainty: { level: "inferred", detail: INFERRED },
        fix: {
          description: `Move the value into \`zero_optimization\` as \`${from}: ${show(entry.node.value)}\` and remove \`${entry.spelling}\`.`,
          edits: [],
        },
        key,
      });
    }
  }),
);
