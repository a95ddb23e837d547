import type { ConfigSet } from "../../model/index.js";
import { topLevelExact } from "./config-values.js";

/**
 * Keys a launch usually takes from a separate setup file passed next to the model config: the paths to
 * the data, the tokenizer files and the checkpoints. Upstream ships `configs/local_setup.yml` for exactly
 * this (`deepy.py train.py configs/125M.yml configs/local_setup.yml`), and none of its model configs
 * write these keys themselves.
 */
const LAUNCH_KEYS: ReadonlySet<string> = new Set([
  "vocab_file",
  "merge_file",
  "data_path",
  "train_data_paths",
  "valid_data_paths",
  "test_data_paths",
  "train_label_data_paths",
  "valid_label_data_paths",
  "test_label_data_paths",
  "train_data_weights",
  "valid_data_weights",
  "test_data_weights",
  "load",
  "save",
]);

/** Whether `key` is one a launch usually supplies through a separate setup file. */
export function isLaunchKey(key: string): boolean {
  return LAUNCH_KEYS.has(key);
}

/**
 * Whether a key not written anywhere in the set is certainly absent from the run:
 * - never for a fragment (another file of the run may write it);
 * - always for a declared config set that is a whole run (the repository said which files run together);
 * - for a lone whole config, except the launch keys above, which a setup file usually supplies.
 */
export function surelyAbsent(set: ConfigSet, key: string): boolean {
  if (topLevelExact(set, key, null).state === "unknown") return false;
  if (set.declared) return true;
  return !isLaunchKey(key);
}

/** Where "not written" may still be written: the words for an `unknown` certainty. */
export function elsewhere(set: ConfigSet, keys: string): string {
  return set.whole && !set.declared
    ? `${keys} may come from a setup file passed with this config (as upstream's configs/local_setup.yml supplies them); declare the files of the run as a config set in .github/neox-check.yml to check this`
    : `${keys} may be set by another config file of the run`;
}

/** A fingerprint key for a finding on a set: the key path, plus the set name for declared sets. */
export function setKey(set: ConfigSet, path: string): string {
  return set.declared ? `${path}@${set.name}` : path;
}
