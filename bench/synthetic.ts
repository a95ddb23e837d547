/**
 * A synthetic GPT-NeoX repository for when the shared corpus is absent: 64 configs from one template
 * (written for the bench, in the styles the real configs use: JSON-like flow mappings with comments and
 * trailing commas, Python `True`, hyphenated keys, and plain block YAML), varied in size, parallelism,
 * precision and ZeRO stage, plus a requirements file, a pyproject and a conda environment.
 */

/** How many configs the synthetic repository has (the corpus has about as many). */
export const SYNTHETIC_CONFIGS = 64;

const FLOW_TEMPLATE = `# Synthetic GPT-NeoX config {{name}} (bench/synthetic.ts)
{
  # parallelism settings
  "pipe_parallel_size": {{pp}},
  "model_parallel_size": {{mp}},

  # model settings
  "num_layers": {{layers}},
  "hidden_size": {{hidden}},
  "num_attention_heads": {{heads}},
  "seq_length": 2048,
  "max_position_embeddings": 2048,
  "norm": "layernorm",
  "pos_emb": "rotary",
  "rotary_pct": 0.25,
  "no_weight_tying": true,
  "gpt_j_residual": true,
  "output_layer_parallelism": "column",
  "attention_config": [[["global"], {{layers}}]],

  # these should provide some speedup but takes a while to build, set to true if desired
  "scaled_upper_triang_masked_softmax_fusion": false,
  "bias_gelu_fusion": false,

  # init methods
  "init_method": "small_init",
  "output_layer_init_method": "wang_init",

  # optimizer settings
  "optimizer": {
    "type": "Adam",
    "params": {
      "lr": {{lr}},
      "betas": [0.9, 0.95],
      "eps": 1.0e-8,
    }
  },
  "min_lr": {{minLr}},

  "zero_optimization": {
    "stage": {{zero}},
    "allgather_partitions": True,
    "allgather_bucket_size": 500000000,
    "overlap_comm": True,
    "reduce_scatter": True,
    "reduce_bucket_size": 500000000,
    "contiguous_gradients": True,
  },

  # batch / data settings
  "train_micro_batch_size_per_gpu": {{mbs}},
  "gradient_accumulation_steps": 1,
  "data_impl": "mmap",
  "num_workers": 1,

  # activation checkpointing
  "checkpoint_activations": true,
  "checkpoint_num_layers": 1,
  "partition_activations": true,
  "synchronize_each_layer": true,

  # regularization
  "gradient_clipping": 1.0,
  "weight_decay": 0.1,
  "hidden_dropout": 0,
  "attention_dropout": 0,

  # precision settings
{{precision}}

  # misc. training settings
  "train_iters": 143000,
  "lr_decay_iters": 143000,
  "distributed_backend": "nccl",
  "lr_decay_style": "cosine",
  "warmup": 0.01,
  "checkpoint_factor": 1000,
  "eval_interval": 143000,
  "eval_iters": 10,
{{finetune}}
  # logging
  "log_interval": 10,
  "steps_per_print": 10,
  "keep_last_n_checkpoints": 4,
  "wall_clock_breakdown": true,

  "train-data-paths": ["data/pile_0_text_document"],
  "valid-data-paths": ["data/pile_val_text_document"],
  "test-data-paths": ["data/pile_test_text_document"],
  "tokenizer_type": "HFTokenizer",
  "vocab-file": "data/20B_tokenizer.json",
  "save": "checkpoints/{{name}}",
  "load": "checkpoints/{{name}}",
  "tensorboard_dir": "tensorboard",
  "log_dir": "logs",
}
`;

const BLOCK_TEMPLATE = `# Synthetic GPT-NeoX config {{name}}, block style (bench/synthetic.ts)
pipe-parallel-size: {{pp}}
model-parallel-size: {{mp}}

num-layers: {{layers}}
hidden-size: {{hidden}}
num-attention-heads: {{heads}}
seq-length: 4096
max-position-embeddings: 4096
pos-emb: rotary
rotary-pct: 1
no-weight-tying: true
gpt-j-residual: false
output-layer-parallelism: column
norm: rmsnorm
rms-norm-epsilon: 1.0e-5
use-bias-in-norms: false
use-bias-in-attn-linear: false
activation: swiglu
mlp-multiple-of: 256
attention-config: [[[flash], {{layers}}]]

optimizer:
  type: Adam
  params:
    lr: {{lr}}
    betas: [0.9, 0.95]
    eps: 1.0e-8
min-lr: {{minLr}}

zero_optimization:
  stage: {{zero}}
  allgather_partitions: true
  allgather_bucket_size: 1260000000
  overlap_comm: true
  reduce_scatter: true
  reduce_bucket_size: 1260000000
  contiguous_gradients: true
  cpu_offload: false

train-micro-batch-size-per-gpu: {{mbs}}
gradient-accumulation-steps: 4
checkpoint-activations: true
checkpoint-num-layers: 1
gradient-clipping: 1.0
weight-decay: 0.1
hidden-dropout: 0
attention-dropout: 0

{{precision}}

train-iters: 250000
lr-decay-iters: 250000
lr-decay-style: cosine
warmup: 0.01
checkpoint-factor: 10000
eval-interval: 1000
eval-iters: 10
{{finetune}}
log-interval: 100
steps-per-print: 10
wall-clock-breakdown: false

data-path: data/slimpajama/slimpajama_text_document
tokenizer-type: SPMTokenizer
vocab-file: data/tokenizer.model
save: checkpoints/{{name}}
load: checkpoints/{{name}}
`;

const SIZES = [
  { name: "70M", layers: 6, hidden: 512, heads: 8, lr: "0.001", minLr: "0.0001", mbs: 32 },
  { name: "160M", layers: 12, hidden: 768, heads: 12, lr: "0.0006", minLr: "0.00006", mbs: 32 },
  { name: "410M", layers: 24, hidden: 1024, heads: 16, lr: "0.0003", minLr: "0.00003", mbs: 16 },
  { name: "1B", layers: 16, hidden: 2048, heads: 8, lr: "0.00025", minLr: "0.000025", mbs: 8 },
  { name: "2-8B", layers: 32, hidden: 2560, heads: 32, lr: "0.00016", minLr: "0.000016", mbs: 4 },
  { name: "6-9B", layers: 32, hidden: 4096, heads: 32, lr: "0.00012", minLr: "0.000012", mbs: 2 },
  { name: "12B", layers: 36, hidden: 5120, heads: 40, lr: "0.00012", minLr: "0.000012", mbs: 1 },
  { name: "20B", layers: 44, hidden: 6144, heads: 64, lr: "0.97e-4", minLr: "0.97e-5", mbs: 1 },
] as const;

const FLOW_PRECISION = {
  fp16: `  "fp16": {
    "enabled": true,
    "loss_scale": 0,
    "loss_scale_window": 1000,
    "hysteresis": 2,
    "min_loss_scale": 1,
  },`,
  bf16: `  "precision": "bfloat16",
  "fp32_allreduce": True,
  "bf16": { "enabled": true },
  "data_types": { "grad_accum_dtype": "fp32" },`,
} as const;

const BLOCK_PRECISION = {
  fp16: `fp16:
  enabled: true
  loss_scale: 0
  loss_scale_window: 1000
  hysteresis: 2
  min_loss_scale: 1`,
  bf16: `precision: bfloat16
bf16:
  enabled: true
data_types:
  grad_accum_dtype: fp32`,
} as const;

/** Replaces every `{{key}}` in `template`. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(?<key>\w+)\}\}/g, (_, key: string) => String(values[key] ?? ""));
}

/** The synthetic repository: `configs/synthetic/*.yml` and three dependency files. */
export function syntheticRepo(): { configs: Record<string, string>; deps: Record<string, string> } {
  const configs: Record<string, string> = {};
  for (let i = 0; i < SYNTHETIC_CONFIGS; i += 1) {
    const size = SIZES[i % SIZES.length] ?? SIZES[0];
    const block = i % 2 === 1;
    const precision = i % 3 === 0 ? "fp16" : "bf16";
    const finetune = i % 8 === 5;
    const name = `${size.name}-${block ? "block" : "flow"}-${i}`;
    const values = {
      ...size,
      name,
      pp: i % 4 === 0 ? 0 : 1,
      mp: size.hidden >= 4096 ? 2 : 1,
      zero: i % 3,
      precision: (block ? BLOCK_PRECISION : FLOW_PRECISION)[precision],
      finetune: finetune ? (block ? "finetune: true\n" : '  "finetune": true,\n') : "",
    };
    configs[`configs/synthetic/${name}.yml`] = fill(block ? BLOCK_TEMPLATE : FLOW_TEMPLATE, values);
  }
  const deps = {
    "requirements/requirements.txt": [
      "# synthetic pins (bench/synthetic.ts)",
      "deepspeed==0.12.6",
      "ftfy>=6.0.1",
      "huggingface_hub>=0.11.0",
      "jinja2==3.1.4",
      "lm_dataformat @ git+https://github.com/EleutherAI/lm_dataformat.git@4eec05349977071bf67fc072290b95e31c8dd836",
      "mpi4py>=3.0.3",
      "numpy<2.0",
      "pybind11>=2.6.2",
      "regex",
      "sentencepiece",
      "six",
      "tiktoken>=0.1.2",
      "tokenizers>=0.12.1",
      "transformers==4.38.0",
      "torch>=2.1,<2.4 ; platform_system == 'Linux'",
      "",
    ].join("\n"),
    "pyproject.toml": [
      "[project]",
      'name = "synthetic-training"',
      'version = "0.1.0"',
      'requires-python = ">=3.9"',
      "dependencies = [",
      '  "deepspeed>=0.10.2,<0.13",',
      '  "torch~=2.1.0",',
      '  "flash-attn==2.5.6",',
      '  "transformer-engine[pytorch]>=1.5",',
      "]",
      "",
      "[project.optional-dependencies]",
      'dev = ["pytest>=7", "pre-commit"]',
      "",
    ].join("\n"),
    "environment.yml": [
      "name: synthetic",
      "channels: [pytorch, nvidia, conda-forge]",
      "dependencies:",
      "  - python=3.10",
      "  - pytorch=2.1.2",
      "  - pip",
      "  - pip:",
      "      - deepspeed==0.12.4",
      "      - wandb>=0.15",
      "",
    ].join("\n"),
  };
  return { configs, deps };
}
