/**
 * Runs one repository through both ways neox-check reads a repository:
 * - the CLI: `main(["check", "--format", "json", dir])` in process, over the files written to a
 *   temporary directory (the disk workspace, its decoder, the JSON renderer);
 * - the App: `analyze` over the GitHub API workspace and blob store the App's `runCheck` builds, with
 *   GitHub's REST answers served by nock (the tree, then each blob the analysis reads, exactly once),
 *   and the repository configuration handed over as the App hands it (`repoConfig`).
 * Both outcomes are reduced to the same plain lines (`NXC101 configs/a.yml:3`, `not-utf8 x.yml:2`),
 * so a test can assert they agree.
 */
import nock from "nock";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { analyze, REPO_CONFIG_PATH } from "../../src/core/analyze.js";
import type { FileProblem, Report, Workspace } from "../../src/core/model/index.js";
import { decodeText } from "../../src/core/parse/decode-text.js";
import { createApiWorkspace, createBlobStore } from "../../src/github/api-workspace.js";
import { makeTree, removeTree } from "../cli/helpers.js";
import { testOctokit } from "../github/octokit.js";
import { blobSha } from "../github/support.js";

export const TODAY = "2026-01-15";
const API = "https://api.github.com";
const REPO = { owner: "acme", repo: "models" } as const;
const HEAD = "head0000000000000000000000000000000000000";

export type Files = Record<string, string | Uint8Array>;

/** What a run said: findings as `RULE path:line` (plus ` (suppressed)`), diagnostics as `code path:line`, both sorted. */
export interface Outcome {
  findings: string[];
  diagnostics: string[];
  /** Every diagnostic's message, sorted: the CLI and the App must word them alike too. */
  messages: string[];
  /** The CLI's exit code (0 clean, 1 findings); 2 would be an internal error. The App has none. */
  code: number | null;
}

/** `NXC101 configs/a.yml:10`, with ` (suppressed)` when a comment or an ignore entry suppresses it. */
function findingLine(f: {
  ruleId: string;
  location: { path: string; line: number };
  suppressed: object | null;
}): string {
  return `${f.ruleId} ${f.location.path}:${f.location.line}${f.suppressed ? " (suppressed)" : ""}`;
}

function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
}

/** The CLI, in process, on the files written to disk. */
export async function runCli(files: Files): Promise<Outcome & { stderr: string }> {
  const dir = await makeTree(files);
  try {
    let stdout = "";
    let stderr = "";
    const code = await main(["check", "--format", "json", dir], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd: dir,
      color: false,
      today: TODAY,
    });
    if (code === 2) return { findings: [], diagnostics: [], messages: [], code, stderr };
    const json = JSON.parse(stdout) as {
      findings: Array<{
        ruleId: string;
        location: { path: string; line: number };
        suppressed: object | null;
      }>;
      diagnostics: Array<{ code: string; path: string; line: number; message: string }>;
    };
    return {
      findings: json.findings.map(findingLine).sort(),
      diagnostics: json.diagnostics.map((d) => `${d.code} ${d.path}:${d.line}`).sort(),
      messages: json.diagnostics.map((d) => d.message).sort(),
      code,
      stderr,
    };
  } finally {
    await removeTree(dir);
  }
}

/**
 * The paths `analyze` reads from a head of these files, learnt from a dry run over the same bytes (and
 * the same decoder), so that nock serves exactly those blobs, each once, and ends with nothing pending.
 */
async function pathsRead(
  files: Files,
  repoConfig: Parameters<typeof analyze>[1]["repoConfig"],
): Promise<string[]> {
  const read = new Set<string>();
  const problems = new Map<string, FileProblem>();
  const ws: Workspace = {
    list: async () => Object.keys(files).sort(),
    async read(path) {
      const content = files[path];
      if (content === undefined) return null;
      read.add(path);
      const decoded = decodeText(bytesOf(content));
      if (decoded.ok) return decoded.text;
      problems.set(path, decoded.problem);
      return null;
    },
    readProblem: (path) => problems.get(path) ?? null,
  };
  await analyze(ws, { today: TODAY, repoConfig });
  return [...read];
}

/** The repository configuration as `loadRepoConfigForRun` hands it to `analyze`. */
function appRepoConfig(files: Files): Parameters<typeof analyze>[1]["repoConfig"] {
  const content = files[REPO_CONFIG_PATH];
  if (content === undefined) return null;
  const text = bytesOf(content).toString("utf8");
  try {
    return { path: REPO_CONFIG_PATH, value: parse(text) ?? {}, text };
  } catch {
    return { path: REPO_CONFIG_PATH, value: undefined, text };
  }
}

/** The App's analysis path: the API workspace over nock's GitHub, then `analyze` as `runCheck` calls it. */
export async function runApp(files: Files): Promise<Outcome & { report: Report }> {
  const repoConfig = appRepoConfig(files);
  const read = await pathsRead(files, repoConfig);
  const scope = nock(API);
  scope
    .get(`/repos/${REPO.owner}/${REPO.repo}/git/trees/${HEAD}`)
    .query({ recursive: "true" })
    .reply(200, {
      sha: HEAD,
      truncated: false,
      tree: Object.entries(files).map(([path, content]) => ({
        path,
        mode: "100644",
        type: "blob",
        sha: blobSha(bytesOf(content)),
        size: bytesOf(content).length,
      })),
    });
  const served = new Set<string>();
  for (const path of read) {
    const bytes = bytesOf(files[path] as string | Uint8Array);
    const sha = blobSha(bytes);
    // Blobs over 1 MiB are never fetched (the tree gives their size); each blob is fetched once.
    if (bytes.length > 1024 * 1024 || served.has(sha)) continue;
    served.add(sha);
    scope
      .get(`/repos/${REPO.owner}/${REPO.repo}/git/blobs/${sha}`)
      .reply(200, { sha, size: bytes.length, encoding: "base64", content: bytes.toString("base64") });
  }
  const octokit = testOctokit();
  const head = createApiWorkspace(octokit, REPO, HEAD, createBlobStore(octokit, REPO));
  const report = await analyze(head, { today: TODAY, repoConfig });
  expect(nock.pendingMocks()).toStrictEqual([]);
  return {
    findings: report.findings.map(findingLine).sort(),
    diagnostics: report.diagnostics.map((d) => `${d.code} ${d.path}:${d.line}`).sort(),
    messages: report.diagnostics.map((d) => d.message).sort(),
    code: null,
    report,
  };
}
