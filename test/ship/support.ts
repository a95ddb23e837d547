/**
 * What the shipping tests share: one compiled build of `src/` per content (built with the project's
 * `tsc -p tsconfig.build.json --noCheck` into a temporary folder, never into the worktree's dist/), a staged
 * package folder laid out as `npm pack` would take it, and small process helpers.
 */
import { execFile, type ExecFileOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";

/** The project root (jest runs from it). */
export const PROJECT_ROOT = process.cwd();

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program and resolves with its exit code and output; never rejects on a non-zero exit. */
export function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      file,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: 300_000, encoding: "utf8", ...options },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 99) : 0;
        resolveRun({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Runs git with a fixed identity and no user or system configuration; rejects on failure. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const result = await run(
    "git",
    [
      "-c",
      "user.name=neox-check test",
      "-c",
      "user.email=test@example.com",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ],
    { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", HOME: cwd } },
  );
  if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `neox-check-${prefix}-`));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** What the build depends on: its configuration and every source it compiles. */
function buildInputsHash(): string {
  const hash = createHash("sha256");
  const inputs = [
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    ...walk(join(PROJECT_ROOT, "src")).map((f) => relative(PROJECT_ROOT, f)),
  ];
  for (const path of inputs) {
    hash.update(path.split(sep).join("/"));
    hash.update("\0");
    hash.update(readFileSync(join(PROJECT_ROOT, path)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The folder holding `dist/` compiled from the current sources (`tsc -p tsconfig.build.json`, what
 * `npm run build` runs, with `--outDir` pointed away from the worktree). Built once per content of
 * src/ and the build configuration, shared by the test files that need it, whichever runs first.
 */
export async function compiledBuild(): Promise<string> {
  const dir = join(tmpdir(), `neox-check-build-${buildInputsHash()}`);
  const done = join(dir, ".complete");
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(done)) return dir;
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another test file is building it: wait, unless its lock is stale (a killed run).
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (existsSync(done)) return dir;
    await rm(dir, { recursive: true, force: true });
    const tsc = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    // --noCheck: the same emit as `npm run build` (isolatedModules: each file is emitted on its own)
    // without checking the types again, which `npm run typecheck` does.
    const args = [tsc, "-p", "tsconfig.build.json", "--noCheck", "--outDir", join(dir, "dist")];
    const result = await run(process.execPath, args, { cwd: PROJECT_ROOT });
    if (result.code !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
    await writeFile(done, new Date().toISOString());
    return dir;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export interface PackageJson {
  name: string;
  version: string;
  type?: string;
  bin?: Record<string, string>;
  files?: string[];
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as PackageJson;
}

/**
 * A folder laid out as the package is packed after `npm run build`: package.json, README.md, LICENSE and
 * each entry of package.json's `files` (dist/ from {@link compiledBuild}), with the project's
 * node_modules linked beside it so its bin runs as in the project. Made fresh under `parent`.
 */
export async function stagePackage(parent: string): Promise<string> {
  const build = await compiledBuild();
  const stage = join(parent, "package");
  await mkdir(stage, { recursive: true });
  const entries = ["package.json", "README.md", "LICENSE", ...(packageJson().files ?? [])];
  for (const entry of entries) {
    const name = entry.replace(/\/$/, "");
    const from = name === "dist" ? join(build, "dist") : resolve(PROJECT_ROOT, name);
    if (existsSync(from)) await cp(from, join(stage, name), { recursive: true });
  }
  await symlink(join(PROJECT_ROOT, "node_modules"), join(stage, "node_modules"), "dir");
  return stage;
}
