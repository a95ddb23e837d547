/**
 * Turns the knowledge base data (`knowledge/`) into `src/core/knowledge/data.generated.ts`, because the
 * core may not read files. Every advisory is validated with `advisorySchema`; any invalid file stops
 * the generation with the file name and the problems. Run with `npm run gen:knowledge`.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { advisorySchema, type Advisory } from "../src/core/knowledge/schema.js";
import type { DeepSpeedRelease } from "../src/core/knowledge/types.js";
import type { ResolvedCommit } from "../src/core/model/index.js";
import { compareVersions, isVersion } from "../src/core/versioning/index.js";

/** Where the generated module goes, relative to the project root. */
export const GENERATED_PATH = "src/core/knowledge/data.generated.ts";
export const ADVISORIES_DIR = "knowledge/advisories";
const RELEASES_PATH = "knowledge/deepspeed-releases.json";
const COMMITS_PATH = "knowledge/deeperspeed-commits.json";

const sha = z.string().regex(/^[0-9a-f]{40}$/, "a full lowercase 40-hex commit SHA");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pep440 = z.string().refine(isVersion, "a PEP 440 version");

const releasesFileSchema = z
  .object({
    about: z.string().min(1),
    source: z.array(z.url()).min(1),
    checked_up_to: z.string().min(1),
    releases: z
      .array(
        z
          .object({
            version: pep440,
            date: isoDate,
            tag_commit: sha,
            seed_bug_status: z.enum(["not_affected", "affected", "fixed"]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const commitsFileSchema = z
  .object({
    repository: z.literal("EleutherAI/DeeperSpeed"),
    about: z.string().min(1),
    source: z.array(z.url()).min(1),
    checked_at: z.string().min(1),
    bug_introduced: sha,
    bug_fixed: sha,
    commits: z
      .array(
        z
          .object({
            sha,
            date: isoDate,
            version_txt: pep440.nullable(),
            tags: z.array(z.string().min(1)),
            contains_bug_commit: z.boolean(),
            contains_fix_commit: z.boolean(),
            seed_bug_status: z.enum(["not_affected", "affected", "fixed"]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** The raw tables, validated; tests use them to check the advisories against the status columns. */
export type ReleasesFile = z.infer<typeof releasesFileSchema>;
export type CommitsFile = z.infer<typeof commitsFileSchema>;

function fail(file: string, error: z.ZodError): never {
  throw new Error(`${file} is invalid:\n${z.prettifyError(error)}`);
}

async function readJson(root: string, file: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(root, file), "utf8")) as unknown;
}

/** Reads and validates every advisory file, sorted by file name. Throws naming the first bad file. */
export async function readAdvisories(root: string): Promise<Array<{ file: string; advisory: Advisory }>> {
  const names = (await readdir(path.join(root, ADVISORIES_DIR)))
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .sort();
  const out: Array<{ file: string; advisory: Advisory }> = [];
  for (const name of names) {
    const file = `${ADVISORIES_DIR}/${name}`;
    const text = await readFile(path.join(root, file), "utf8");
    const raw: unknown = name.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    const parsed = advisorySchema.safeParse(raw);
    if (!parsed.success) fail(file, parsed.error);
    const stem = name.replace(/\.(ya?ml|json)$/, "");
    if (parsed.data.id !== stem)
      throw new Error(`${file}: id ${parsed.data.id} does not match the file name`);
    out.push({ file, advisory: parsed.data });
  }
  const seen = new Set<string>();
  for (const { file, advisory } of out) {
    if (seen.has(advisory.id)) throw new Error(`${file}: duplicate advisory id ${advisory.id}`);
    seen.add(advisory.id);
  }
  return out;
}

/** The DeepSpeed release table, validated. */
export async function readReleases(root: string): Promise<ReleasesFile> {
  const parsed = releasesFileSchema.safeParse(await readJson(root, RELEASES_PATH));
  if (!parsed.success) fail(RELEASES_PATH, parsed.error);
  return parsed.data;
}

/** The DeeperSpeed commit table, validated. */
export async function readCommits(root: string): Promise<CommitsFile> {
  const parsed = commitsFileSchema.safeParse(await readJson(root, COMMITS_PATH));
  if (!parsed.success) fail(COMMITS_PATH, parsed.error);
  return parsed.data;
}

/** The commit table as the resolver sees it: `contains` holds exactly the two columns the table has. */
export function toResolvedCommits(file: CommitsFile): ResolvedCommit[] {
  return file.commits.map((c) => ({
    sha: c.sha,
    versionTxt: c.version_txt,
    tags: c.tags,
    contains: { [file.bug_introduced]: c.contains_bug_commit, [file.bug_fixed]: c.contains_fix_commit },
    via: "table" as const,
  }));
}

function literal(name: string, type: string, value: unknown): string {
  return `export const ${name}: ${type} = ${JSON.stringify(value)};\n`;
}

/** The text of the generated module, formatted as the repository formats TypeScript. */
export async function buildKnowledgeModule(root: string): Promise<string> {
  const advisories = (await readAdvisories(root)).map((a) => a.advisory);
  const releases: DeepSpeedRelease[] = (await readReleases(root)).releases
    .map((r) => ({ version: r.version, date: r.date }))
    .sort((a, b) => compareVersions(a.version, b.version));
  const commits = toResolvedCommits(await readCommits(root));
  const text = [
    "// Generated by scripts/gen-knowledge.ts. Do not edit: change the data and run `npm run gen:knowledge`.",
    `// Sources: ${ADVISORIES_DIR}/*.yml, ${RELEASES_PATH}, ${COMMITS_PATH}.`,
    'import type { ResolvedCommit } from "../model/index.js";',
    'import type { Advisory } from "./schema.js";',
    'import type { DeepSpeedRelease } from "./types.js";',
    "",
    literal("advisories", "Advisory[]", advisories),
    "/** Known PyPI DeepSpeed releases, oldest first. */",
    literal("deepspeedReleases", "DeepSpeedRelease[]", releases),
    "/** The shipped DeeperSpeed commit table. */",
    literal("deeperspeedCommits", "ResolvedCommit[]", commits),
  ].join("\n");
  const target = path.join(root, GENERATED_PATH);
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(text, { ...options, filepath: target });
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const text = await buildKnowledgeModule(root);
  await writeFile(path.join(root, GENERATED_PATH), text);
  console.log(`wrote ${GENERATED_PATH}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
