import { LineCounter, parseDocument, isNode } from "yaml";
import type { Span } from "../model/index.js";
import { defaultRepoConfig, repoConfigSchema, type RepoConfig } from "./repo-config.js";

/** Where the repo configuration came from and what it holds. */
export interface RepoConfigSource {
  path: string;
  /** The raw text, when available (gives exact positions). */
  text?: string;
  /** The already-parsed value (Probot's `context.config`), when there is no text. */
  value?: unknown;
}

export interface RepoConfigProblem {
  message: string;
  span: Span;
}

/**
 * Validates `.github/neox-check.yml`. Never throws: a broken file yields the defaults plus problems
 * that point into the file, so a run goes on and the problem becomes a finding on that file.
 */
export function loadRepoConfig(source: RepoConfigSource): {
  config: RepoConfig;
  problems: RepoConfigProblem[];
} {
  const whole: Span = { path: source.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  let value = source.value;
  let locate: (path: readonly PropertyKey[]) => Span = () => whole;
  if (source.text !== undefined) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(source.text, { lineCounter, uniqueKeys: false });
    if (doc.errors.length > 0) {
      const first = doc.errors[0];
      const pos = first?.linePos?.[0] ?? { line: 1, col: 1 };
      const message = `${source.path} is not valid YAML: ${first?.message.split("\n")[0] ?? "parse error"}`;
      const span = {
        path: source.path,
        line: pos.line,
        column: pos.col,
        endLine: pos.line,
        endColumn: pos.col + 1,
      };
      return { config: defaultRepoConfig, problems: [{ message, span }] };
    }
    try {
      value = doc.toJS({ maxAliasCount: 50 }) ?? {};
    } catch (error) {
      const message = `${source.path} could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      return { config: defaultRepoConfig, problems: [{ message, span: whole }] };
    }
    locate = (path) => {
      for (let depth = path.length; depth > 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) {
          const start = lineCounter.linePos(node.range[0]);
          const end = lineCounter.linePos(node.range[1]);
          return {
            path: source.path,
            line: start.line,
            column: start.col,
            endLine: end.line,
            endColumn: end.col,
          };
        }
      }
      return whole;
    };
  }
  const parsed = repoConfigSchema.safeParse(value ?? {});
  if (parsed.success) return { config: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) => ({
    message: `${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
    span: locate(issue.path),
  }));
  return { config: defaultRepoConfig, problems };
}
