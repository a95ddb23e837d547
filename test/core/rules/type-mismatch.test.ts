import { typeMismatchRule } from "../../../src/core/rules/type-mismatch.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

/** A whole NeoX config around `extra` lines (each line of `extra` starts at line 7). */
function config(extra: string): string {
  return [
    "{",
    '  "num_layers": 12,',
    '  "hidden_size": 768,',
    '  "num_attention_heads": 12,',
    '  "seq_length": 2048,',
    '  "max_position_embeddings": 2048,',
    extra,
    "}",
    "",
  ].join("\n");
}

const PATH = "configs/run.yml";

/** One error at the given span on `extra`'s line(s), through the rule tester. */
async function flags(
  extra: string,
  error: { messageId: string; line: number; column: number; endLine: number; endColumn: number },
  fixed?: string,
) {
  return checkInvalid(typeMismatchRule, {
    files: { [PATH]: config(extra) },
    ...(fixed === undefined ? {} : { output: { [PATH]: config(fixed) } }),
    errors: [{ severity: "error", certainty: "certain", path: PATH, ...error }],
  });
}

/** The first number written with an exponent (what the fix rewrites). */
const EXPONENT = /-?\d+(?:\.\d+)?[eE][-+]?\d+/;

describe("NXC224 type-mismatch", () => {
  it.each([
    ["a float written 6e-5", '  "min_lr": 6e-5,', "numberString", 7, 13, "6.0e-5", 7, 17],
    ["an int written 3e5", '  "train_iters": 3e5,', "numberString", 7, 18, "300000", 7, 21],
    [
      "a float written 1.0e8 (no exponent sign)",
      '  "weight_decay": 1.0e8,',
      "numberString",
      7,
      19,
      "1.0e+8",
      7,
      24,
    ],
    ["a float written 1E-2", '  "hidden_dropout": 1E-2,', "numberString", 7, 21, "1.0E-2", 7, 25],
    [
      "optimizer.params.eps: 1e-08",
      '  "optimizer": {"type": "Adam", "params": {"lr": 0.0006, "eps": 1e-08}},',
      "nestedUnchecked",
      7,
      65,
      "1.0e-08",
      7,
      70,
    ],
    [
      "optimizer.params.lr: 6e-4",
      '  "optimizer": {"type": "Adam", "params": {"lr": 6e-4}},',
      "nestedCopied",
      7,
      50,
      "6.0e-4",
      7,
      54,
    ],
    [
      "a betas item",
      '  "optimizer": {"type": "Adam", "params": {"lr": 0.0006, "betas": [0.9, 95e-2]}},',
      "nestedUnchecked",
      7,
      73,
      "95.0e-2",
      7,
      78,
    ],
    [
      "zero_optimization.reduce_bucket_size: 5e8",
      '  "zero_optimization": {"stage": 1, "reduce_bucket_size": 5e8},',
      "nestedCopied",
      7,
      59,
      "500000000",
      7,
      62,
    ],
    [
      "a scheduler parameter",
      '  "scheduler": {"type": "WarmupLR", "params": {"warmup_max_lr": 6e-4}},',
      "nestedUnchecked",
      7,
      65,
      "6.0e-4",
      7,
      69,
    ],
    [
      "fp16.initial_scale_power",
      '  "fp16": {"enabled": true, "initial_scale_power": 1.2e1},',
      "nestedUnchecked",
      7,
      52,
      "12",
      7,
      57,
    ],
  ])(
    "flags %s, with the fix",
    async (_name, extra, messageId, line, column, replacement, endLine, endColumn) => {
      const findings = await flags(
        extra,
        { messageId, line, column, endLine, endColumn },
        extra.replace(EXPONENT, replacement),
      );
      expect(findings[0]?.fix?.edits.map((e) => e.replacement)).toEqual([replacement]);
    },
  );

  it("says NeoX won't catch a string it passes on to DeepSpeed", async () => {
    const [finding] = await flags(
      '  "optimizer": {"type": "Adam", "params": {"lr": 0.0006, "eps": 1e-08}},',
      { messageId: "nestedUnchecked", line: 7, column: 65, endLine: 7, endColumn: 70 },
      '  "optimizer": {"type": "Adam", "params": {"lr": 0.0006, "eps": 1.0e-08}},',
    );
    expect(finding?.message).toContain("NeoX won't catch it");
  });

  it.each([
    ["a bool for an int", '  "num_gpus": True,', "wrongType", 7, 15, 7, 19],
    ["an int for a bool", '  "finetune": 1,', "wrongType", 7, 15, 7, 16],
    ["a float for an int", '  "train_iters": 1000.0,', "wrongType", 7, 18, 7, 24],
    ["a quoted bool", '  "finetune": "true",', "wrongType", 7, 15, 7, 21],
    ["a list for a str", '  "load": ["a", "b"],', "wrongType", 7, 11, 7, 21],
    ["a value not among the choices", '  "precision": "bf16",', "notAChoice", 7, 16, 7, 22],
    ["an optimizer without params", '  "optimizer": {"type": "Adam"},', "blockShape", 7, 3, 7, 14],
    [
      "an optimizer type NeoX does not know",
      '  "optimizer": {"type": "AdamW", "params": {"lr": 0.0006}},',
      "unknownOptimizer",
      7,
      25,
      7,
      32,
    ],
  ])("flags %s", async (_name, extra, messageId, line, column, endLine, endColumn) => {
    await flags(extra, { messageId, line, column, endLine, endColumn });
  });

  it("survives deeply nested and odd DeepSpeed blocks", async () => {
    const deep = `${"[".repeat(40)}1e-8${"]".repeat(40)}`;
    const findings = await flags(
      `  "deepspeed_extra_args": {"x": ${deep}, "__proto__": 1e-8},`,
      { messageId: "nestedUnchecked", line: 7, column: 132, endLine: 7, endColumn: 136 },
      `  "deepspeed_extra_args": {"x": ${deep}, "__proto__": 1.0e-8},`,
    );
    // The string 40 levels down is past the walk's depth limit; the odd key is still checked.
    expect(findings.map((f) => f.message.slice(0, 40))).toEqual(["`deepspeed_extra_args.__proto__: 1e-8` i"]);
  });

  it.each([
    ["a float written the PyYAML way", '  "min_lr": 6.0e-5,'],
    ["an int for a float", '  "warmup": 0,'],
    ["a choice in another case", '  "precision": "BFloat16",'],
    ["null for anything", '  "train_iters": null,'],
    ["a str field that looks like a number", '  "load": "1e-8",'],
    ["an Optional[str] field", '  "fused_kernels_build_path": "/tmp/kernels",'],
    ["a Union member", '  "checkpoint_factor": 1.5,'],
    ["a list for Union[int, List[int]]", '  "weight_server_port": [6000, 6001],'],
    ["yes as a bool", '  "finetune": yes,'],
    [
      "well-formed DeepSpeed blocks",
      '  "optimizer": {"type": "adam", "params": {"lr": 6.0e-4, "betas": [0.9, 0.95], "eps": 1.0e-8}},\n  "zero_optimization": {"stage": 1, "reduce_bucket_size": 500000000},',
    ],
    ["an overwritten argument", '  "zero_stage": "1e0",'],
    ["a float in the batch triple (NeoX converts it)", '  "train_batch_size": 1024.0,'],
    [
      "auto with autotuning on",
      '  "autotuning": {"enabled": true},\n  "train_micro_batch_size_per_gpu": "auto",',
    ],
    ["a number-like string in a str field", '  "wandb_project": "1e5",'],
    ["a key NeoX does not know (NXC207's business)", '  "my_setting": 1e-5,'],
  ])("does not flag %s", async (_name, extra) => {
    await checkValid(typeMismatchRule, { files: { [PATH]: config(extra) } });
  });
});
