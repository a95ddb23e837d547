import type { CommitResolver, ConfigFile, Diagnostic, Workspace } from "../model/index.js";
import { defaultRepoConfig, type RepoConfig } from "../engine/repo-config.js";
import { matchesAny } from "../engine/glob.js";
import type { WorkspaceModel } from "../engine/types.js";
import { textTooLarge } from "../parse/decode-text.js";
import { looksLikeNeoxConfig, parseConfig } from "../parse/config.js";
import { dependencySourceFor, parseDependencies } from "../parse/deps/index.js";
import { readNeoxArgsFromSource, shippedNeoxArgs } from "../parse/neox-args.js";
import { buildEnvironment } from "../environment/build-environment.js";
import { NEOX_CHECK_FILES, packageDirOf, type NeoxCodeFile } from "../environment/neox-environment.js";
import { loadKnowledge } from "../knowledge/index.js";
import type { Knowledge } from "../knowledge/types.js";
import { NEOX_ARGS_SOURCE, TRAINING_ENTRY, YAML_FILE } from "./candidate-paths.js";
import { buildConfigSets, declaredConfigPaths } from "./config-sets.js";
import { REPO_CONFIG_PATH } from "./repo-config.js";
import { resolveRefs } from "./resolve-refs.js";

export interface BuildModelOptions {
  config?: RepoConfig;
  resolver?: CommitResolver;
  knowledge?: Knowledge;
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
  // Reads started ahead of their turn (`readAhead`); each is taken, and judged, in its turn.
  const started = new Map<string, Promise<string | null>>();
  const startReads = (paths: readonly string[]): void => {
    for (const path of paths) {
      if (started.size >= (ws.readAhead ?? 0)) return;
      if (texts.has(path) || started.has(path) || !listed.has(path)) continue;
      const pending = ws.read(path);
      // Awaited in its turn by `read`; a failure must not count as unhandled before then.
      pending.catch(() => undefined);
      started.set(path, pending);
    }
  };
  const read = async (path: string): Promise<string | null> => {
    const cached = texts.get(path);
    if (cached !== undefined) return cached;
    // A path that is not in the snapshot (an include that names a missing file) is the parser's to report.
    if (!listed.has(path)) return null;
    const pending = started.get(path);
    started.delete(path);
    const text = await (pending ?? ws.read(path));
    // The workspace's decoder says why a file is not text (the same decoder for the CLI and the App);
    // a workspace of ready text (tests, an editor's buffer) is held to the same size limit here.
    const problem = text === null ? (ws.readProblem?.(path) ?? null) : textTooLarge(text);
    if (text === null || problem !== null) {
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
  const declared = declaredConfigPaths(config);
  const configs: ConfigFile[] = [];
  const yamlPaths = all.filter((p) => YAML_FILE.test(p) && dependencySourceFor(p) === null);
  for (const [i, path] of yamlPaths.entries()) {
    startReads(yamlPaths.slice(i + 1, i + 1 + (ws.readAhead ?? 0)));
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

  const configSets = buildConfigSets(configs, config, diagnostics);
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

function fileDiagnostic(path: string, code: string, message: string): Diagnostic {
  return { path, line: 1, column: 1, code, message };
}
