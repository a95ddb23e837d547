import { finetuneBf16StaleMasterWeightsRule as rule } from "../../../src/core/rules/finetune-bf16-stale-master-weights.js";
import { brief, runRule } from "../../support/rule-tester.js";

/**
 * Done-when item 1 of issue 3: the NXC101 matrix. Every row's expectation is written out by hand from
 * the rule's definition (docs/rules/NXC101-finetune-bf16-stale-master-weights.md, "Certainty"):
 * error only when flag, `load`, bf16 and an affected DeepSpeed are all established; fp32 + ZeRO 1 is
 * inferred; a fragment's unknown precision, or an unknown DeepSpeed, is a warning marked unknown;
 * fp16, no flag, or a DeepSpeed outside the range says nothing.
 */

type Flag = "finetune" | "no_load_optim" | "neither";
type Precision = "bf16.enabled" | "precision: bfloat16" | "fp16" | "fp32 + ZeRO 1" | "unknown (fragment)";
type DeepSpeed =
  | "==0.10.0"
  | "==0.10.2"
  | "==0.12.6"
  | "==0.13.0"
  | ">=0.10"
  | "<0.11"
  | "bare"
  | "DeeperSpeed@affected"
  | "DeeperSpeed@fixed"
  | "DeeperSpeed@unknown"
  | "DeeperSpeed no ref"
  | "DeeperSpeed@v3.0";
type Expected = "none" | "error certain" | "warning unknown" | "warning inferred";

const DEEPERSPEED = "git+https://github.com/EleutherAI/DeeperSpeed.git";
const REQUIREMENTS: Record<DeepSpeed, string> = {
  "==0.10.0": "deepspeed==0.10.0",
  "==0.10.2": "deepspeed==0.10.2",
  "==0.12.6": "deepspeed==0.12.6",
  "==0.13.0": "deepspeed==0.13.0",
  ">=0.10": "deepspeed>=0.10",
  "<0.11": "deepspeed<0.11",
  bare: "deepspeed",
  "DeeperSpeed@affected": `deepspeed @ ${DEEPERSPEED}@22fda1e0ee462c2b411575dc954cc8a29d78a7b2`,
  "DeeperSpeed@fixed": `deepspeed @ ${DEEPERSPEED}@02e2ebf7dee6aaab3d89094ed470a4609763c742`,
  "DeeperSpeed@unknown": `deepspeed @ ${DEEPERSPEED}@0123456789abcdef0123456789abcdef01234567`,
  "DeeperSpeed no ref": `${DEEPERSPEED}#egg=deepspeed`,
  "DeeperSpeed@v3.0": `deepspeed @ ${DEEPERSPEED}@v3.0`,
};

/** Line 1 of every config: the flag (or, for "neither", `finetune` written false). */
const FLAG_LINE: Record<Flag, string> = {
  finetune: "finetune: true",
  no_load_optim: "no_load_optim: true",
  neither: "finetune: false",
};

const MODEL_SHAPE = [
  "num_layers: 2",
  "hidden_size: 64",
  "num_attention_heads: 4",
  "max_position_embeddings: 128",
  "seq_length: 128",
  "train_iters: 100",
];

const PRECISION_LINES: Record<Precision, string[] | null> = {
  "bf16.enabled": ["bf16:", "  enabled: true"],
  "precision: bfloat16": ["precision: bfloat16"],
  fp16: ["fp16:", "  enabled: true"],
  "fp32 + ZeRO 1": ["precision: fp32", "zero_optimization:", "  stage: 1"],
  // A fragment: the flag, `load` and `train_iters` only, merged with a model config elsewhere.
  "unknown (fragment)": null,
};

function configText(flag: Flag, precision: Precision): string {
  const lines = [FLAG_LINE[flag], "load: checkpoints/base", "train_iters: 100"];
  const extra = PRECISION_LINES[precision];
  if (extra !== null) lines.push(...MODEL_SHAPE, ...extra);
  return `${lines.join("\n")}\n`;
}

/** Where the finding points: the flag's value on line 1. */
const FLAG_COLUMN: Record<Exclude<Flag, "neither">, number> = { finetune: 11, no_load_optim: 16 };

const MESSAGE: Record<Exclude<Expected, "none">, string> = {
  "error certain": "affected",
  "warning unknown": "unknown",
  "warning inferred": "fp32Zero",
};

// flag | precision | deepspeed | expected severity and certainty (written out, row by row)
const MATRIX: Array<[Flag, Precision, DeepSpeed, Expected]> = [
  ["finetune", "bf16.enabled", "==0.10.0", "none"],
  ["finetune", "bf16.enabled", "==0.10.2", "error certain"],
  ["finetune", "bf16.enabled", "==0.12.6", "error certain"],
  ["finetune", "bf16.enabled", "==0.13.0", "none"],
  ["finetune", "bf16.enabled", ">=0.10", "warning unknown"],
  ["finetune", "bf16.enabled", "<0.11", "warning unknown"],
  ["finetune", "bf16.enabled", "bare", "warning unknown"],
  ["finetune", "bf16.enabled", "DeeperSpeed@affected", "error certain"],
  ["finetune", "bf16.enabled", "DeeperSpeed@fixed", "none"],
  ["finetune", "bf16.enabled", "DeeperSpeed@unknown", "warning unknown"],
  ["finetune", "bf16.enabled", "DeeperSpeed no ref", "warning unknown"],
  ["finetune", "bf16.enabled", "DeeperSpeed@v3.0", "none"],
  ["finetune", "precision: bfloat16", "==0.10.0", "none"],
  ["finetune", "precision: bfloat16", "==0.10.2", "error certain"],
  ["finetune", "precision: bfloat16", "==0.12.6", "error certain"],
  ["finetune", "precision: bfloat16", "==0.13.0", "none"],
  ["finetune", "precision: bfloat16", ">=0.10", "warning unknown"],
  ["finetune", "precision: bfloat16", "<0.11", "warning unknown"],
  ["finetune", "precision: bfloat16", "bare", "warning unknown"],
  ["finetune", "precision: bfloat16", "DeeperSpeed@affected", "error certain"],
  ["finetune", "precision: bfloat16", "DeeperSpeed@fixed", "none"],
  ["finetune", "precision: bfloat16", "DeeperSpeed@unknown", "warning unknown"],
  ["finetune", "precision: bfloat16", "DeeperSpeed no ref", "warning unknown"],
  ["finetune", "precision: bfloat16", "DeeperSpeed@v3.0", "none"],
  ["finetune", "fp16", "==0.10.0", "none"],
  ["finetune", "fp16", "==0.10.2", "none"],
  ["finetune", "fp16", "==0.12.6", "none"],
  ["finetune", "fp16", "==0.13.0", "none"],
  ["finetune", "fp16", ">=0.10", "none"],
  ["finetune", "fp16", "<0.11", "none"],
  ["finetune", "fp16", "bare", "none"],
  ["finetune", "fp16", "DeeperSpeed@affected", "none"],
  ["finetune", "fp16", "DeeperSpeed@fixed", "none"],
  ["finetune", "fp16", "DeeperSpeed@unknown", "none"],
  ["finetune", "fp16", "DeeperSpeed no ref", "none"],
  ["finetune", "fp16", "DeeperSpeed@v3.0", "none"],
  ["finetune", "fp32 + ZeRO 1", "==0.10.0", "none"],
  ["finetune", "fp32 + ZeRO 1", "==0.10.2", "warning inferred"],
  ["finetune", "fp32 + ZeRO 1", "==0.12.6", "warning inferred"],
  ["finetune", "fp32 + ZeRO 1", "==0.13.0", "none"],
  ["finetune", "fp32 + ZeRO 1", ">=0.10", "warning unknown"],
  ["finetune", "fp32 + ZeRO 1", "<0.11", "warning unknown"],
  ["finetune", "fp32 + ZeRO 1", "bare", "warning unknown"],
  ["finetune", "fp32 + ZeRO 1", "DeeperSpeed@affected", "warning inferred"],
  ["finetune", "fp32 + ZeRO 1", "DeeperSpeed@fixed", "none"],
  ["finetune", "fp32 + ZeRO 1", "DeeperSpeed@unknown", "warning unknown"],
  ["finetune", "fp32 + ZeRO 1", "DeeperSpeed no ref", "warning unknown"],
  ["finetune", "fp32 + ZeRO 1", "DeeperSpeed@v3.0", "none"],
  ["finetune", "unknown (fragment)", "==0.10.0", "none"],
  ["finetune", "unknown (fragment)", "==0.10.2", "warning unknown"],
  ["finetune", "unknown (fragment)", "==0.12.6", "warning unknown"],
  ["finetune", "unknown (fragment)", "==0.13.0", "none"],
  ["finetune", "unknown (fragment)", ">=0.10", "warning unknown"],
  ["finetune", "unknown (fragment)", "<0.11", "warning unknown"],
  ["finetune", "unknown (fragment)", "bare", "warning unknown"],
  ["finetune", "unknown (fragment)", "DeeperSpeed@affected", "warning unknown"],
  ["finetune", "unknown (fragment)", "DeeperSpeed@fixed", "none"],
  ["finetune", "unknown (fragment)", "DeeperSpeed@unknown", "warning unknown"],
  ["finetune", "unknown (fragment)", "DeeperSpeed no ref", "warning unknown"],
  ["finetune", "unknown (fragment)", "DeeperSpeed@v3.0", "none"],
  ["no_load_optim", "bf16.enabled", "==0.10.0", "none"],
  ["no_load_optim", "bf16.enabled", "==0.10.2", "error certain"],
  ["no_load_optim", "bf16.enabled", "==0.12.6", "error certain"],
  ["no_load_optim", "bf16.enabled", "==0.13.0", "none"],
  ["no_load_optim", "bf16.enabled", ">=0.10", "warning unknown"],
  ["no_load_optim", "bf16.enabled", "<0.11", "warning unknown"],
  ["no_load_optim", "bf16.enabled", "bare", "warning unknown"],
  ["no_load_optim", "bf16.enabled", "DeeperSpeed@affected", "error certain"],
  ["no_load_optim", "bf16.enabled", "DeeperSpeed@fixed", "none"],
  ["no_load_optim", "bf16.enabled", "DeeperSpeed@unknown", "warning unknown"],
  ["no_load_optim", "bf16.enabled", "DeeperSpeed no ref", "warning unknown"],
  ["no_load_optim", "bf16.enabled", "DeeperSpeed@v3.0", "none"],
  ["no_load_optim", "precision: bfloat16", "==0.10.0", "none"],
  ["no_load_optim", "precision: bfloat16", "==0.10.2", "error certain"],
  ["no_load_optim", "precision: bfloat16", "==0.12.6", "error certain"],
  ["no_load_optim", "precision: bfloat16", "==0.13.0", "none"],
  ["no_load_optim", "precision: bfloat16", ">=0.10", "warning unknown"],
  ["no_load_optim", "precision: bfloat16", "<0.11", "warning unknown"],
  ["no_load_optim", "precision: bfloat16", "bare", "warning unknown"],
  ["no_load_optim", "precision: bfloat16", "DeeperSpeed@affected", "error certain"],
  ["no_load_optim", "precision: bfloat16", "DeeperSpeed@fixed", "none"],
  ["no_load_optim", "precision: bfloat16", "DeeperSpeed@unknown", "warning unknown"],
  ["no_load_optim", "precision: bfloat16", "DeeperSpeed no ref", "warning unknown"],
  ["no_load_optim", "precision: bfloat16", "DeeperSpeed@v3.0", "none"],
  ["no_load_optim", "fp16", "==0.10.0", "none"],
  ["no_load_optim", "fp16", "==0.10.2", "none"],
  ["no_load_optim", "fp16", "==0.12.6", "none"],
  ["no_load_optim", "fp16", "==0.13.0", "none"],
  ["no_load_optim", "fp16", ">=0.10", "none"],
  ["no_load_optim", "fp16", "<0.11", "none"],
  ["no_load_optim", "fp16", "bare", "none"],
  ["no_load_optim", "fp16", "DeeperSpeed@affected", "none"],
  ["no_load_optim", "fp16", "DeeperSpeed@fixed", "none"],
  ["no_load_optim", "fp16", "DeeperSpeed@unknown", "none"],
  ["no_load_optim", "fp16", "DeeperSpeed no ref", "none"],
  ["no_load_optim", "fp16", "DeeperSpeed@v3.0", "none"],
  ["no_load_optim", "fp32 + ZeRO 1", "==0.10.0", "none"],
  ["no_load_optim", "fp32 + ZeRO 1", "==0.10.2", "warning inferred"],
  ["no_load_optim", "fp32 + ZeRO 1", "==0.12.6", "warning inferred"],
  ["no_load_optim", "fp32 + ZeRO 1", "==0.13.0", "none"],
  ["no_load_optim", "fp32 + ZeRO 1", ">=0.10", "warning unknown"],
  ["no_load_optim", "fp32 + ZeRO 1", "<0.11", "warning unknown"],
  ["no_load_optim", "fp32 + ZeRO 1", "bare", "warning unknown"],
  ["no_load_optim", "fp32 + ZeRO 1", "DeeperSpeed@affected", "warning inferred"],
  ["no_load_optim", "fp32 + ZeRO 1", "DeeperSpeed@fixed", "none"],
  ["no_load_optim", "fp32 + ZeRO 1", "DeeperSpeed@unknown", "warning unknown"],
  ["no_load_optim", "fp32 + ZeRO 1", "DeeperSpeed no ref", "warning unknown"],
  ["no_load_optim", "fp32 + ZeRO 1", "DeeperSpeed@v3.0", "none"],
  ["no_load_optim", "unknown (fragment)", "==0.10.0", "none"],
  ["no_load_optim", "unknown (fragment)", "==0.10.2", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "==0.12.6", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "==0.13.0", "none"],
  ["no_load_optim", "unknown (fragment)", ">=0.10", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "<0.11", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "bare", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "DeeperSpeed@affected", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "DeeperSpeed@fixed", "none"],
  ["no_load_optim", "unknown (fragment)", "DeeperSpeed@unknown", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "DeeperSpeed no ref", "warning unknown"],
  ["no_load_optim", "unknown (fragment)", "DeeperSpeed@v3.0", "none"],
  ["neither", "bf16.enabled", "==0.10.0", "none"],
  ["neither", "bf16.enabled", "==0.10.2", "none"],
  ["neither", "bf16.enabled", "==0.12.6", "none"],
  ["neither", "bf16.enabled", "==0.13.0", "none"],
  ["neither", "bf16.enabled", ">=0.10", "none"],
  ["neither", "bf16.enabled", "<0.11", "none"],
  ["neither", "bf16.enabled", "bare", "none"],
  ["neither", "bf16.enabled", "DeeperSpeed@affected", "none"],
  ["neither", "bf16.enabled", "DeeperSpeed@fixed", "none"],
  ["neither", "bf16.enabled", "DeeperSpeed@unknown", "none"],
  ["neither", "bf16.enabled", "DeeperSpeed no ref", "none"],
  ["neither", "bf16.enabled", "DeeperSpeed@v3.0", "none"],
  ["neither", "precision: bfloat16", "==0.10.0", "none"],
  ["neither", "precision: bfloat16", "==0.10.2", "none"],
  ["neither", "precision: bfloat16", "==0.12.6", "none"],
  ["neither", "precision: bfloat16", "==0.13.0", "none"],
  ["neither", "precision: bfloat16", ">=0.10", "none"],
  ["neither", "precision: bfloat16", "<0.11", "none"],
  ["neither", "precision: bfloat16", "bare", "none"],
  ["neither", "precision: bfloat16", "DeeperSpeed@affected", "none"],
  ["neither", "precision: bfloat16", "DeeperSpeed@fixed", "none"],
  ["neither", "precision: bfloat16", "DeeperSpeed@unknown", "none"],
  ["neither", "precision: bfloat16", "DeeperSpeed no ref", "none"],
  ["neither", "precision: bfloat16", "DeeperSpeed@v3.0", "none"],
  ["neither", "fp16", "==0.10.0", "none"],
  ["neither", "fp16", "==0.10.2", "none"],
  ["neither", "fp16", "==0.12.6", "none"],
  ["neither", "fp16", "==0.13.0", "none"],
  ["neither", "fp16", ">=0.10", "none"],
  ["neither", "fp16", "<0.11", "none"],
  ["neither", "fp16", "bare", "none"],
  ["neither", "fp16", "DeeperSpeed@affected", "none"],
  ["neither", "fp16", "DeeperSpeed@fixed", "none"],
  ["neither", "fp16", "DeeperSpeed@unknown", "none"],
  ["neither", "fp16", "DeeperSpeed no ref", "none"],
  ["neither", "fp16", "DeeperSpeed@v3.0", "none"],
  ["neither", "fp32 + ZeRO 1", "==0.10.0", "none"],
  ["neither", "fp32 + ZeRO 1", "==0.10.2", "none"],
  ["neither", "fp32 + ZeRO 1", "==0.12.6", "none"],
  ["neither", "fp32 + ZeRO 1", "==0.13.0", "none"],
  ["neither", "fp32 + ZeRO 1", ">=0.10", "none"],
  ["neither", "fp32 + ZeRO 1", "<0.11", "none"],
  ["neither", "fp32 + ZeRO 1", "bare", "none"],
  ["neither", "fp32 + ZeRO 1", "DeeperSpeed@affected", "none"],
  ["neither", "fp32 + ZeRO 1", "DeeperSpeed@fixed", "none"],
  ["neither", "fp32 + ZeRO 1", "DeeperSpeed@unknown", "none"],
  ["neither", "fp32 + ZeRO 1", "DeeperSpeed no ref", "none"],
  ["neither", "fp32 + ZeRO 1", "DeeperSpeed@v3.0", "none"],
  ["neither", "unknown (fragment)", "==0.10.0", "none"],
  ["neither", "unknown (fragment)", "==0.10.2", "none"],
  ["neither", "unknown (fragment)", "==0.12.6", "none"],
  ["neither", "unknown (fragment)", "==0.13.0", "none"],
  ["neither", "unknown (fragment)", ">=0.10", "none"],
  ["neither", "unknown (fragment)", "<0.11", "none"],
  ["neither", "unknown (fragment)", "bare", "none"],
  ["neither", "unknown (fragment)", "DeeperSpeed@affected", "none"],
  ["neither", "unknown (fragment)", "DeeperSpeed@fixed", "none"],
  ["neither", "unknown (fragment)", "DeeperSpeed@unknown", "none"],
  ["neither", "unknown (fragment)", "DeeperSpeed no ref", "none"],
  ["neither", "unknown (fragment)", "DeeperSpeed@v3.0", "none"],
];

describe("NXC101 matrix", () => {
  it("has every combination exactly once", () => {
    expect(MATRIX).toHaveLength(180);
    expect(new Set(MATRIX.map(([f, p, d]) => `${f}|${p}|${d}`)).size).toBe(180);
  });

  it.each(MATRIX)("%s x %s x %s -> %s", async (flag, precision, deepspeed, expected) => {
    const findings = await runRule(rule, {
      files: {
        "configs/run.yml": configText(flag, precision),
        "requirements.txt": `${REQUIREMENTS[deepspeed]}\n`,
      },
    });
    if (expected === "none") {
      expect(findings.map(brief)).toEqual([]);
      return;
    }
    const [severity, certainty] = expected.split(" ");
    expect(flag).not.toBe("neither");
    expect(findings.map(brief)).toEqual([
      {
        messageId: MESSAGE[expected],
        severity,
        certainty,
        path: "configs/run.yml",
        line: 1,
        column: FLAG_COLUMN[flag as Exclude<Flag, "neither">],
      },
    ]);
  });
});
