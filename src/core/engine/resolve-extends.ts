import { parse } from "yaml";
import type { Span } from "../model/index.js";
import type { RepoConfigProblem, RepoConfigSource } from "./load-repo-config.js";

/** What `_extends` names, as Probot's config plugin reads it. */
export interface ExtendsTarget {
  /** Null: the owner of the repository being checked. */
  owner: string | null;
  repo: string;
  path: string;
}

/** Probot's pattern (`@probot/octokit-plugin-config`): `[owner/]repo[:path.yml]`. */
const EXTENDS =
  /^(?:(?<owner>[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?(?<repo>[-_.\w\d]+)(?::(?<path>[-_./\w\d]+\.ya?ml))?$/i;

/** Parses an `_extends` value; null when Probot would reject it. */
export function parseExtends(value: string, defaultPath: string): ExtendsTarget | null {
  const groups = EXTENDS.exec(value)?.groups;
  if (groups?.repo === undefined) return null;
  return { owner: groups.owner ?? null, repo: groups.repo, path: groups.path ?? defaultPath };
}

export interface ResolveExtendsOptions {
  /** `owner/repo` of the repository being checked, when known: only its files can be read. */
  repository: string | null;
  /** Reads a file of that repository (the local checkout), null when absent. */
  read(path: string): Promise<string | null>;
  /** The config file's default path (`.github/neox-check.yml`), used when `_extends` names no path. */
  defaultPath: string;
}

/** Probot stops on a cycle; so do we, and on chains longer than any real one. */
const MAX_CHAIN = 10;

/**
 * Follows `_extends` without the network: a file of the repository being checked is read from the local
 * checkout; another repository cannot be read offline, which a warning says (only the keys already read
 * apply). Returns the chain for `loadRepoConfig` (the file first) and the problems found on the way.
 */
export async function resolveExtends(
  source: RepoConfigSource,
  options: ResolveExtendsOptions,
): Promise<{ sources: RepoConfigSource[]; problems: RepoConfigProblem[] }> {
  const sources: RepoConfigSource[] = [source];
  const problems: RepoConfigProblem[] = [];
  const seen = new Set([source.path]);
  let current = source;
  while (sources.length <= MAX_CHAIN) {
    const value = extendsValue(current);
    if (value === undefined) break;
    const at = extendsSpan(current);
    if (typeof value !== "string") {
      problems.push({
        extends: true,
        message: "_extends: must be a string like `repo`, `owner/repo` or `owner/repo:path.yml`",
        span: at,
      });
      break;
    }
    const target = parseExtends(value, options.defaultPath);
    if (target === null) {
      problems.push({
        extends: true,
        message: `_extends: "${value}" is not \`repo\`, \`owner/repo\` or \`owner/repo:path.yml\``,
        span: at,
      });
      break;
    }
    if (!isThisRepository(target, options.repository)) {
      problems.push({
        extends: true,
        severity: "warning",
        message: `_extends: ${value} names ${describe(target, options.repository)}, which the command line cannot read: it never fetches over the network. Only the keys of ${current.path}${sources.length > 1 ? " and the files it extends" : ""} apply here; the GitHub App resolves it.${options.repository === null ? " (Set GITHUB_REPOSITORY=owner/repo, or an origin remote, if it names this repository.)" : ""}`,
        span: at,
      });
      break;
    }
    if (seen.has(target.path)) {
      problems.push({
        extends: true,
        message: `_extends: ${value} leads back to ${target.path}, which is already loaded`,
        span: at,
      });
      break;
    }
    const text = await options.read(target.path);
    if (text === null) {
      problems.push({
        extends: true,
        severity: "warning",
        message: `_extends: ${target.path} does not exist in this repository, so it adds nothing`,
        span: at,
      });
      break;
    }
    seen.add(target.path);
    current = { path: target.path, text };
    sources.push(current);
  }
  return { sources, problems };
}

function extendsValue(source: RepoConfigSource): unknown {
  let value = source.value;
  if (source.text !== undefined) {
    try {
      value = parse(source.text, { maxAliasCount: 50 });
    } catch {
      return undefined; // the loader reports the broken file
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) && "_extends" in value
    ? (value as { _extends: unknown })._extends
    : undefined;
}

/** The line of `_extends:` in the file (found by text: the key is top level). */
function extendsSpan(source: RepoConfigSource): Span {
  const lines = (source.text ?? "").split(/\r\n|\n|\r/);
  const index = lines.findIndex((line) => /^_extends\s*:/.test(line));
  const line = index + 1 || 1;
  const length = index >= 0 ? (lines[index]?.trimEnd().length ?? 0) : 0;
  return { path: source.path, line, column: 1, endLine: line, endColumn: length + 1 };
}

function isThisRepository(target: ExtendsTarget, repository: string | null): boolean {
  if (repository === null) return false;
  const [owner, repo] = repository.split("/");
  if (owner === undefined || repo === undefined) return false;
  return (
    (target.owner === null || target.owner.toLowerCase() === owner.toLowerCase()) &&
    target.repo.toLowerCase() === repo.toLowerCase()
  );
}

function describe(target: ExtendsTarget, repository: string | null): string {
  const owner = target.owner ?? repository?.split("/")[0] ?? "this owner";
  return `${target.path} in another repository (${owner}/${target.repo})`;
}
