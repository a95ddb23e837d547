import type { NeoxArgsInfo } from "../../../src/core/model/neox-args.js";
import { looksLikeNeoxConfig, parseConfig } from "../../../src/core/parse/config.js";
import { shippedNeoxArgs } from "../../../src/core/parse/neox-args.js";

function looksLike(path: string, text: string, args: NeoxArgsInfo = shippedNeoxArgs()): boolean {
  return looksLikeNeoxConfig(path, parseConfig(path, text), args);
}

describe("looksLikeNeoxConfig", () => {
  it.each([
    ["configs/125M.yml", '{"pipe_parallel_size": 1, "num_layers": 12, "zero_optimization": {"stage": 1}}'],
    ["configs/local_setup.yml", '{"data_path": "x", "vocab_file": "v", "save": "c", "load": "c"}'],
    ["configs/cpu_mock_config.yml", '{"global_num_gpus": 1}'],
    [
      "configs/sparse.yml",
      '{"attention_config": [[["local", "global"], "all"]], "sparsity_config": {"block": 16}}',
    ],
    ["train.yaml", "train-iters: 10\nlr-decay-style: cosine\nseed: 1\n"],
    // Pythia's configs use `gas`, a key NeoX v1.0 accepted
    ["pythia/1B.yml", '{"gas": 4, "train_micro_batch_size_per_gpu": 4, "some_typo_key": 1}'],
    // a broken config in a configs/ folder is still a config (for the invalid-yaml rule)
    ["configs/broken.yml", '{"a": 1 "b": 2}'],
    ["neox-finetune.yml", "{"],
  ])("%s is a NeoX config", (path, text) => {
    expect(looksLike(path, text)).toBe(true);
  });

  it.each([
    [".github/workflows/ci.yml", "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"],
    [".github/neox-check.yml", "rules: {}\ninclude: ['configs/**']\nexclude: []\nfail_on: error\n"],
    // even outside .github, a file of generic words is not taken for a config
    ["settings.yml", "include: ['configs/**']\nexclude: []\nseed: 1\n"],
    ["environment.yml", "name: neox\nchannels: [conda-forge]\ndependencies: [python=3.10]\n"],
    ["docker-compose.yml", "version: '3'\nservices:\n  app:\n    image: x\n"],
    [".pre-commit-config.yaml", "repos: []\nexclude: docs/\n"],
    ["conf/trainer.yaml", "model: gpt\noptimizer: adam\nscheduler: cosine\nseed: 1\ntrainer: {}\ndata: {}\n"],
    [
      "hf/training_args.yml",
      "learning_rate: 1.0e-4\nnum_train_epochs: 3\nper_device_train_batch_size: 8\ngradient_accumulation_steps: 4\noutput_dir: out\nlogging_steps: 10\n",
    ],
    ["mkdocs.yml", "site_name: x\nnav: []\n"],
    ["empty.yml", "{}"],
    ["list.yml", "- a\n- b\n"],
    ["broken.yml", "{"],
    [".github/workflows/broken.yml", "{"],
  ])("%s is not a NeoX config", (path, text) => {
    expect(looksLike(path, text)).toBe(false);
  });

  it("judges by the argument list it is given (a repository's own NeoX)", () => {
    const own: NeoxArgsInfo = {
      source: "repository",
      paths: ["megatron/neox_arguments/neox_args.py"],
      args: {},
    };
    expect(looksLike("configs/a.yml", '{"train_iters": 1, "num_layers": 2}', own)).toBe(false);
  });
});
