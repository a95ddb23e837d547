import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import type { Context } from "probot";
import type { AnalyzeOptions } from "../core/analyze.js";
import { REPO_CONFIG_PATH } from "../core/analyze.js";
import { checkedRepoConfigSchema } from "../core/analyze/repo-config-schema.js";
import { httpStatusOf } from "./errors.js";
import type { GitHubClient, RepoRef } from "./types.js";

/** The config file name under `.github/`, as `context.config` takes it. */
export const CONFIG_FILE = "neox-check.yml";

/**
 * - `ok`: what to hand to `analyze` (`null`: no config anywhere). An invalid file is handed over as
 *   text when it is this repository's own file, so the core reports the problem at its exact line.
 * - `broken`: a file elsewhere (the org's `.github` repository, an `_extends` target) could not be
 *   loaded; the message names it. The check fails with it instead of guessing a configuration.
 */
export type RepoConfigResult =
  { kind: "ok"; repoConfig: AnalyzeOptions["repoConfig"] } | { kind: "broken"; message: string };

/**
 * Loads `.github/neox-check.yml` as Probot does (`context.config`: the default branch, the org's
 * `.github` repository as fallback, `_extends`), and decides what `analyze` gets when it is invalid.
 */
export async function loadRepoConfigForRun(
  context: Pick<Context, "config">,
  octokit: GitHubClient,
  repo: RepoRef,
): Promise<RepoConfigResult> {
  let value: unknown;
  try {
    value = await context.config(CONFIG_FILE);
  } catch (error) {
    if (!isConfigFileError(error)) throw error;
    const own = await readOwnConfigText(octokit, repo);
    if (own !== null && !parsesAsYaml(own)) {
      return { kind: "ok", repoConfig: { path: REPO_CONFIG_PATH, value: undefined, text: own } };
    }
    return { kind: "broken", message: stripPluginPrefix((error as Error).message) };
  }
  if (value === null || value === undefined) return { kind: "ok", repoConfig: null };
  if (checkedRepoConfigSchema.safeParse(value).success)
    return { kind: "ok", repoConfig: { path: REPO_CONFIG_PATH, value } };

  // Invalid: point at lines when the value is exactly this repository's own file.
  const own = await readOwnConfigText(octokit, repo);
  if (own !== null && parsesAsYaml(own) && isDeepStrictEqual(parse(own) ?? {}, value)) {
    return { kind: "ok", repoConfig: { path: REPO_CONFIG_PATH, value, text: own } };
  }
  return { kind: "ok", repoConfig: { path: REPO_CONFIG_PATH, value } };
}

/** The raw text of this repository's config file on its default branch, or null when there is none. */
async function readOwnConfigText(octokit: GitHubClient, repo: RepoRef): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...repo,
      path: REPO_CONFIG_PATH,
      mediaType: { format: "raw" },
    });
    return typeof data === "string" ? data : null;
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
}

function parsesAsYaml(text: string): boolean {
  try {
    parse(text, { maxAliasCount: 50 });
    return true;
  } catch {
    return false;
  }
}

/** Errors about the files themselves (bad YAML, bad `_extends`), as opposed to API failures. */
function isConfigFileError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("[@probot/octokit-plugin-config]");
}

function stripPluginPrefix(message: string): string {
  return message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
}
