/**
 * What the bench measures on: the shared corpus (real GPT-NeoX configs and historical dependency
 * files, `../shared/corpus/gpt-neox`), read in place and never copied into the project; or, where the
 * corpus is absent (a fresh clone) or `--synthetic` is given, a synthetic repository generated from
 * the template in `synthetic.ts` and written to a temporary folder that is removed afterwards.
 */
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticRepo } from "./synthetic.js";

/** The project root (this file is `bench/inputs.ts`). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the corpus lives, relative to the project root. */
export const CORPUS_DIR = resolve(PROJECT_ROOT, "../shared/corpus/gpt-neox");

export interface BenchInputs {
  kind: "corpus" | "synthetic";
  /** One line for the printed output: what was measured and where it came from. */
  description: string;
  /** A folder on disk holding exactly `configs` and `deps` (for the file-system workspace). */
  dir: string;
  /** GPT-NeoX config files (YAML), path -> text, paths relative to `dir`. */
  configs: Record<string, string>;
  /** Dependency files (requirements, pyproject, conda environment), path -> text. */
  deps: Record<string, string>;
  /** Removes what the bench wrote (the synthetic folder); nothing for the corpus. */
  cleanup(): void;
}

/** The corpus when present and not refused, else the synthetic repository. */
export function loadInputs(options: { synthetic: boolean }): BenchInputs {
  if (!options.synthetic && existsSync(join(CORPUS_DIR, "configs"))) return corpusInputs();
  const reason = options.synthetic ? "--synthetic given" : `${relative(PROJECT_ROOT, CORPUS_DIR)} is absent`;
  return syntheticInputs(reason);
}

function corpusInputs(): BenchInputs {
  const files = readTree(CORPUS_DIR);
  const configs: Record<string, string> = {};
  const deps: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith("configs/") && /\.ya?ml$/i.test(path)) configs[path] = text;
    else if (path.startsWith("requirements/")) deps[path] = text;
  }
  return {
    kind: "corpus",
    description: `corpus ${relative(PROJECT_ROOT, CORPUS_DIR)}: ${describe(configs, deps)}`,
    dir: CORPUS_DIR,
    configs,
    deps,
    cleanup: () => undefined,
  };
}

function syntheticInputs(reason: string): BenchInputs {
  const { configs, deps } = syntheticRepo();
  const dir = mkdtempSync(join(tmpdir(), "neox-check-bench-"));
  for (const [path, text] of Object.entries({ ...configs, ...deps })) {
    const full = join(dir, ...path.split("/"));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return {
    kind: "synthetic",
    description: `SYNTHETIC repository from bench/synthetic.ts (${reason}): ${describe(configs, deps)}`,
    dir,
    configs,
    deps,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function describe(configs: Record<string, string>, deps: Record<string, string>): string {
  const chars = [...Object.values(configs), ...Object.values(deps)].reduce((n, t) => n + t.length, 0);
  return (
    `${Object.keys(configs).length} config YAML files, ${Object.keys(deps).length} dependency files, ` +
    `${(chars / 1024).toFixed(0)} KiB`
  );
}

/** Every file under `dir`, keyed by its `/`-separated relative path. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files[relative(dir, full).split(sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}
