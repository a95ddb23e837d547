/**
 * The one entry point, `analyze()`: a head snapshot (and optionally a base) in, a report out. Its steps
 * live in `src/core/analyze/`, one job per file: the repo config (`repo-config.ts`), which paths matter
 * (`candidate-paths.ts`), reading a snapshot into the rules' model (`build-model.ts`, with
 * `config-sets.ts` and `resolve-refs.ts`), suppressions (`apply-suppressions.ts`) and the head/base
 * comparison (`compare-runs.ts`).
 */
import type { CommitResolver, Report, Workspace } from "./model/index.js";
import { countsInScope } from "./engine/in-scope.js";
import { runRules } from "./engine/run-rules.js";
import { loadKnowledge } from "./knowledge/index.js";
import { rules } from "./rules/index.js";
import { suppressorFor } from "./analyze/apply-suppressions.js";
import { buildModel } from "./analyze/build-model.js";
import { compareRuns } from "./analyze/compare-runs.js";
import { failsAt } from "./engine/severity.js";
import { loadAnalysisConfig } from "./analyze/repo-config.js";

export { REPO_CONFIG_PATH } from "./analyze/repo-config.js";
export { buildModel, type BuildModelOptions } from "./analyze/build-model.js";
export { isCandidatePath } from "./analyze/candidate-paths.js";
export { listRuleInfo } from "./analyze/rule-info.js";

export interface AnalyzeOptions {
  /** Compare against this snapshot (the PR's base, or the merge base). */
  base?: Workspace | null;
  /**
   * The repo configuration as already loaded (Probot's `context.config`), with its path; `null` for none;
   * `undefined` to read `.github/neox-check.yml` (or `configPath`) from the head.
   */
  repoConfig?: { path: string; value: unknown; text?: string } | null;
  /** A path inside the head to read the repo config from (CLI `--config`). */
  configPath?: string;
  /** Overrides `fail_on` from the repo config (CLI `--fail-on`). */
  failOn?: "error" | "warning" | "never";
  /** An extra resolver for fork commits the shipped table does not know (the App's GitHub compare API). */
  resolver?: CommitResolver;
  /** Today's date, `YYYY-MM-DD`: ignore entries past their `until` stop applying. */
  today: string;
  /**
   * How the repo config's `_extends` is followed when analyze reads the file itself (the CLI): the
   * repository being checked (`owner/repo`, null when unknown) and a reader of its files (default: the
   * head). Other repositories are never fetched. The App hands over Probot's already-merged value.
   */
  extends?: { repository: string | null; read?: (path: string) => Promise<string | null> };
}

/**
 * The one entry point: a head snapshot (and optionally a base) in, a report out. Never throws on
 * repository content; a rule that throws becomes a diagnostic.
 */
export async function analyze(head: Workspace, options: AnalyzeOptions): Promise<Report> {
  const knowledge = loadKnowledge();
  const { config, path, problems, activeIgnores, expiredIgnores } = await loadAnalysisConfig(head, options);

  const headBuilt = await buildModel(head, { config, resolver: options.resolver, knowledge });
  headBuilt.model.repoConfig = { path, problems, expiredIgnores };
  const baseBuilt = options.base
    ? await buildModel(options.base, { config, resolver: options.resolver, knowledge })
    : null;

  const headRun = runRules({
    rules,
    head: headBuilt.model,
    base: baseBuilt?.model ?? null,
    knowledge,
    config,
  });
  const baseRun = baseBuilt
    ? runRules({ rules, head: baseBuilt.model, base: null, knowledge, config })
    : null;

  const findings = await compareRuns(
    { findings: headRun.findings, suppressor: suppressorFor(head, headBuilt.texts, activeIgnores) },
    options.base && baseBuilt && baseRun
      ? {
          findings: baseRun.findings,
          suppressor: suppressorFor(options.base, baseBuilt.texts, activeIgnores),
        }
      : null,
  );

  const failOn = options.failOn ?? config.fail_on;
  const compared = baseBuilt !== null;
  const inScope = findings.filter((f) => countsInScope(f, { scope: config.scope, compared }));
  return {
    findings,
    diagnostics: [...headBuilt.diagnostics, ...headRun.diagnostics],
    files: {
      configs: headBuilt.model.configs.map((c) => c.path),
      dependencies: headBuilt.model.dependencyFiles.map((d) => d.path),
    },
    environment: {
      neox: headBuilt.model.environment.neox.summary,
      deepspeed: headBuilt.model.environment.deepspeed.summary,
    },
    compared,
    failOn,
    scope: config.scope,
    failed: inScope.some((f) => failsAt(f.severity, failOn)),
  };
}
