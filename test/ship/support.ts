/**
 * What the shipping tests share: a staged package folder laid out as `npm pack` would take it (dist/ from
 * the shared compiled build, test/support/compiled-build.ts), and small process helpers.
 */
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../../demo/harness.js";
import { compiledBuild } from "../support/compiled-build.js";
import { run } from "../support/run.js";

export { PROJECT_ROOT } from "../../demo/harness.js";
export { run, type Run } from "../support/run.js";

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
