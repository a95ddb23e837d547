import type { ConfigFile } from "../model/config.js";
import type { NeoxArgsInfo } from "../model/neox-args.js";
import { removedNeoxArgs } from "./neox-args.js";

/** YAML files that belong to other tools, whatever their keys. */
const OTHER_TOOLS: readonly RegExp[] = [
  /(?:^|\/)\.github\//, // workflows, dependabot, .github/neox-check.yml
  /(?:^|\/)\.gitlab-ci\.ya?ml$/i,
  /(?:^|\/)\.circleci\//,
  /(?:^|\/)\.travis\.ya?ml$/i,
  /(?:^|\/)environment[^/]*\.ya?ml$/i, // conda
  /(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/i,
  /(?:^|\/)\.pre-commit-(?:config|hooks)\.ya?ml$/i,
  /(?:^|\/)(?:mkdocs|codecov|action|app|\.readthedocs|\.codecov|pnpm-lock|Chart|values)\.ya?ml$/i,
];

/** Where a config that does not even load is still probably a NeoX config. */
const CONFIG_PLACE = /(?:^|\/)(?:configs?|[^/]*neox[^/]*)\/|neox[^/]*\.ya?ml$/i;

/**
 * Whether a YAML file is a GPT-NeoX config at all, rather than a workflow, a conda environment, a
 * docker-compose file or another tool's settings. A file that loads is one when at least half of its
 * top-level keys are NeoX arguments (current or removed) and at least one of them is a NeoX-specific name
 * (one with an underscore: `train_iters`, `zero_optimization`, `global_num_gpus`), so a file of generic
 * words (`include`, `exclude`, `seed`, `optimizer`) is not taken for one. A file that does not load is
 * judged by its place (`configs/...`, a `neox` name).
 */
export function looksLikeNeoxConfig(path: string, file: ConfigFile, args: NeoxArgsInfo): boolean {
  if (OTHER_TOOLS.some((pattern) => pattern.test(path))) return false;
  if (!file.ok) return CONFIG_PLACE.test(path);
  const keys = Object.keys(file.keys);
  if (keys.length === 0) return false;
  const removed = new Set(removedNeoxArgs().map((arg) => arg.name));
  const known = keys.filter((key) => Object.hasOwn(args.args, key) || removed.has(key));
  const specific = known.filter((key) => key.includes("_"));
  return known.length * 2 >= keys.length && specific.length >= 1;
}
