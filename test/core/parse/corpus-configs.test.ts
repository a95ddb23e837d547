/**
 * Every GPT-NeoX config of the shared corpus (EleutherAI/gpt-neox@ea7aefd8), parsed and checked against a
 * table carried here. The table was derived independently of this parser: PyYAML 6.0.3 `FullLoader` read
 * each file, a separate script applied NeoX's normalisation and defaults (arguments.py
 * `from_ymls` / `calculate_derived`), and each row was checked by reading the file. Skipped, with a message,
 * where the corpus is absent (a user's clone).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConfigFile, Sourced } from "../../../src/core/model/config.js";
import { looksLikeNeoxConfig, parseConfig } from "../../../src/core/parse/config.js";
import { buildConfigSet } from "../../../src/core/parse/config-set.js";
import { shippedNeoxArgs } from "../../../src/core/parse/neox-args.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS = resolve(root, "../shared/corpus/gpt-neox/configs");
const present = existsSync(CORPUS);

/** Unknown: not set in a fragment, or read differently by different NeoX versions. */
const U = "unknown";
type Cell<T> = T | typeof U;

type Row = [
  path: string,
  fragment: boolean,
  finetune: Cell<boolean>,
  noLoadOptim: Cell<boolean>,
  load: Cell<string | null>,
  precision: Cell<string>,
  zeroStage: Cell<number>,
  pipeParallelSize: Cell<number>,
  modelParallelSize: Cell<number>,
];

// prettier-ignore
const TABLE: Row[] = [
  ["configs/1-3B-transformer-engine.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/1-3B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/125M-dmoe.yml", false, false, false, null, "bfloat16", 1, 1, 1],
  ["configs/125M-json.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/125M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/13B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/175B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/19M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/2-7B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/20B.yml", false, false, false, "./20B_checkpoints", "fp16", 1, 4, 2],
  ["configs/350M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/49M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/6-7B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/760M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/800M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/bf16_125M.yml", false, false, false, null, "bfloat16", 0, 1, 1],
  ["configs/bnb_125M.yml", false, false, false, null, "fp16", 0, 1, 1],
  ["configs/cpu_mock_config.yml", true, U, U, U, U, U, U, U],
  ["configs/docker/pythia-paths.yml", true, U, U, "/home/mchorse/chk/", U, U, U, U],
  ["configs/eleutherai_cluster.yml", true, U, U, "/mnt/ssd-1/checkpoints", U, U, U, U],
  ["configs/finetuning_configs/6-9B.yml", false, true, false, "/path/to/checkpoint", "fp16", 1, 1, 2],
  // no zero_optimization block: NeoX's default stage 0; eps is written `1.0e_8`, a string
  ["configs/gmlp_small.yml", false, false, false, null, "fp16", 0, 1, 1],
  // model-only files, merged with llama/train_config.yml: no training length, so fragments
  ["configs/llama/13B.yml", true, U, U, U, U, U, 1, 2],
  ["configs/llama/30B.yml", true, U, U, U, U, U, 1, 4],
  ["configs/llama/65B.yml", true, U, U, U, U, U, 1, 8],
  ["configs/llama/7B.yml", true, U, U, U, U, U, 1, 1],
  ["configs/llama/train_config.yml", true, true, U, U, "fp16", 1, U, U],
  ["configs/llama2/13B.yml", true, U, U, U, U, U, 1, 2],
  ["configs/llama2/70B.yml", true, U, U, U, U, U, 1, 1],
  ["configs/llama2/7B.yml", true, U, U, U, U, U, 1, 1],
  ["configs/llama2/codellama_34B.yml", true, U, U, U, U, U, 1, 1],
  ["configs/llama2/codellama_7B.yml", true, U, U, U, U, U, 1, 1],
  // `load` is only in comments here: nothing is loaded
  ["configs/llemma/34B.yml", false, true, false, null, "bfloat16", 1, 0, 8],
  ["configs/llemma/7B.yml", false, true, false, "/path/to/converted/codellama_7b_weights_with_mp2", "bfloat16", 1, 0, 2],
  ["configs/local_setup.yml", true, U, U, "checkpoints", U, U, U, U],
  ["configs/local_setup_comet.yml", true, U, U, "checkpoints", U, U, U, U],
  ["configs/local_setup_wandb.yml", true, U, U, "checkpoints", U, U, U, U],
  ["configs/mamba/mamba-1.4B.yml", false, false, false, null, "fp16", 1, 0, 1],
  ["configs/mamba/mamba-130M.yml", false, false, false, null, "fp16", 1, 0, 1],
  ["configs/mamba/mamba-2.8B.yml", false, false, false, null, "fp16", 1, 0, 1],
  ["configs/mamba/mamba-370M.yml", false, false, false, null, "fp16", 1, 0, 1],
  ["configs/mamba/mamba-790M.yml", false, false, false, null, "fp16", 1, 0, 1],
  ["configs/mistral/7B.yml", true, U, U, U, U, U, 1, 1],
  ["configs/prof.yml", true, U, U, U, U, U, U, U],
  ["configs/pythia/1-4B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/pythia/12B.yml", false, false, false, null, "fp16", 1, 1, 4],
  ["configs/pythia/14M.yml", false, false, false, null, "fp16", 0, 0, 1],
  ["configs/pythia/160M.yml", false, false, false, null, "fp16", 1, 1, 1],
  // `fp16: {enabled: true, type: bfloat16}`: bfloat16 for NeoX v1.0 (Pythia's), fp16 for current NeoX
  ["configs/pythia/1B.yml", false, false, false, null, U, 0, 1, 1],
  ["configs/pythia/2-8B.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/pythia/31M.yml", false, false, false, null, "fp16", 0, 0, 1],
  ["configs/pythia/410M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/pythia/6-9B.yml", false, false, false, null, "fp16", 1, 1, 2],
  ["configs/pythia/70M.yml", false, false, false, null, "fp16", 1, 1, 1],
  ["configs/rwkv/170M.yml", false, false, false, null, "bfloat16", 1, 1, 1],
  ["configs/slurm_125M.yml", false, false, false, null, "fp16", 0, 1, 1],
  ["configs/slurm_local.yml", true, U, U, U, U, U, U, U],
  ["configs/sparse.yml", true, U, U, U, U, U, U, U],
  ["configs/text_generation.yml", true, U, U, U, U, U, U, U],
  ["post-training/configs/benchmarking/llama-13b-dpo.yml", false, true, false, null, "bfloat16", 1, 0, 2],
  ["post-training/configs/benchmarking/mistral-dpo.yml", false, true, false, "checkpoints/neox_converted/zephyr-sft", "bfloat16", 1, 0, 4],
  ["post-training/configs/llama3-8b-dpo.yml", false, true, false, "checkpoints/neox_converted/llama3-8b-instruct", "bfloat16", 1, 0, 4],
  ["post-training/configs/llama3-8b-kto.yml", false, true, false, "checkpoints/neox_converted/llama3-8b-instruct", "bfloat16", 1, 0, 4],
  ["post-training/configs/llama3-8b-reinforce.yml", false, true, false, "checkpoints/neox_converted/llama3-8b-instruct", "bfloat16", 1, 0, 4],
  ["post-training/configs/llama3-8b-rm.yml", false, true, false, "checkpoints/neox_converted/llama3-8b-instruct", "bfloat16", 1, 0, 4],
  ["post-training/configs/llama3-8b-sft.yml", false, true, false, "checkpoints/neox_converted/llama3-8b-instruct", "bfloat16", 1, 0, 4],
  // precision written directly, no zero_optimization block
  ["tests/config/test_setup.yml", false, false, false, null, "fp16", 0, 1, 1],
  ["tests/test_configs/test_train_base.yml", false, false, false, "test_checkpoint", "fp16", 0, 0, 1],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function listYaml(dir: string): string[] {
  return walk(dir)
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => relative(dir, path).split("\\").join("/"))
    .sort();
}

function cell<T>(value: Sourced<T>): Cell<T> {
  return value.state === "unknown" ? U : value.value;
}

const parsed = new Map<string, ConfigFile>();
function load(path: string): ConfigFile {
  let file = parsed.get(path);
  if (!file) {
    file = parseConfig(path, readFileSync(join(CORPUS, path), "utf8"));
    parsed.set(path, file);
  }
  return file;
}

describe("the GPT-NeoX corpus configs", () => {
  if (!present) {
    it("is skipped: the shared corpus is absent", () => {
      console.log(`skipped: ${CORPUS} is absent`);
    });
    return;
  }

  it("has one table row per corpus file", () => {
    expect(TABLE.map((row) => row[0])).toEqual(listYaml(CORPUS));
  });

  it.each(TABLE)("%s", (path, ...expected) => {
    const file = load(path);
    expect(file.ok).toBe(true);
    expect(file.diagnostics).toEqual([]);
    expect(looksLikeNeoxConfig(path, file, shippedNeoxArgs())).toBe(true);
    const effective = buildConfigSet([file], { declared: false }).effective;
    expect([
      file.fragment,
      cell(effective.finetune),
      cell(effective.noLoadOptim),
      cell(effective.load),
      cell(effective.precision),
      cell(effective.zeroStage),
      cell(effective.pipeParallelSize),
      cell(effective.modelParallelSize),
    ]).toEqual(expected);
  });

  it("reads values as PyYAML does, keeping spellings and positions", () => {
    const gmlp = load("configs/gmlp_small.yml");
    const eps = gmlp.keys.optimizer?.node;
    expect(eps?.kind === "map" && eps.value).toMatchObject({ params: { eps: "1.0e_8" } });

    const comet = load("configs/local_setup_comet.yml");
    expect(comet.keys.comet_others?.node.value).toEqual({ test_others: null });
    expect(comet.keys.use_comet?.node.value).toBe(true);

    const pythia = load("configs/pythia/14M.yml");
    const pipe = pythia.keys.pipe_parallel_size;
    expect(pipe && [pipe.spelling, pipe.keySpan.line, pipe.keySpan.column, pipe.node.span.column]).toEqual([
      "pipe-parallel-size",
      3,
      3,
      25,
    ]);

    const finetuning = load("configs/finetuning_configs/6-9B.yml");
    const zero = finetuning.keys.zero_optimization?.node;
    expect(zero?.kind === "map" && zero.entries.map((e) => e.key)).toContain("load_from_fp32_weights");
  });

  it("sets nothing for commented-out keys", () => {
    expect(load("configs/llemma/34B.yml").keys.load).toBeUndefined();
    expect(load("configs/eleutherai_cluster.yml").keys.wandb_run_name).toBeUndefined();
    expect(load("configs/local_setup.yml").keys.train_data_paths).toBeUndefined();
  });

  it("merges the llama files as the llama README runs them", () => {
    const set = buildConfigSet(
      ["configs/llama/7B.yml", "configs/llama/train_config.yml", "configs/local_setup.yml"].map(load),
      { name: "llama-7B finetune", declared: true },
    );
    expect(set.whole).toBe(true);
    expect(set.duplicates).toEqual([]);
    expect(set.basenameClashes).toEqual([]);
    const e = set.effective;
    expect([
      cell(e.finetune),
      cell(e.noLoadOptim),
      cell(e.load),
      cell(e.precision),
      cell(e.zeroStage),
      cell(e.pipeParallelSize),
      cell(e.modelParallelSize),
    ]).toEqual([true, false, "checkpoints", "fp16", 1, 1, 1]);
    expect(e.load.state === "set" && e.load.at.path).toBe("configs/local_setup.yml");
  });
});
