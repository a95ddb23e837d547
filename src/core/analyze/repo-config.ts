import type { Workspace } from "../model/index.js";
import type { WorkspaceModel } from "../engine/types.js";
import { loadRepoConfig, type RepoConfigProblem, type RepoConfigSource } from "../engine/load-repo-config.js";
import { resolveExtends } from "../engine/resolve-extends.js";
import { defaultRepoConfig, type RepoConfig } from "../engine/repo-config.js";
import type { AnalyzeOptions } from "../analyze.js";
import { checkedRepoConfigSchema } from "./repo-config-schema.js";

/** The repository configuration file, read from the head when the caller does not supply it. */
export const REPO_CONFIG_PATH = ".github/neox-check.yml";

/** The repo config an analysis runs with, and what became of its `ignore` entries today. */
export interface AnalysisConfig {
  config: RepoConfig;
  /** The file it came from, or null for none (the defaults). */
  path: string | null;
  problems: RepoConfigProblem[];
  /** `ignore` entries still in force (no `until`, or `until` today or later). */
  activeIgnores: RepoConfig["ignore"];
  /** `ignore` entries past their `until`: they stop applying, and the report says so. */
  expiredIgnores: WorkspaceModel["repoConfig"]["expiredIgnores"];
}

/**
 * Reads and validates the repo config against this build's rules (the caller's value, or the file from
 * the head), following `_extends` from the local repository, and splits its `ignore` entries by date.
 */
export async function loadAnalysisConfig(
  head: Workspace,
  options: Pick<AnalyzeOptions, "repoConfig" | "configPath" | "extends" | "today">,
): Promise<AnalysisConfig> {
  const source = await readConfigSource(head, options);
  const loaded = source
    ? await loadWithExtends(source, head, options)
    : { config: defaultRepoConfig, problems: [] };
  const config = loaded.config;
  const activeIgnores = config.ignore.filter(
    (entry) => entry.until === undefined || entry.until >= options.today,
  );
  const expiredIgnores = config.ignore
    .filter((entry) => entry.until !== undefined && entry.until < options.today)
    .map((entry) => ({
      rule: entry.rule,
      path: entry.path,
      until: entry.until as string,
      reason: entry.reason,
    }));
  return { config, path: source?.path ?? null, problems: loaded.problems, activeIgnores, expiredIgnores };
}

/** Validates the repo config against this build's rules, following `_extends` from the local repository. */
async function loadWithExtends(
  source: RepoConfigSource,
  head: Workspace,
  options: Pick<AnalyzeOptions, "extends">,
): Promise<{ config: RepoConfig; problems: RepoConfigProblem[] }> {
  const chain = await resolveExtends(source, {
    repository: options.extends?.repository ?? null,
    read: options.extends?.read ?? ((path) => head.read(path)),
    defaultPath: REPO_CONFIG_PATH,
  });
  const loaded = loadRepoConfig(chain.sources, checkedRepoConfigSchema);
  return { config: loaded.config, problems: [...chain.problems, ...loaded.problems] };
}

async function readConfigSource(
  head: Workspace,
  options: Pick<AnalyzeOptions, "repoConfig" | "configPath">,
): Promise<RepoConfigSource | null> {
  if (options.repoConfig === null) return null;
  if (options.repoConfig !== undefined) {
    const { path, value, text } = options.repoConfig;
    return text !== undefined ? { path, text } : { path, value };
  }
  const path = options.configPath ?? REPO_CONFIG_PATH;
  const text = await head.read(path);
  if (text === null) return null;
  return { path, text };
}
