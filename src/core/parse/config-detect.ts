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

/** A key at the start of a line, in block style (`train_iters: 1`) or flow style (`"train_iters": 1,`). */
const KEY_LINE = /^\s*[{,]?\s*["']?([A-Za-z_][\w-]*)["']?\s*:/;

/**
 * The NeoX-specific argument names (with an underscore) written as keys in a text that does not load,
 * by its lines: a YAML error further down hides nothing above or below it from a reader.
 */
function neoxKeysInText(text: string, args: NeoxArgsInfo, removed: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const key = KEY_LINE.exec(line)?.[1]?.replace(/-/g, "_");
    if (key === undefined || !key.includes("_")) continue;
    if (Object.hasOwn(args.args, key) || removed.has(key)) found.add(key);
  }
  return [...found];
}

/** Is the argument's type a list or dict, so that a list value is a value, not a set of alternatives? */
function takesList(args: NeoxArgsInfo, key: string): boolean {
  const type = args.args[key]?.type ?? "";
  return /list|dict|tuple|sequence|any/i.test(type);
}

/**
 * A launcher's sweep grid (savanna's `launcher/.../search_configs/*.yml`: `{"use_cgcg": [false, true]}`),
 * whose values are lists of alternatives that a launcher expands into many configs: most top-level
 * values are lists, and at least one of them is a NeoX argument that does not take a list.
 */
function isSweepGrid(file: ConfigFile, args: NeoxArgsInfo): boolean {
  const entries = file.root?.entries ?? [];
  if (entries.length === 0) return false;
  const lists = entries.filter((e) => e.node.kind === "seq");
  if (lists.length * 2 < entries.length) return false;
  return lists.some((e) => Object.hasOwn(args.args, e.key) && !takesList(args, e.key));
}

/**
 * Whether a YAML file is a GPT-NeoX config at all, rather than a workflow, a conda environment, a
 * docker-compose file or another tool's settings. A file that loads is one when at least half of its
 * top-level keys are NeoX arguments (current or removed) and at least one of them is a NeoX-specific name
 * (one with an underscore: `train_iters`, `zero_optimization`, `global_num_gpus`), so a file of generic
 * words (`include`, `exclude`, `seed`, `optimizer`) is not taken for one. A file that does not load is
 * judged by its content, wherever it lives: NeoX-specific keys visible in its lines (at least two), as in
 * a config with a stray text line inside its `{...}`; with none, by its place (`configs/...`, a `neox`
 * name). A launcher's sweep grid (lists of alternatives, `isSweepGrid`) is not a training config.
 */
export function looksLikeNeoxConfig(
  path: string,
  file: ConfigFile,
  args: NeoxArgsInfo,
  text?: string,
): boolean {
  if (OTHER_TOOLS.some((pattern) => pattern.test(path))) return false;
  const removed = new Set(removedNeoxArgs().map((arg) => arg.name));
  if (!file.ok) {
    if (text !== undefined && neoxKeysInText(text, args, removed).length >= 2) return true;
    return CONFIG_PLACE.test(path);
  }
  const keys = Object.keys(file.keys);
  if (keys.length === 0) return false;
  if (isSweepGrid(file, args)) return false;
  const known = keys.filter((key) => Object.hasOwn(args.args, key) || removed.has(key));
  const specific = known.filter((key) => key.includes("_"));
  return known.length * 2 >= keys.length && specific.length >= 1;
}
