import type { ConfigSet, JsonValue, RelatedLocation, Span } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { setStart, show, topLevel, writtenTrue } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";

/** What a set loads: a checkpoint path, nothing, or unknown (a fragment that does not say). */
type LoadState = { kind: "path"; path: string; at: Span } | { kind: "none" } | { kind: "unknown" };

function loadOf(set: ConfigSet): LoadState {
  const load = set.effective.load;
  if (load.state === "unknown") return { kind: "unknown" };
  if (load.state === "set" && typeof load.value === "string" && load.value.trim() !== "")
    return { kind: "path", path: load.value, at: load.at };
  return { kind: "none" };
}

/** A setting that shapes the checkpoint, as the set has it: its value (when known) and where it is written. */
interface Setting {
  value: JsonValue;
  at: Span | null;
}

type Watched = "model_parallel_size" | "make_vocab_size_divisible_by" | "tokenizer_type" | "vocab_file";

function settingOf(set: ConfigSet, key: Watched): Setting | null {
  if (key === "model_parallel_size") {
    const mp = set.effective.modelParallelSize;
    if (mp.state === "unknown") return null;
    // NeoX treats a model parallel size below 1 as 1.
    return { value: Math.max(mp.value, 1), at: mp.state === "set" ? mp.at : null };
  }
  const fallback =
    key === "make_vocab_size_divisible_by" ? 128 : key === "tokenizer_type" ? "GPT2BPETokenizer" : null;
  const lookup = topLevel(set, key, fallback);
  if (lookup.state === "unknown") return null;
  // A lone config usually leaves the vocabulary file to a setup file: its absence says nothing.
  if (key === "vocab_file" && lookup.state !== "set") return null;
  return { value: lookup.value, at: lookup.state === "set" ? lookup.entry.node.span : null };
}

function same(key: Watched, a: JsonValue, b: JsonValue): boolean {
  // NeoX compares tokenizer names case-insensitively.
  if (key === "tokenizer_type" && typeof a === "string" && typeof b === "string")
    return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

const WATCHED: readonly Watched[] = [
  "model_parallel_size",
  "make_vocab_size_divisible_by",
  "tokenizer_type",
  "vocab_file",
];

/**
 * NXC221: a pull request that changes `model_parallel_size`, `make_vocab_size_divisible_by` or the
 * tokenizer of a config that loads a checkpoint (knowledge/pitfalls.md item 22). NeoX pads the vocabulary
 * to a multiple of `make_vocab_size_divisible_by` x `model_parallel_size`, and shards the weights by model
 * parallel rank, so the checkpoint saved under the old settings no longer fits (`size mismatch for
 * word_embeddings.weight`). Needs a base to compare with; a changed `load` path means a new checkpoint.
 */
export const checkpointShapeChangeRule = defineRule(
  {
    id: "NXC221",
    name: "checkpoint-shape-change",
    severity: "warning",
    description:
      "A change to `model_parallel_size`, `make_vocab_size_divisible_by` or the tokenizer of a config that loads a checkpoint.",
    messages: {
      changed:
        "This change sets `{{key}}` to {{now}} (it was {{before}}) in a config that loads the checkpoint in {{load}}. NeoX pads the vocabulary to a multiple of `make_vocab_size_divisible_by` x `model_parallel_size` and shards weights by model-parallel rank, so a checkpoint saved with the old value no longer fits: loading fails with `size mismatch for word_embeddings.weight` (gpt-neox#645, #773). Keep the value the checkpoint was saved with, or reshard/convert the checkpoint first.",
      tokenizerChanged:
        "This change sets `{{key}}` to {{now}} (it was {{before}}) in a config that loads the checkpoint in {{load}}. A different tokenizer usually has a different vocabulary size, so the checkpoint's embedding no longer fits (`size mismatch for word_embeddings.weight`, gpt-neox#612); with the same size, the model reads token ids it was not trained on. Keep the tokenizer the checkpoint was trained with.",
    },
  },
  (ctx) => {
    if (ctx.base === null) return;
    for (const head of ctx.head.configSets) {
      const base = ctx.base.configSets.find((b) => b.name === head.name && b.declared === head.declared);
      if (base === undefined) continue;
      const headLoad = loadOf(head);
      const baseLoad = loadOf(base);
      const ft = head.effective.finetune;
      const finetune = writtenTrue(ft);
      if (headLoad.kind === "none" || (headLoad.kind === "unknown" && !finetune)) continue;
      // A different checkpoint (or none before) may well match the new settings.
      if (headLoad.kind === "path" && (baseLoad.kind !== "path" || baseLoad.path !== headLoad.path)) continue;
      if (headLoad.kind === "unknown" && baseLoad.kind !== "unknown") continue;
      const loadHere: RelatedLocation[] =
        headLoad.kind === "path" ? [{ label: "loads here", location: headLoad.at }] : [];
      const anchor = headLoad.kind === "path" ? headLoad.at : writtenTrue(ft) ? ft.at : setStart(head);
      for (const key of WATCHED) {
        const now = settingOf(head, key);
        const before = settingOf(base, key);
        if (now === null || before === null || same(key, now.value, before.value)) continue;
        const location = now.at ?? anchor;
        if (location === null || location === undefined) continue;
        const describe = (s: Setting): string =>
          `\`${show(s.value)}\`${s.at === null ? " (NeoX's default)" : ""}`;
        const tokenizer = key === "tokenizer_type" || key === "vocab_file";
        const loadWords =
          headLoad.kind === "path" ? `\`${headLoad.path}\`` : "`load` (set in another file of the run)";
        ctx.report({
          messageId: tokenizer ? "tokenizerChanged" : "changed",
          data: {
            key,
            now: describe(now),
            before: describe(before),
            load: loadWords,
          },
          location,
          related: loadHere,
          ...(headLoad.kind === "unknown"
            ? {
                severity: "info" as const,
                certainty: {
                  level: "unknown" as const,
                  detail:
                    "`finetune` is set but `load` is not set in this file; the checkpoint may come from another file of the run",
                },
              }
            : key === "vocab_file"
              ? {
                  severity: "info" as const,
                  certainty: {
                    level: "unknown" as const,
                    detail: "whether the new vocabulary file has a different size than the old one",
                  },
                }
              : {
                  // The checkpoint itself is not in the repository: that it was saved with the old
                  // value is likely (the base loaded it), not established (`load` may be a new run's
                  // resume directory that holds nothing yet).
                  certainty: {
                    level: "unknown" as const,
                    detail: `whether the checkpoint in ${loadWords} was saved with the old \`${key}\` (neox-check cannot see the checkpoint)`,
                  },
                }),
          key: setKey(head, `checkpoint:${key}`),
        });
      }
    }
  },
);
