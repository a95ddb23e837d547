/**
 * One compiled build of `src/` per content, shared by every test that runs compiled JavaScript (the
 * shipping tests, the real server in the e2e tests): the project's `tsc -p tsconfig.build.json
 * --noCheck` into a temporary folder, never into the worktree's dist/, with the project's node_modules
 * linked beside dist/ so that it runs as `npm start` does in the project.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { PROJECT_ROOT, startAppServer, type AppServer, type AppServerOptions } from "../../demo/harness.js";
import { run } from "./run.js";

/** Bumped when the folder's layout changes, so that a build left by an older layout is not reused. */
const LAYOUT = "2";

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
  hash.update(`layout ${LAYOUT}\0`);
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
    await symlink(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    await writeFile(done, new Date().toISOString());
    return dir;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The compiled server (`dist/github/server.js`, what `npm start` and the image run). */
export async function compiledServer(): Promise<string> {
  return join(await compiledBuild(), "dist", "github", "server.js");
}

/** The real server as `npm start` and the image run it: the compiled build, no TypeScript loader. */
export async function startCompiledServer(options: Omit<AppServerOptions, "entry">): Promise<AppServer> {
  return startAppServer({ ...options, entry: await compiledServer() });
}
