import { dependencySourceFor } from "../parse/deps/index.js";
import { NEOX_CHECK_FILES } from "../environment/neox-environment.js";
import { REPO_CONFIG_PATH } from "./repo-config.js";

/** NeoX's argument code (`megatron/neox_arguments/*.py`) or a derived framework's (`savanna/arguments/*.py`). */
export const NEOX_ARGS_SOURCE = /(?:^|\/)(?:megatron\/neox_arguments|[^/]+\/arguments)\/[^/]+\.py$/;
export const YAML_FILE = /\.ya?ml$/i;
/** A NeoX-style training entry point: training code of the repository's own, arguments read or not. */
export const TRAINING_ENTRY = /(?:^|\/)(?:deepy\.py|train\.py|launch\.py|training\.py)$/;

/** Could a change to this path change what neox-check says? (configs, pins, the repo config, NeoX's args) */
export function isCandidatePath(path: string): boolean {
  return (
    YAML_FILE.test(path) ||
    dependencySourceFor(path) !== null ||
    NEOX_ARGS_SOURCE.test(path) ||
    (path.endsWith(".py") && NEOX_CHECK_FILES.has(path.split("/").pop() ?? "")) ||
    path === REPO_CONFIG_PATH
  );
}
