import type { NeoxArgsInfo } from "../../../src/core/model/neox-args.js";
import { looksLikeNeoxConfig, parseConfig } from "../../../src/core/parse/config.js";
import { shippedNeoxArgs } from "../../../src/core/parse/neox-args.js";

function looksLike(path: string, text: string, args: NeoxArgsInfo = shippedNeoxArgs()): boolean {
  return looksLikeNeoxConfig(path, parseConfig(path, text), args, text);
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

  // Written for this test, after real cases: a training config with a stray text line inside its
  // `{...}` (a `train_configs/*.yaml`), and Pythia's `models/12B/pythia-12b.yml` (invalid since 2023).
  it.each([
    [
      "train_configs/run-7b.yaml",
      '{\n  "pipe_parallel_size": 1,\n  "model_parallel_size": 2,\n  - lower the lr after step 1000\n  "num_layers": 32,\n  "train_micro_batch_size_per_gpu": 4,\n}\n',
    ],
    [
      "models/12B/pythia-12b.yml",
      '{\n  "pipe-parallel-size": 1,\n  "model-parallel-size": 4,\n  "num-layers": 36,\n  "hidden-size": 5120,\n  "attention-config": [[["flash"], 36]],\n  "optimizer": {"type": "Adam", "params": {"lr": 0.00012, "betas": [0.9, 0.95], "eps": 1.0e-8}},\n  "train_micro_batch_size_per_gpu": 4,\n  "train_micro_batch_size_per_gpu": 4 "gradient_accumulation_steps": 2,\n}\n',
    ],
  ])("%s does not load but is a NeoX config by its content, wherever it lives", (path, text) => {
    expect(parseConfig(path, text).ok).toBe(false);
    expect(looksLike(path, text)).toBe(true);
  });

  it("does not take an invalid file with one NeoX-like word outside a config place", () => {
    expect(looksLike("ops/broken.yml", "name: x\n  seq_length: 3\n: bad\n")).toBe(false);
  });

  it.each([
    [
      "launcher/search_configs/cgcg.yml",
      '{\n"cgcg_bwd_autotune": [false],\n"use_cgcg": [false, true],\n"use_cgcg_short": [false, true],\n}\n',
    ],
    [
      "launcher/7b/search_configs/32K.yml",
      "{\n  'sequence_parallel': [true],\n  'model_parallel_size': [2],\n  'checkpoint-num-layers': [6],\n  'zero_optimization': {'stage': [1]},\n}\n",
    ],
  ])("%s is a launcher's sweep grid (lists of alternatives), not a training config", (path, text) => {
    const args = shippedNeoxArgs();
    const withCgcg: NeoxArgsInfo = {
      ...args,
      args: {
        ...args.args,
        use_cgcg: { ...(args.args.train_iters ?? ({} as never)), name: "use_cgcg", type: "bool" },
        use_cgcg_short: { ...(args.args.train_iters ?? ({} as never)), name: "use_cgcg_short", type: "bool" },
        cgcg_bwd_autotune: {
          ...(args.args.train_iters ?? ({} as never)),
          name: "cgcg_bwd_autotune",
          type: "bool",
        },
      },
    };
    expect(looksLike(path, text, withCgcg)).toBe(false);
  });

  it("keeps a config whose list values are list arguments (attention_config)", () => {
    const text = '{"attention_config": [[["global"], 12]], "num_layers": 12, "train_iters": 10}';
    expect(looksLike("configs/a.yml", text)).toBe(true);
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

describe("what analyze takes for a config", () => {
  it("reports an invalid config outside configs/ (NXC223) and leaves a sweep grid alone", async () => {
    const { invalidYamlRule } = await import("../../../src/core/rules/invalid-yaml.js");
    const { runRule } = await import("../../support/rule-tester.js");
    const findings = await runRule(invalidYamlRule, {
      files: {
        "train_configs/run-7b.yaml":
          '{\n  "pipe_parallel_size": 1,\n  "model_parallel_size": 2,\n  - lower the lr after step 1000\n  "num_layers": 32,\n}\n',
        "launcher/search_configs/grid.yml":
          '{\n"train_micro_batch_size_per_gpu": [1, 2, 4],\n"model_parallel_size": [1, 2],\n}\n',
      },
    });
    expect(findings.map((f) => [f.ruleId, f.location.path])).toEqual([
      ["NXC223", "train_configs/run-7b.yaml"],
    ]);
  });
});
