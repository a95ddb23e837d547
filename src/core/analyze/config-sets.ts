import type { ConfigFile, ConfigSet, Diagnostic } from "../model/index.js";
import type { RepoConfig } from "../engine/repo-config.js";
import { buildConfigSet } from "../parse/config-set.js";
import { REPO_CONFIG_PATH } from "./repo-config.js";

/** `./configs/a.yml` and `/configs/a.yml` name `configs/a.yml`. */
function normalisePath(path: string): string {
  return path.replace(/^(?:\.\/|\/)+/, "");
}

/** The files the repo config declares in a config set: configs, whatever they look like. */
export function declaredConfigPaths(config: RepoConfig): Set<string> {
  return new Set(config.config_sets.flatMap((s) => s.files.map(normalisePath)));
}

/**
 * Declared sets first (their files are judged only within them); every other config is a set of one. A
 * declared file that is not a config of this snapshot is a diagnostic on the repo config.
 */
export function buildConfigSets(
  configs: ConfigFile[],
  config: RepoConfig,
  diagnostics: Diagnostic[],
): ConfigSet[] {
  const byPath = new Map(configs.map((c) => [c.path, c]));
  const inDeclared = new Set<string>();
  const sets: ConfigSet[] = [];
  for (const [index, declared] of config.config_sets.entries()) {
    const files: ConfigFile[] = [];
    for (const path of declared.files) {
      const file = byPath.get(normalisePath(path));
      if (file === undefined) {
        diagnostics.push({
          path: REPO_CONFIG_PATH,
          line: 1,
          column: 1,
          code: "config-set-missing-file",
          message: `config set ${declared.name ?? index + 1}: ${path} is not a NeoX config in this snapshot`,
        });
        continue;
      }
      files.push(file);
      inDeclared.add(file.path);
    }
    if (files.length > 0)
      sets.push(
        buildConfigSet(files, {
          name: declared.name ?? files.map((f) => f.path).join(" + "),
          declared: true,
        }),
      );
  }
  for (const file of configs) {
    if (!inDeclared.has(file.path) && file.ok)
      sets.push(buildConfigSet([file], { name: file.path, declared: false }));
  }
  return sets;
}
