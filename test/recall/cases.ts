/**
 * Real mistakes that GPT-NeoX users made and later fixed, each reproduced in small before/after files of
 * our own making (not copies of the upstream files): the rule that must catch the mistake, the line it must
 * point at, and the source where the mistake was fixed (an upstream commit or issue).
 */
export interface RecallCase {
  /** A short unique name. */
  id: string;
  /** Where the mistake was fixed: `owner/repo@<commit>` or `owner/repo#<issue or PR>`. */
  source: string;
  /** The mistake, in words. */
  what: string;
  /** The rule that must catch it, and optionally the message. */
  rule: string;
  messageId?: string;
  /** The file holding the mistake; `before` and `after` are its text. */
  path: string;
  before: string;
  after: string;
  /** The line the finding must point at (for syntax errors: PyYAML's line). */
  line: number;
  /** Other files present in both snapshots. */
  files?: Record<string, string>;
  /** Set when no rule can know this mistake from the files: why. */
  knownMiss?: string;
}

/** A small NeoX config in upstream's JSON-like style; `lines` go after the model shape (from line 9 on). */
function config(shape: { layers: number; hidden: number; heads: number }, lines: string[]): string {
  return [
    "{",
    '  "pipe_parallel_size": 1,',
    '  "model_parallel_size": 1,',
    `  "num_layers": ${shape.layers},`,
    `  "hidden_size": ${shape.hidden},`,
    `  "num_attention_heads": ${shape.heads},`,
    '  "seq_length": 2048,',
    '  "max_position_embeddings": 2048,',
    ...lines.map((l) => `  ${l},`),
    '  "train_iters": 320000,',
    "}",
    "",
  ].join("\n");
}

/** Line of `lines[i]` in `config(...)`. */
const LINE = (i: number): number => 9 + i;

const SAVE_INTERVAL: Array<[string, string, { layers: number; hidden: number; heads: number }]> = [
  ["1f9d3b11", "configs/125M.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["655c0f63", "configs/1-3B.yml", { layers: 24, hidden: 2048, heads: 16 }],
  ["63356d8b", "configs/20B.yml", { layers: 44, hidden: 6144, heads: 64 }],
  ["d262b8ab", "configs/13B.yml", { layers: 40, hidden: 5120, heads: 40 }],
  ["b56b6fdb", "configs/175B.yml", { layers: 96, hidden: 12288, heads: 96 }],
  ["6145d6da", "configs/19M.yml", { layers: 6, hidden: 512, heads: 8 }],
  ["88dac512", "configs/2-7B.yml", { layers: 32, hidden: 2560, heads: 32 }],
  ["5d99c3ad", "configs/350M.yml", { layers: 24, hidden: 1024, heads: 16 }],
  ["e5fd2464", "configs/49M.yml", { layers: 10, hidden: 640, heads: 10 }],
  ["e361e7b7", "configs/6-7B.yml", { layers: 32, hidden: 4096, heads: 32 }],
  ["dd65cf52", "configs/760M.yml", { layers: 24, hidden: 1536, heads: 16 }],
  ["3cf67dc1", "configs/800M.yml", { layers: 16, hidden: 2048, heads: 8 }],
  ["25facf8b", "configs/bf16_125M.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["0a9f804d", "configs/bnb_125M.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["f8c94e43", "configs/gmlp_small.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["9fd1b6bc", "configs/slurm_125M.yml", { layers: 12, hidden: 768, heads: 12 }],
];

const PYTHIA_SAVE_INTERVAL: Array<[string, string, { layers: number; hidden: number; heads: number }]> = [
  ["f610057", "models/160M/pythia-160m.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["946aa63", "models/160M/pythia-160m-deduped.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["11d61e2", "models/1.4B/pythia-1.4b.yml", { layers: 24, hidden: 2048, heads: 16 }],
  ["57fc0e7", "models/2.8B/pythia-2.8b.yml", { layers: 32, hidden: 2560, heads: 32 }],
  ["2ff2c58", "models/2.8B/pythia-2.8b-deduped.yml", { layers: 32, hidden: 2560, heads: 32 }],
  ["15c77bc", "models/6.9B/pythia-6.9b.yml", { layers: 32, hidden: 4096, heads: 32 }],
  ["cdd310f", "models/6.9B/pythia-6.9b-deduped.yml", { layers: 32, hidden: 4096, heads: 32 }],
  ["eb9577d", "models/12B/pythia-12b.yml", { layers: 36, hidden: 5120, heads: 40 }],
];

const GAS: Array<[string, { layers: number; hidden: number; heads: number }]> = [
  ["configs/pythia/14M.yml", { layers: 6, hidden: 128, heads: 4 }],
  ["configs/pythia/31M.yml", { layers: 6, hidden: 256, heads: 8 }],
  ["configs/pythia/70M.yml", { layers: 6, hidden: 512, heads: 8 }],
  ["configs/pythia/160M.yml", { layers: 12, hidden: 768, heads: 12 }],
  ["configs/pythia/410M.yml", { layers: 24, hidden: 1024, heads: 16 }],
  ["configs/pythia/1-4B.yml", { layers: 24, hidden: 2048, heads: 16 }],
];

const LLAMA: Array<[string, number, number]> = [
  ["configs/llama/7B.yml", 4096, 32768],
  ["configs/llama/13B.yml", 5120, 40960],
  ["configs/llama/30B.yml", 6656, 53248],
  ["configs/llama/65B.yml", 8192, 65536],
  ["configs/llama2/7B.yml", 4096, 32768],
  ["configs/llama2/13B.yml", 5120, 41472],
];

function llama(hidden: number, intermediate: number | null): string {
  return config({ layers: 32, hidden, heads: 32 }, [
    '"norm": "rmsnorm"',
    '"activation": "swiglu"',
    '"mlp_multiple_of": 256',
    ...(intermediate === null ? [] : [`"intermediate_size": ${intermediate}`]),
  ]);
}

const DS_SHA = "eb7f5cff36678625d23db8a8fe78b4a93e5d2c75";

export const cases: RecallCase[] = [
  ...SAVE_INTERVAL.map(([sha, path, shape]) => ({
    id: `save-interval ${path}`,
    source: `EleutherAI/gpt-neox@${sha}`,
    what: "`save-interval` left in after NeoX renamed it to `checkpoint-factor` (gpt-neox#737)",
    rule: "NXC207",
    path,
    before: config(shape, ['"save-interval": 10000', '"eval-interval": 1000']),
    after: config(shape, ['"checkpoint-factor": 10000', '"eval-interval": 1000']),
    line: LINE(0),
  })),
  ...PYTHIA_SAVE_INTERVAL.map(([sha, path, shape]) => ({
    id: `pythia save-interval ${path}`,
    source: `EleutherAI/pythia@${sha}`,
    what: "Pythia config still using `save-interval` for a NeoX that renamed it",
    rule: "NXC207",
    path,
    before: config(shape, ['"save-interval": 1000']),
    after: config(shape, ['"checkpoint-factor": 1000', '"extra-save-iters": [0, 1, 2, 4, 8]']),
    line: LINE(0),
  })),
  ...GAS.map(([path, shape]) => ({
    id: `gas ${path}`,
    source: "EleutherAI/gpt-neox@1e7abe71",
    what: "`gas` left in the Pythia configs after NeoX removed it (gpt-neox#1144)",
    rule: "NXC207",
    path,
    before: config(shape, ['"gradient_accumulation_steps": 1', '"gas": 1']),
    after: config(shape, ['"gradient_accumulation_steps": 1']),
    line: LINE(1),
  })),
  ...LLAMA.map(([path, hidden, intermediate]) => ({
    id: `llama intermediate_size ${path}`,
    source: "EleutherAI/gpt-neox@fc74a0c1",
    what: "Llama config without `intermediate_size` after `mlp_type: llama` was removed: the MLP silently gets another width (gpt-neox#1309)",
    rule: "NXC227",
    messageId: "missing",
    path,
    before: llama(hidden, null),
    after: llama(hidden, intermediate),
    line: LINE(1),
  })),
  {
    id: "llama2 70B Hugging Face intermediate_size",
    source: "EleutherAI/gpt-neox@fc74a0c1",
    what: "Llama 2 70B with the Hugging Face `intermediate_size` (28672) where NeoX's gated convention wants 86016",
    rule: "NXC227",
    messageId: "hfValue",
    path: "configs/llama2/70B.yml",
    before: config({ layers: 80, hidden: 8192, heads: 64 }, [
      '"norm": "rmsnorm"',
      '"activation": "swiglu"',
      '"mlp_multiple_of": 256',
      '"intermediate_size": 28672',
    ]),
    after: config({ layers: 80, hidden: 8192, heads: 64 }, [
      '"norm": "rmsnorm"',
      '"activation": "swiglu"',
      '"mlp_multiple_of": 256',
      '"intermediate_size": 86016',
    ]),
    line: LINE(3),
  },
  {
    id: "llama2 70B attention_config layers",
    source: "EleutherAI/gpt-neox@703d02ff",
    what: "`attention_config` expanding to 48 layers in an 80-layer model",
    rule: "NXC212",
    path: "configs/llama2/70B.yml",
    before: config({ layers: 80, hidden: 8192, heads: 64 }, ['"attention_config": [[["global"], 48]]']),
    after: config({ layers: 80, hidden: 8192, heads: 64 }, ['"attention_config": [[["global"], 80]]']),
    line: LINE(0),
  },
  {
    id: "bf16 via fp16.type",
    source: "EleutherAI/gpt-neox#939 (fixed by #941, 03f4f775)",
    what: "`fp16: {enabled: true, type: bfloat16}` trains in fp16 on a NeoX after gpt-neox#787",
    rule: "NXC225",
    path: "configs/bf16_125M.yml",
    before: config({ layers: 12, hidden: 768, heads: 12 }, [
      '"fp16": {"enabled": true, "type": "bfloat16", "loss_scale": 0}',
    ]),
    after: config({ layers: 12, hidden: 768, heads: 12 }, ['"precision": "bfloat16"']),
    line: LINE(0),
  },
  {
    id: "pythia attention-configs typo",
    source: "EleutherAI/pythia@863a746",
    what: "`attention-configs` (a typo for `attention-config`): NeoX stops at start",
    rule: "NXC207",
    path: "models/160M/pythia-160m-deduped.yml",
    before: config({ layers: 12, hidden: 768, heads: 12 }, ['"attention-configs": [[["flash"], 12]]']),
    after: config({ layers: 12, hidden: 768, heads: 12 }, ['"attention-config": [[["flash"], 12]]']),
    line: LINE(0),
  },
  {
    id: "mamba config missing its closing brace",
    source: "EleutherAI/gpt-neox@ec82c057",
    what: "a config whose flow mapping is never closed: PyYAML cannot load it",
    rule: "NXC223",
    path: "configs/mamba/mamba-130M.yml",
    before: '{\n  "num_layers": 24,\n  "hidden_size": 768,\n  "train_iters": 100,\n  "log_interval": 100,\n',
    after:
      '{\n  "num_layers": 24,\n  "hidden_size": 768,\n  "train_iters": 100,\n  "log_interval": 100,\n}\n',
    line: 6,
  },
  {
    id: "finetuning config missing a comma",
    source: "EleutherAI/gpt-neox@a6e22cc8",
    what: 'a missing comma after `"load": "/path/to/checkpoint"` inside `{...}`: PyYAML cannot load it',
    rule: "NXC223",
    path: "configs/finetuning_configs/6-9B.yml",
    before:
      '{\n  # finetune from a checkpoint\n  "load": "/path/to/checkpoint"\n  "finetune": true,\n  "num_layers": 32,\n}\n',
    after:
      '{\n  # finetune from a checkpoint\n  "load": "/path/to/checkpoint",\n  "finetune": true,\n  "num_layers": 32,\n}\n',
    line: 4,
  },
  {
    id: "git:// DeeperSpeed URL",
    source: "EleutherAI/gpt-neox@b4c11710",
    what: "`git+git://` URL, which GitHub stopped serving on 2022-03-15",
    rule: "NXC305",
    messageId: "gitProtocol",
    path: "requirements/requirements.txt",
    before: `git+git://github.com/EleutherAI/DeeperSpeed.git@${DS_SHA}#egg=deepspeed\neinops==0.3.0\n`,
    after: `git+https://github.com/EleutherAI/DeeperSpeed.git@${DS_SHA}#egg=deepspeed\neinops==0.3.0\n`,
    line: 1,
  },
  {
    id: "unpinned DeeperSpeed",
    source: "EleutherAI/gpt-neox@9283effb (#1095)",
    what: "DeeperSpeed installed from its default branch, which broke NeoX until it was pinned to a commit",
    rule: "NXC301",
    path: "requirements/requirements.txt",
    before: "git+https://github.com/EleutherAI/DeeperSpeed.git#egg=deepspeed\nftfy>=6.0.1\n",
    after:
      "git+https://github.com/EleutherAI/DeeperSpeed.git@b9260436e7da3e297fc6bedfd27d9e69fbba6f5c#egg=deepspeed\nftfy>=6.0.1\n",
    line: 1,
  },
  {
    id: "single = in a requirement",
    source: "EleutherAI/gpt-neox@1e6c2369 (#723)",
    what: "`huggingface_hub=0.11.0`, which pip rejects",
    rule: "NXC303",
    path: "requirements/requirements.txt",
    before: "einops==0.3.0\nhuggingface_hub=0.11.0\n",
    after: "einops==0.3.0\nhuggingface_hub==0.11.0\n",
    line: 2,
  },
  {
    id: "triton dev build",
    source: "EleutherAI/gpt-neox@1db5a3ca",
    what: "sparse attention pinned to a dated triton nightly (1.0.0.dev20210502)",
    rule: "NXC305",
    messageId: "tritonDev",
    path: "requirements/requirements-sparseattention.txt",
    before: "triton==1.0.0.dev20210502\n",
    after: "triton==0.4.0\n",
    line: 1,
  },
  {
    id: "triton 0.4.2",
    source: "EleutherAI/gpt-neox@f3d65b52 (#864; gpt-neox#628)",
    what: "sparse attention pinned to triton 0.4.2, which has no build for Python 3.10 or later",
    rule: "NXC305",
    messageId: "triton04",
    path: "requirements/requirements-sparseattention.txt",
    before: "triton==0.4.2\n",
    after: "triton==2.0.0.dev20221202\n",
    line: 1,
  },
  {
    id: "triton 2.0 dev build",
    source: "EleutherAI/gpt-neox@a7638a8d (#1122)",
    what: "triton pinned to 2.0.0.dev20221202, a nightly PyPI no longer serves",
    rule: "NXC305",
    messageId: "tritonDev",
    path: "requirements/requirements-sparseattention.txt",
    before: "triton==2.0.0.dev20221202\n",
    after: "triton==2.1.0\n",
    line: 1,
  },
  {
    id: "numpy 2 with DeepSpeed 0.14",
    source: "instructlab/training#47",
    what: "numpy left open next to DeepSpeed older than 0.14.4: `cannot import name 'BUFSIZE' from 'numpy'`",
    rule: "NXC306",
    path: "requirements.txt",
    before: "deepspeed==0.14.2\nnumpy>=1.23.5\n",
    after: "deepspeed==0.14.2\nnumpy>=1.23.5,<2.0.0\n",
    line: 2,
  },
  {
    id: "numpy 2 with DeepSpeed 0.12.4",
    source: "aqlaboratory/openfold#477",
    what: "an unpinned numpy next to deepspeed==0.12.4 pulled NumPy 2 and broke the install",
    rule: "NXC306",
    path: "requirements.txt",
    before: "deepspeed==0.12.4\nnumpy\n",
    after: "deepspeed==0.12.4\nnumpy==1.26.4\n",
    line: 2,
  },
  {
    id: "apex from PyPI",
    source: "microsoft/torchscale#18",
    what: "`apex` required from PyPI, which is an unrelated package, not NVIDIA Apex",
    rule: "NXC305",
    messageId: "apex",
    path: "requirements.txt",
    before: "torch>=1.8\nfairscale==0.4.0\napex\n",
    after: "torch>=1.8\nfairscale==0.4.0\n",
    line: 3,
  },
  {
    id: "pythia 12B layer count",
    source: "EleutherAI/pythia@55e1182",
    what: "Pythia 12B written with 40 layers instead of 36 (with a matching attention_config)",
    rule: "NXC226",
    path: "models/12B/pythia-12b.yml",
    before: config({ layers: 40, hidden: 5120, heads: 40 }, ['"attention-config": [[["flash"], 40]]']),
    after: config({ layers: 36, hidden: 5120, heads: 40 }, ['"attention-config": [[["flash"], 36]]']),
    line: 4,
    knownMiss:
      "40 x 5120 computes to 12.8B, as close to the name 12B as the right 36 x 5120 (11.6B); the shape is consistent, so nothing in the files says which depth was meant",
  },
];
