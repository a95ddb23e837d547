import { readFileSync } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { Report, Workspace } from "../core/model/index.js";
import { oneLine } from "../report/escape.js";
import { readFindingLines } from "../adapters/finding-lines.js";
import { decodeText } from "../core/parse/decode-text.js";
import { renderGithubCommands } from "../report/github-commands.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderSummaryComment } from "../report/summary-comment.js";
import { renderText } from "../report/text.js";
import { parseCommand, UsageError, USAGE, type CheckFormat, type Command } from "./args.js";
import { applyFixes, type FileFix } from "./apply-fixes.js";
import { colorFromEnv } from "./colors.js";
import { findRule, renderExplainText, renderRulesText } from "./explain.js";
import { createFsWorkspace } from "./fs-workspace.js";
import { GitError, isGitWorkTree, mergeBase, originRepository, repoPrefix } from "./git.js";
import { createGitWorkspace } from "./git-workspace.js";
import { inspectJson, renderInspectText } from "./inspect.js";
import { pathFilter } from "./limits.js";
import { narrowReport } from "./narrow.js";
import { rememberReads } from "./remember-reads.js";
import { withFile } from "./with-file.js";

/** Where the CLI talks to, so tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Colour the text output when no `--color`/`--no-color` is given (see `colorFromEnv`). */
  color: boolean;
  /** `YYYY-MM-DD`, for ignore entries' `until`. */
  today: string;
  /** The environment (`GITHUB_REPOSITORY` for `_extends`); default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** All of stdin's bytes, for `check --stdin` (decoded as every file is, by `decodeText`). */
  readStdin?: () => Promise<Uint8Array>;
}

/** The engine is loaded only for commands that need it, so `--help` and usage errors answer at once. */
function loadCore(): Promise<typeof import("../core/analyze.js")> {
  return import("../core/analyze.js");
}

/** Runs one command line; resolves with the exit code (0 clean, 1 findings at or above fail-on, 2 error). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    return usageError(error, io);
  }
  try {
    switch (command.name) {
      case "help":
        io.stdout(`${USAGE}\n`);
        return 0;
      case "version":
        io.stdout(`${toolVersion()}\n`);
        return 0;
      case "inspect":
        return await inspect(command, io);
      case "check":
        return await check(command, io);
      case "rules": {
        const rules = (await loadCore()).listRuleInfo();
        io.stdout(command.format === "json" ? `${JSON.stringify(rules, null, 2)}\n` : renderRulesText(rules));
        return 0;
      }
      case "explain":
        return await explain(command, io);
    }
  } catch (error) {
    return failure(error, io);
  }
}

/** A command that could not run: what it says on stderr, and exit code 2. */
function failure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) return usageError(error, io);
  if (error instanceof GitError) {
    io.stderr(`neox-check: git: ${oneLine(error.message).trim()}\n`);
    return 2;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`neox-check: internal error: ${detail}\n`);
  return 2;
}

/**
 * `check` with these arguments (everything after `check`), analysed once and rendered in each format:
 * the GitHub Action's annotations, job summary, SARIF and counts come from one run. `code` is what
 * `neox-check check` would exit with; on 2 (the check could not run) stderr said why and there is no
 * output.
 */
export async function checkInFormats<F extends CheckFormat>(
  args: string[],
  formats: readonly F[],
  io: CliIo,
): Promise<{ code: 0 | 1; outputs: Record<F, string> } | { code: 2; outputs: Partial<Record<F, string>> }> {
  try {
    const command = parseCommand(["check", ...args]);
    if (command.name !== "check") throw new UsageError(`not a check: ${args.join(" ")}`);
    const { failed, outputs } = await checkOnce(command, io, formats);
    return { code: failed ? 1 : 0, outputs };
  } catch (error) {
    failure(error, io);
    return { code: 2, outputs: {} };
  }
}

function usageError(error: unknown, io: CliIo): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`neox-check: ${oneLine(message).trim()}\nRun "neox-check --help" for usage.\n`);
  return 2;
}

/** What the paths on the command line mean: one root, optionally limited to some files and directories. */
interface Target {
  /** Absolute directory the paths in outputs are relative to. */
  root: string;
  /** Root-relative files and directories to limit to; null for everything under the root. */
  limits: string[] | null;
}

/**
 * No path: the current directory. One directory: that directory is the root. Otherwise the current
 * directory is the root and only the named files and directories are read (they must be inside it).
 */
async function resolveTarget(paths: string[], cwd: string): Promise<Target> {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    try {
      await stat(p);
    } catch {
      throw new UsageError(`no such file or directory: ${paths[i]}`);
    }
  }
  const only = absolute[0];
  if (only === undefined) return { root: cwd, limits: null };
  if (absolute.length === 1 && (await stat(only)).isDirectory()) return { root: only, limits: null };
  const limits = absolute.map((p, i) => {
    const rel = relative(cwd, p);
    if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new UsageError(
        `${paths[i]} is outside the current directory: run neox-check from a directory that contains every path, or pass one directory`,
      );
    }
    return rel.split(sep).join("/");
  });
  return { root: cwd, limits };
}

async function inspect(command: Extract<Command, { name: "inspect" }>, io: CliIo): Promise<number> {
  const target = await resolveTarget(command.paths, io.cwd);
  const { buildModel, REPO_CONFIG_PATH } = await loadCore();
  const head = createFsWorkspace(target.root, { filter: pathFilter(target.limits, [REPO_CONFIG_PATH]) });
  const { model, diagnostics } = await buildModel(head);
  const data = inspectJson(model, diagnostics);
  io.stdout(command.format === "json" ? `${JSON.stringify(data, null, 2)}\n` : renderInspectText(data));
  return 0;
}

type CheckCommand = Extract<Command, { name: "check" }>;

async function check(command: CheckCommand, io: CliIo): Promise<number> {
  const { failed, outputs } = await checkOnce(command, io, [command.format]);
  const output = outputs[command.format];
  if (command.outputFile === undefined) {
    io.stdout(output);
  } else {
    const file = resolve(io.cwd, command.outputFile);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, output);
  }
  return failed ? 1 : 0;
}

/** Analyses once (twice with `--fix`: after the fixes) and renders the report in each format. */
async function checkOnce<F extends CheckFormat>(
  command: CheckCommand,
  io: CliIo,
  formats: readonly F[],
): Promise<{ failed: boolean; outputs: Record<F, string> }> {
  const target = await resolveTarget(command.paths, io.cwd);
  const configPath = command.config === null ? undefined : await configInside(command.config, target, io.cwd);
  const { analyze, REPO_CONFIG_PATH } = await loadCore();
  const stdinPath =
    command.stdinFilename === undefined ? null : stdinPathInside(command.stdinFilename, target);
  // Paths on the command line (or the stdin file) choose which findings are judged (narrowReport); the
  // whole root is read, so the rest of the repository is context (config sets, includes, pins).
  const limits = stdinPath === null ? target.limits : [stdinPath];
  const filter = pathFilter(null);
  const stdinText = stdinPath === null ? null : decodeText(await readStdin(io));

  const runOnce = async (): Promise<{ report: Report; head: Workspace }> => {
    // The renderers read the findings' lines again after analyze: keep what analyze read.
    const disk = rememberReads(createFsWorkspace(target.root, { filter }));
    const head = stdinPath === null || stdinText === null ? disk : withFile(disk, stdinPath, stdinText);
    let base: Workspace | null = null;
    if (command.base !== null) {
      if (!(await isGitWorkTree(target.root))) {
        throw new UsageError(`--base needs a git repository, and ${target.root} is not in one`);
      }
      const commit = await mergeBase(target.root, command.base);
      base = createGitWorkspace({ cwd: target.root, commit, prefix: await repoPrefix(target.root), filter });
    }
    // Asking git which repository this is costs a process: only when there is an `_extends` to follow.
    const configText = await head.read(configPath ?? REPO_CONFIG_PATH);
    const repository = configText?.includes("_extends")
      ? await thisRepository(target.root, io.env ?? {})
      : null;
    const analyzed = await analyze(head, {
      base,
      configPath,
      failOn: command.failOn ?? undefined,
      today: io.today,
      extends: { repository },
    });
    return { report: limits === null ? analyzed : narrowReport(analyzed, limits), head };
  };

  let { report, head } = await runOnce();
  if (command.fix === true) {
    const fixed = await applyFixes(report, head, target.root);
    io.stderr(describeFixes(fixed));
    if (fixed.some((f) => f.applied > 0)) ({ report, head } = await runOnce());
  }

  const shown = command.quiet === true ? errorsOnly(report) : report;
  const toFile = command.outputFile !== undefined;
  const color = command.color ?? (toFile ? false : io.color);
  const outputs = {} as Record<F, string>;
  for (const format of formats) outputs[format] = await render(shown, format, head, { ...io, color });
  return { failed: report.failed, outputs };
}

/** `--quiet`: the same report with only its errors (the exit code is decided on the whole report). */
function errorsOnly(report: Report): Report {
  return { ...report, findings: report.findings.filter((f) => f.severity === "error") };
}

/** What `--fix` did, for stderr (stdout keeps the report, whatever its format). */
function describeFixes(fixed: readonly FileFix[]): string {
  const changed = fixed.filter((f) => f.applied > 0);
  const lines = changed.map(
    (f) =>
      `neox-check: fixed ${f.path} (${f.applied} ${f.applied === 1 ? "edit" : "edits"} on line${f.lines.length === 1 ? "" : "s"} ${f.lines.join(", ")}; ${f.rules.join(", ")})`,
  );
  for (const f of fixed) {
    if (f.skipped > 0)
      lines.push(
        `neox-check: ${f.path}: ${f.skipped} overlapping or outdated ${f.skipped === 1 ? "edit" : "edits"} left out`,
      );
  }
  if (changed.length === 0) lines.push("neox-check: nothing to fix");
  return `${lines.join("\n")}\n`;
}

/** `--stdin-filename`: a path inside the root, as the findings will name it. */
function stdinPathInside(name: string, target: Target): string {
  const rel = relative(target.root, resolve(target.root, name));
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`--stdin-filename: ${name} must be a file inside ${target.root}`);
  }
  return rel.split(sep).join("/");
}

async function readStdin(io: CliIo): Promise<Uint8Array> {
  if (io.readStdin === undefined) throw new UsageError("--stdin: no standard input to read");
  return io.readStdin();
}

/** `owner/repo` of the checked repository, for `_extends`: `GITHUB_REPOSITORY`, else the origin remote. */
async function thisRepository(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | null> {
  const fromEnv = env.GITHUB_REPOSITORY?.trim();
  if (fromEnv !== undefined && /^[^/\s]+\/[^/\s]+$/.test(fromEnv)) return fromEnv;
  return originRepository(root);
}

async function explain(command: Extract<Command, { name: "explain" }>, io: CliIo): Promise<number> {
  const { listRuleInfo } = await loadCore();
  const { loadKnowledge } = await import("../core/knowledge/index.js");
  const rule = findRule(listRuleInfo(), command.ruleId);
  const advisories = loadKnowledge()
    .advisories.filter((a) => rule.advisories.includes(a.id))
    .map((a) => ({ id: a.id, title: a.title, summary: a.summary, references: a.references }));
  io.stdout(
    command.format === "json"
      ? `${JSON.stringify({ ...rule, advisories }, null, 2)}\n`
      : await renderExplainText(rule, advisories),
  );
  return 0;
}

/** `--config` names a file on disk; analyze reads it from the head, so it must be inside the root. */
async function configInside(config: string, target: Target, cwd: string): Promise<string> {
  const absolute = resolve(cwd, config);
  try {
    if (!(await stat(absolute)).isFile()) throw new Error("not a file");
  } catch {
    throw new UsageError(`--config: no such file: ${config}`);
  }
  const rel = relative(target.root, absolute);
  if (rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`--config: ${config} must be inside the checked directory (${target.root})`);
  }
  return rel.split(sep).join("/");
}

async function render(
  report: Report,
  format: CheckFormat,
  head: Workspace,
  io: Pick<CliIo, "color">,
): Promise<string> {
  switch (format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return `${JSON.stringify(renderSarif(report, (await loadCore()).listRuleInfo(), toolVersion()), null, 2)}\n`;
    case "github":
      return renderGithubCommands(report);
    case "markdown":
      return `${renderSummaryComment(
        report,
        { repoUrl: "", headSha: "" },
        { lineText: await readFindingLines(head, report) },
      )}\n`;
    case "text":
      return renderText(report, { color: io.color, lineText: await readFindingLines(head, report) });
  }
}

let version: string | null = null;

/** The package's version, for `--version` and SARIF's tool.driver.version. */
export function toolVersion(): string {
  if (version !== null) return version;
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    version =
      typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string"
        ? pkg.version
        : "0.0.0";
  } catch {
    version = "0.0.0";
  }
  return version;
}

/** The process entry point used by `bin/neox-check.js`. */
export async function run(): Promise<number> {
  return main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: colorFromEnv(process.env, process.stdout.isTTY === true),
    today: new Date().toISOString().slice(0, 10),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    },
  });
}
