/**
 * The package as users get it: `npm pack` holds only what they run (dist/, bin/, docs/, the App manifest,
 * README, LICENSE), and the tarball installed into an empty folder, without the network, runs
 * `neox-check check` on a repository with compiled JavaScript only.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReportJson } from "../../src/report/json.js";
import { FINETUNE_LINE, finetuneConfig } from "../cli/helpers.js";
import { packageJson, PROJECT_ROOT, run, stagePackage, tempDir } from "./support.js";

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

const ALLOWED = /^(dist\/|bin\/|docs\/|schema\/|app\.yml$|package\.json$|README\.md$|LICENSE$)/;

let work: string;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("package.json", () => {
  const pkg = packageJson();

  it("runs compiled JavaScript: bin, start and no TypeScript loader among the runtime dependencies", () => {
    expect(pkg.bin).toEqual({ "neox-check": "bin/neox-check.js" });
    const bin = readFileSync(join(PROJECT_ROOT, "bin/neox-check.js"), "utf8");
    expect(bin).toContain('import("../dist/cli/main.js")');
    expect(bin).not.toMatch(/tsx|ts-node|\.ts"/);
    expect(pkg.scripts?.start).toBe("node dist/github/server.js");
    expect(pkg.scripts?.prepack).toBe("npm run build");
    expect(Object.keys(pkg.dependencies ?? {})).not.toEqual(expect.arrayContaining(["tsx"]));
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("ts-node");
    expect(pkg.devDependencies).toHaveProperty("tsx");
    expect(pkg.engines?.node).toBe(">=20.18.1");
  });

  it("has a LICENSE with the Apache-2.0 text its license field names", () => {
    expect(packageJson()).toMatchObject({ license: "Apache-2.0" });
    const license = readFileSync(join(PROJECT_ROOT, "LICENSE"), "utf8");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("packs nothing from the worktree but the files list (npm pack --dry-run)", async () => {
    const result = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: PROJECT_ROOT,
    });
    expect(result.code).toBe(0);
    const [packed] = JSON.parse(result.stdout) as PackResult[];
    const paths = packed?.files.map((f) => f.path) ?? [];
    expect(paths.filter((p) => !ALLOWED.test(p))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        "bin/neox-check.js",
        "LICENSE",
        "README.md",
        "docs/cli.md",
        "schema/neox-check.schema.json",
      ]),
    );
  });
});

describe("the packed tarball, installed into an empty folder", () => {
  it("holds only what users run and runs neox-check check from compiled JavaScript", async () => {
    work = await tempDir("pack");
    const stage = await stagePackage(work);
    const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: stage,
    });
    expect(packed).toMatchObject({ code: 0 });
    const [tarball] = JSON.parse(packed.stdout) as PackResult[];
    const paths = (tarball?.files ?? []).map((f) => f.path).sort();
    expect(paths.filter((p) => !ALLOWED.test(p))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        "bin/neox-check.js",
        "dist/cli/main.js",
        "dist/github/server.js",
        "LICENSE",
        "README.md",
        "app.yml",
        "package.json",
      ]),
    );
    expect(paths.filter((p) => /\.ts$|^dist\/demo\/|^demo\/|^src\/|^test\//.test(p))).toEqual([]);

    // An empty project depending on the tarball. Its lock lists the runtime dependencies exactly as the
    // project's lock resolves them, so `npm ci --offline` takes them from npm's cache: no network.
    const app = join(work, "app");
    await mkdir(app);
    const tgz = `file:../${tarball?.filename ?? ""}`;
    const pkg = packageJson();
    const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const packages: Record<string, unknown> = {
      "": { dependencies: { "neox-check": tgz } },
      "node_modules/neox-check": {
        version: pkg.version,
        resolved: tgz,
        dependencies: pkg.dependencies,
        bin: pkg.bin,
        engines: pkg.engines,
      },
    };
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key.startsWith("node_modules/") && entry.dev !== true) packages[key] = entry;
    }
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({ private: true, dependencies: { "neox-check": tgz } }),
    );
    await writeFile(
      join(app, "package-lock.json"),
      JSON.stringify({ lockfileVersion: 3, requires: true, packages }),
    );
    const installed = await run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: app,
    });
    if (installed.code !== 0 && installed.stderr.includes("ENOTCACHED")) {
      console.log(
        `skipped the install: npm's cache lacks a runtime dependency (run npm ci first)\n${installed.stderr}`,
      );
      return;
    }
    expect(installed).toMatchObject({ code: 0 });
    const root = join(app, "node_modules");
    expect(existsSync(join(root, "neox-check", "dist", "cli", "main.js"))).toBe(true);
    // Dev dependencies are not installed, so nothing can load TypeScript.
    for (const dev of ["tsx", "typescript", "ts-jest", "esbuild"])
      expect(existsSync(join(root, dev))).toBe(false);

    const repo = join(app, "repo");
    await mkdir(join(repo, "configs"), { recursive: true });
    await writeFile(join(repo, "configs", "finetune.yml"), finetuneConfig());
    await writeFile(join(repo, "requirements.txt"), "deepspeed==0.12.6\n");
    const bin = join(root, ".bin", "neox-check");
    const version = await run(bin, ["--version"], { cwd: repo });
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const checked = await run(bin, ["check", "--format", "json"], {
      cwd: repo,
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(1);
    const report = JSON.parse(checked.stdout) as ReportJson;
    expect(
      report.findings.map((f) => [f.ruleId, f.severity, f.location.path, f.location.line]),
    ).toContainEqual(["NXC101", "error", "configs/finetune.yml", FINETUNE_LINE]);
    expect(report.counts.errors).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
