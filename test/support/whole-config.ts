/**
 * The two lines that make a config file a whole run rather than a fragment (a model-shape key and a
 * training length, see src/core/parse/config-fragment.ts), so NeoX's defaults apply to what it omits.
 */
export const WHOLE = "num_layers: 2\ntrain_iters: 100\n";

/** A whole run with a small model shape: the given lines first (so their line numbers are 1, 2, ...). */
export function whole(...lines: string[]): string {
  return [
    ...lines,
    "num_layers: 2",
    "hidden_size: 64",
    "num_attention_heads: 4",
    "max_position_embeddings: 128",
    "train_iters: 100",
    "",
  ].join("\n");
}
