import type { ConfigEntry } from "../model/config.js";

/** Keys that give a model its shape; NeoX refuses to start without `num_layers`, `hidden_size` and heads. */
export const MODEL_SHAPE_KEYS = [
  "num_layers",
  "hidden_size",
  "num_attention_heads",
  "seq_length",
  "max_position_embeddings",
] as const;

/** Keys that say how long to train; NeoX needs one of them (`train_epochs` exists in newer NeoX only). */
export const TRAINING_LENGTH_KEYS = ["train_iters", "train_epochs"] as const;

/**
 * Whether a file is clearly a fragment meant to be merged with others (`deepy.py train.py a.yml b.yml`),
 * rather than a whole run. A whole run needs both the model's shape and a training length, so a file
 * without any model-shape key (`local_setup.yml`, `llama/train_config.yml`) or without any training
 * length (the model-only `llama/7B.yml`, `mistral/7B.yml`) cannot be run on its own.
 */
export function isFragment(keys: Readonly<Record<string, ConfigEntry>>): boolean {
  const has = (key: string): boolean => Object.hasOwn(keys, key);
  return !MODEL_SHAPE_KEYS.some(has) || !TRAINING_LENGTH_KEYS.some(has);
}
