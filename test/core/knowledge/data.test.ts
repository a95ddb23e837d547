import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import {
  buildKnowledgeModule,
  GENERATED_PATH,
  readCommits,
  readReleases,
  toResolvedCommits,
} from "../../../scripts/gen-knowledge.js";
import { advisorySchema, evaluateGitRange, loadKnowledge } from "../../../src/core/knowledge/index.js";
import { inRange } from "../../../src/core/versioning/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const advisoryDir = path.join(root, "knowledge/advisories");

async function advisoryFiles(): Promise<Array<{ name: string; raw: unknown }>> {
  const names = (await readdir(advisoryDir)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(advisoryDir, name), "utf8");
      return { name, raw: name.endsWith(".json") ? JSON.parse(text) : parseYaml(text) };
    }),
  );
}

describe("knowledge/advisories", () => {
  it("has advisory files", async () => {
    expect((await advisoryFiles()).length).toBeGreaterThanOrEqual(8);
  });

  it("validates every file with advisorySchema", async () => {
    for (const { name, raw } of await advisoryFiles()) {
      const result = advisorySchema.safeParse(raw);
      expect({ name, issues: result.success ? [] : result.error.issues }).toEqual({ name, issues: [] });
    }
  });

  it("names each file after its id, and ids are unique", async () => {
    const ids: string[] = [];
    for (const { name, raw } of await advisoryFiles()) {
      const advisory = advisorySchema.parse(raw);
      expect(`${advisory.id}.yml`).toBe(name);
      ids.push(advisory.id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names an NXC rule id in every rules entry", async () => {
    for (const { raw } of await advisoryFiles()) {
      for (const rule of advisorySchema.parse(raw).rules) expect(rule).toMatch(/^NXC\d{3}$/);
    }
  });

  it("cites only GitHub sources, and every advisory has a report, fix or source", async () => {
    for (const { raw } of await advisoryFiles()) {
      const advisory = advisorySchema.parse(raw);
      for (const ref of advisory.references) expect(ref.url).toMatch(/^https:\/\/github\.com\//);
      expect(advisory.references.some((r) => ["REPORT", "FIX", "SOURCE"].includes(r.type))).toBe(true);
    }
  });

  it("uses full lowercase SHAs in GIT ranges", async () => {
    for (const { raw } of await advisoryFiles()) {
      for (const affected of advisorySchema.parse(raw).affected) {
        for (const range of affected.ranges.filter((r) => r.type === "GIT")) {
          for (const event of range.events) {
            for (const value of Object.values(event)) expect(value).toMatch(/^(0|[0-9a-f]{40})$/);
          }
        }
      }
    }
  });
});

describe("the generated module", () => {
  it("is up to date with knowledge/ (run `npm run gen:knowledge` when this fails)", async () => {
    const expected = await buildKnowledgeModule(root);
    const actual = await readFile(path.join(root, GENERATED_PATH), "utf8");
    expect(actual).toBe(expected);
  });

  it("fails loudly, naming the file, when an advisory is invalid", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "neox-knowledge-"));
    try {
      await mkdir(path.join(dir, "knowledge/advisories"), { recursive: true });
      for (const file of ["knowledge/deepspeed-releases.json", "knowledge/deeperspeed-commits.json"]) {
        await copyFile(path.join(root, file), path.join(dir, file));
      }
      await writeFile(path.join(dir, "knowledge/advisories/NXA-2026-9999.yml"), "id: NXA-2026-9999\ntitle: x\n");
      await expect(buildKnowledgeModule(dir)).rejects.toThrow(/NXA-2026-9999\.yml is invalid/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the tables agree with the seed advisory", () => {
  const seed = loadKnowledge().advisory("NXA-2026-0001");
  const pypi = seed.affected.find((a) => a.package.name === "deepspeed");
  const git = seed.affected.find((a) => a.package.name === "EleutherAI/DeeperSpeed");

  it("classifies every known DeepSpeed release as the release table does", async () => {
    const events = pypi?.ranges[0]?.events ?? [];
    for (const release of (await readReleases(root)).releases) {
      const expected = release.seed_bug_status === "affected";
      expect({ version: release.version, affected: inRange(release.version, events) }).toEqual({
        version: release.version,
        affected: expected,
      });
    }
  });

  it("classifies every DeeperSpeed commit in the table as its status column does", async () => {
    const events = git?.ranges[0]?.events ?? [];
    for (const commit of toResolvedCommits(await readCommits(root))) {
      const row = (await readCommits(root)).commits.find((c) => c.sha === commit.sha);
      const expected = row?.seed_bug_status === "affected" ? "affected" : "not_affected";
      expect({ sha: commit.sha, verdict: evaluateGitRange(commit, events) }).toEqual({
        sha: commit.sha,
        verdict: expected,
      });
    }
  });

  it("lists exactly the affected releases and commits for readers", async () => {
    const releases = (await readReleases(root)).releases;
    expect(pypi?.versions).toEqual(releases.filter((r) => r.seed_bug_status === "affected").map((r) => r.version));
    const commits = (await readCommits(root)).commits;
    expect([...(git?.versions ?? [])].sort()).toEqual(
      commits
        .filter((c) => c.seed_bug_status === "affected")
        .map((c) => c.sha)
        .sort(),
    );
  });
});
