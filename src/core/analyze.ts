import type {
  CommitResolver,
  ConfigFile,
  ConfigSet,
  Diagnostic,
  Finding,
  FindingStatus,
  RefResolution,
  Report,
  ReportedFinding,
  RuleInfo,
  Severity,
  Suppression,
  Workspace,
} from "./model/index.js";
import { loadRepoConfig, type RepoConfigProblem, type RepoConfigSource } from "./engine/load-repo-config.js";
import { resolveExtends } from "./engine/resolve-extends.js";
import { checkedRepoConfigSchema } from "./repo-config-schema.js";
import { defaultRepoConfig, type RepoConfig } from "./engine/repo-config.js";
import { matchesAny } from "./engine/glob.js";
import { countsInScope } from "./engine/in-scope.js";
import { runRules } from "./engine/run-rules.js";
import { findSuppression, parseSuppressions, type InlineSuppression } from "./engine/suppressions.js";
import { refKey, type WorkspaceModel } from "./engine/types.js";
import { buildConfigSet } from "./parse/config-set.js";
import { MAX_TEXT_BYTES } from "./parse/decode-text.js";
import { looksLikeNeoxConfig, parseConfig } from "./parse/config.js";
import { dependencySourceFor, parseDependencies } from "./parse/deps/index.js";
import { readNeoxArgsFromSource, shippedNeoxArgs } from "./parse/neox-args.js";
import { buildEnvironment } from "./environment/build-environment.js";
import { NEOX_CHECK_FILES, packageDirOf, type NeoxCodeFile } from "./environment/neox-environment.js";
import { chainResolvers, createTableResolver, loadKnowledge } from "./knowledge/index.js";
import type { Knowledge } from "./knowledge/types.js";
import { DEEPERSPEED_REPO } from "./knowledge/repositories.js";
import { rules } from "./rules/index.js";

/** The repository configuration file, read from the head when the caller does not supply it. */
export const REPO_CONFIG_PATH = ".github/neox-check.yml";

/** Files larger than this are not read as configs or pins (a diagnostic says so). */
export const MAX_FILE_BYTES = MAX_TEXT_BYTES;

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

export interface BuildModelOptions {
  config?: RepoConfig;
  resolver?: CommitResolver;
  knowledge?: Knowledge;
}

/** NeoX's argument code (`megatron/neox_arguments/*.py`) or a derived framework's (`savanna/arguments/*.py`). */
const NEOX_ARGS_SOURCE = /(?:^|\/)(?:megatron\/neox_arguments|[^/]+\/arguments)\/[^/]+\.py$/;
const YAML_FILE = /\.ya?ml$/i;
/** A NeoX-style training entry point: training code of the repository's own, arguments read or not. */
const TRAINING_ENTRY = /(?:^|\/)(?:deepy\.py|train\.py|launch\.py|training\.py)$/;

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

/** Metadata of every registered rule, for renderers (SARIF, `/neox-check explain`). */
export function listRuleInfo(): RuleInfo[] {
  return rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.name,
    severity: rule.meta.severity,
    description: rule.meta.description,
    docsUrl: rule.meta.docsUrl,
    advisories: loadKnowledge()
      .advisories.filter((a) => a.rules.includes(rule.meta.id))
      .map((a) => a.id),
  }));
}

/**
 * Reads one snapshot into the model the rules see: configs and config sets, dependency files and pins,
 * NeoX's argument list, and the fork refs resolved. Unreadable or oversized files become diagnostics.
 */
export async function buildModel(
  ws: Workspace,
  options: BuildModelOptions = {},
): Promise<{ model: WorkspaceModel; diagnostics: Diagnostic[]; texts: ReadonlyMap<string, string> }> {
  const config = options.config ?? defaultRepoConfig;
  const knowledge = options.knowledge ?? loadKnowledge();
  const diagnostics: Diagnostic[] = [];
  const all = (await ws.list()).filter(
    (p) => matchesAny(p, config.include) && !matchesAny(p, config.exclude) && p !== REPO_CONFIG_PATH,
  );
  const listed = new Set(all);
  const texts = new Map<string, string>();
  const read = async (path: string): Promise<string | null> => {
    const cached = texts.get(path);
    if (cached !== undefined) return cached;
    // A path that is not in the snapshot (an include that names a missing file) is the parser's to report.
    if (!listed.has(path)) return null;
    const text = await ws.read(path);
    if (text === null) {
      // The workspace's decoder says why (the same decoder for the CLI and the App).
      const problem = ws.readProblem?.(path) ?? null;
      diagnostics.push(
        problem === null
          ? fileDiagnostic(path, "unreadable", `${path} could not be read as text (binary or too large)`)
          : {
              path,
              line: problem.line,
              column: problem.column,
              code: problem.code,
              message: `${path} ${problem.message}`,
            },
      );
      return null;
    }
    if (text.length > MAX_FILE_BYTES) {
      diagnostics.push(fileDiagnostic(path, "too-large", `${path} is larger than 1 MiB and was not checked`));
      return null;
    }
    texts.set(path, text);
    return text;
  };

  // NeoX's own argument list wins when the repository contains NeoX.
  const argSources: Array<{ path: string; text: string }> = [];
  for (const path of all.filter((p) => NEOX_ARGS_SOURCE.test(p))) {
    const text = await read(path);
    if (text !== null) argSources.push({ path, text });
  }
  const neoxArgs = (argSources.length > 0 ? readNeoxArgsFromSource(argSources) : null) ?? shippedNeoxArgs();
  // The code files the known NeoX checks live in, inside the package folders the arguments came from.
  const neoxCode: NeoxCodeFile[] = [];
  if (neoxArgs.source === "repository") {
    const packages = [...new Set(neoxArgs.paths.map(packageDirOf))];
    for (const path of all) {
      const base = path.split("/").pop() ?? "";
      if (!path.endsWith(".py") || !NEOX_CHECK_FILES.has(base)) continue;
      if (!packages.some((dir) => path.startsWith(dir))) continue;
      const text = await read(path);
      if (text !== null) neoxCode.push({ path, text });
    }
  }

  // A file the user declared in a config set is a config, whatever it looks like.
  const declared = new Set(config.config_sets.flatMap((s) => s.files.map(normalisePath)));
  const configs: ConfigFile[] = [];
  for (const path of all.filter((p) => YAML_FILE.test(p) && dependencySourceFor(p) === null)) {
    const text = await read(path);
    if (text === null) continue;
    const file = parseConfig(path, text);
    if (declared.has(path) || looksLikeNeoxConfig(path, file, neoxArgs, text)) configs.push(file);
  }

  const deps = await parseDependencies(
    all.filter((p) => dependencySourceFor(p) !== null),
    read,
  );
  diagnostics.push(...deps.diagnostics);

  const configSets = buildSets(configs, config, diagnostics);
  const pins = deps.files.flatMap((f) => f.pins);
  const refs = await resolveRefs(pins, config, knowledge, options.resolver);
  const model: WorkspaceModel = {
    configs,
    configSets,
    dependencyFiles: deps.files,
    pins,
    neoxArgs,
    environment: buildEnvironment({
      neoxArgs,
      dependencyFiles: deps.files,
      neoxCode,
      unreadTrainingCode:
        neoxArgs.source === "repository" ? [] : all.filter((p) => TRAINING_ENTRY.test(p)).slice(0, 5),
    }),
    refs,
    repoConfig: { path: null, problems: [], expiredIgnores: [] },
  };
  return { model, diagnostics: [...diagnostics, ...configs.flatMap((c) => c.diagnostics)], texts };
}

/** Declared sets first (their files are judged only within them); every other config is a set of one. */
function buildSets(configs: ConfigFile[], config: RepoConfig, diagnostics: Diagnostic[]): ConfigSet[] {
  const byPath = new Map(configs.map((c) => [c.path, c]));
  const inDeclared = new Set<string>();
  const sets: ConfigSet[] = [];
  for (const [index, declared] of config.config_sets.entries()) {
    const files: ConfigFile[] = [];
    for (const path of declared.files) {
      const file = byPath.get(normalisePath(path));
      if (file === undefined) {
        diagnostics.push(
          fileDiagnostic(
            REPO_CONFIG_PATH,
            "config-set-missing-file",
            `config set ${declared.name ?? index + 1}: ${path} is not a NeoX config in this snapshot`,
          ),
        );
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

/** Every fork ref named by a pin or by `assume`, resolved against the ancestors the advisories ask about. */
async function resolveRefs(
  pins: WorkspaceModel["pins"],
  config: RepoConfig,
  knowledge: Knowledge,
  extra: CommitResolver | undefined,
): Promise<Record<string, RefResolution>> {
  const table = createTableResolver(knowledge.deeperspeedCommits);
  const resolver = extra ? chainResolvers(table, extra) : table;
  const wanted = new Map<string, { repo: string; ref: string }>();
  for (const pin of pins) {
    if (pin.provider !== "deeperspeed" || pin.vcs?.ref == null || pin.vcs.repo === null) continue;
    const repo = `${pin.vcs.repo.owner}/${pin.vcs.repo.name}`;
    wanted.set(refKey(repo, pin.vcs.ref), { repo, ref: pin.vcs.ref });
  }
  if (config.assume.deeperspeed !== undefined) {
    wanted.set(refKey(DEEPERSPEED_REPO, config.assume.deeperspeed), {
      repo: DEEPERSPEED_REPO,
      ref: config.assume.deeperspeed,
    });
  }
  const refs: Record<string, RefResolution> = {};
  for (const [key, { repo, ref }] of wanted) {
    const ancestors = gitAncestorsFor(knowledge, repo);
    try {
      refs[key] = await resolver.resolve(repo, ref, ancestors);
    } catch (error) {
      refs[key] = {
        ok: false,
        reason: `could not resolve ${ref}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  return refs;
}

function gitAncestorsFor(knowledge: Knowledge, repo: string): string[] {
  const commits = new Set<string>();
  for (const advisory of knowledge.advisories) {
    for (const affected of advisory.affected) {
      if (affected.package.ecosystem !== "GIT" || affected.package.name.toLowerCase() !== repo.toLowerCase())
        continue;
      for (const range of affected.ranges) {
        if (range.type !== "GIT") continue;
        for (const event of range.events) {
          const sha =
            "introduced" in event ? event.introduced : "fixed" in event ? event.fixed : event.last_affected;
          if (sha !== "0") commits.add(sha);
        }
      }
    }
  }
  return [...commits];
}

/**
 * The one entry point: a head snapshot (and optionally a base) in, a report out. Never throws on
 * repository content; a rule that throws becomes a diagnostic.
 */
export async function analyze(head: Workspace, options: AnalyzeOptions): Promise<Report> {
  const knowledge = loadKnowledge();
  const configSource = await readConfigSource(head, options);
  const loaded = configSource
    ? await loadWithExtends(configSource, head, options)
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

  const headBuilt = await buildModel(head, { config, resolver: options.resolver, knowledge });
  headBuilt.model.repoConfig = {
    path: configSource?.path ?? null,
    problems: loaded.problems,
    expiredIgnores,
  };
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

  const suppressionsFor = suppressionIndex(head, headBuilt.texts);
  const baseSuppressionsFor =
    options.base && baseBuilt ? suppressionIndex(options.base, baseBuilt.texts) : null;
  const baseFingerprints = new Set(baseRun?.findings.map((f) => f.fingerprint) ?? []);
  const headFingerprints = new Set(headRun.findings.map((f) => f.fingerprint));

  const findings: ReportedFinding[] = [];
  for (const finding of dedupe(headRun.findings)) {
    const status: FindingStatus = baseRun && baseFingerprints.has(finding.fingerprint) ? "existing" : "new";
    findings.push({
      ...finding,
      status,
      suppressed: await suppress(finding, suppressionsFor, activeIgnores),
    });
  }
  for (const finding of dedupe(baseRun?.findings ?? [])) {
    if (headFingerprints.has(finding.fingerprint)) continue;
    const suppressed = baseSuppressionsFor
      ? await suppress(finding, baseSuppressionsFor, activeIgnores)
      : null;
    findings.push({ ...finding, status: "fixed", suppressed });
  }
  findings.sort(compareFindings);

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
    failed: failOn !== "never" && inScope.some((f) => atLeast(f.severity, failOn)),
  };
}

/** Validates the repo config against this build's rules, following `_extends` from the local repository. */
async function loadWithExtends(
  source: RepoConfigSource,
  head: Workspace,
  options: AnalyzeOptions,
): Promise<{ config: RepoConfig; problems: RepoConfigProblem[] }> {
  const chain = await resolveExtends(source, {
    repository: options.extends?.repository ?? null,
    read: options.extends?.read ?? ((path) => head.read(path)),
    defaultPath: REPO_CONFIG_PATH,
  });
  const loaded = loadRepoConfig(chain.sources, checkedRepoConfigSchema);
  return { config: loaded.config, problems: [...chain.problems, ...loaded.problems] };
}

async function readConfigSource(head: Workspace, options: AnalyzeOptions): Promise<RepoConfigSource | null> {
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

type SuppressionLookup = (path: string) => Promise<InlineSuppression[]>;

/** Suppression comments by file; files the model already read are not read again. */
function suppressionIndex(ws: Workspace, texts: ReadonlyMap<string, string>): SuppressionLookup {
  const cache = new Map<string, InlineSuppression[]>();
  return async (path) => {
    const hit = cache.get(path);
    if (hit) return hit;
    const text = path === "" ? null : (texts.get(path) ?? (await ws.read(path)));
    const found = text === null || text.length > MAX_FILE_BYTES ? [] : parseSuppressions(text);
    cache.set(path, found);
    return found;
  };
}

async function suppress(
  finding: Finding,
  lookup: SuppressionLookup,
  ignores: RepoConfig["ignore"],
): Promise<Suppression | null> {
  const inline = findSuppression(await lookup(finding.location.path), finding.ruleId, finding.location.line);
  if (inline) {
    const at = {
      path: finding.location.path,
      line: inline.line,
      column: inline.column,
      endLine: inline.line,
      endColumn: inline.column,
    };
    return { by: "inline", reason: inline.reason, at };
  }
  for (const entry of ignores) {
    if (
      (entry.rule === "*" || entry.rule === finding.ruleId) &&
      matchesAny(finding.location.path, [entry.path])
    ) {
      return { by: "config", reason: entry.reason, at: null };
    }
  }
  return null;
}

/** Two findings with one fingerprint are one finding (a rule reporting the same thing twice). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => (seen.has(f.fingerprint) ? false : (seen.add(f.fingerprint), true)));
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function atLeast(severity: Severity, threshold: "error" | "warning"): boolean {
  return RANK[severity] >= RANK[threshold];
}

const STATUS_ORDER: Record<FindingStatus, number> = { new: 0, existing: 1, fixed: 2 };

function compareFindings(a: ReportedFinding, b: ReportedFinding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    Number(a.suppressed !== null) - Number(b.suppressed !== null) ||
    RANK[b.severity] - RANK[a.severity] ||
    a.location.path.localeCompare(b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** `./configs/a.yml` and `/configs/a.yml` name `configs/a.yml`. */
function normalisePath(path: string): string {
  return path.replace(/^(?:\.\/|\/)+/, "");
}

function fileDiagnostic(path: string, code: string, message: string): Diagnostic {
  return { path, line: 1, column: 1, code, message };
}
