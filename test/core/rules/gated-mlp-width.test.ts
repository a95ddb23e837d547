import { gatedMlpWidthRule } from "../../../src/core/rules/gated-mlp-width.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { neoxArgsStub } from "../../support/neox-stub.js";

const SHAPE =
  "num_layers: 32\nhidden_size: 4096\nnum_attention_heads: 32\nmax_position_embeddings: 4096\ntrain_iters: 10\n";
const LLAMA = `${SHAPE}norm: rmsnorm\nactivation: swiglu\nmlp_multiple_of: 256\n`;
/** A NeoX after gpt-neox#1276 (has intermediate_size, no mlp_type), and one from before it. */
const FIELDS = [
  "num_layers: int",
  "hidden_size: int",
  "num_attention_heads: int",
  "max_position_embeddings: int",
  "train_iters: int",
  "norm: str",
  "activation: str",
  "mlp_multiple_of: int",
];
const CURRENT = neoxArgsStub([...FIELDS, "intermediate_size: int"]);
const WITH_MLP_TYPE = neoxArgsStub(["num_layers: int", "intermediate_size: int", "mlp_type: str"]);
const BEFORE_INTERMEDIATE = neoxArgsStub(["num_layers: int", "mlp_type: str"]);

describe("NXC227 gated-mlp-width", () => {
  it("flags a Llama-style config without intermediate_size, with the width NeoX computes", async () => {
    const findings = await checkInvalid(gatedMlpWidthRule, {
      files: { ...CURRENT, "llama/7B.yml": LLAMA },
      errors: [
        {
          messageId: "missing",
          severity: "warning",
          certainty: "inferred",
          path: "llama/7B.yml",
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 19,
        },
      ],
    });
    expect(findings[0]?.message).toContain("5632 wide for hidden_size 4096");
    expect(findings[0]?.message).toContain("`intermediate_size: 32768`");
    expect(findings[0]?.message).toContain("11008");
  });

  it("flags a Hugging Face intermediate_size copied as is (gpt-neox#1309, Llama 2 70B)", async () => {
    const text = `num_layers: 80\nhidden_size: 8192\nnum_attention_heads: 64\nmax_position_embeddings: 4096\ntrain_iters: 10\nnorm: rmsnorm\nactivation: swiglu\nmlp_multiple_of: 256\nintermediate_size: 28672\n`;
    const findings = await checkInvalid(gatedMlpWidthRule, {
      files: { ...CURRENT, "70B.yml": text },
      errors: [
        {
          messageId: "hfValue",
          severity: "warning",
          certainty: "inferred",
          path: "70B.yml",
          line: 9,
          column: 20,
          endLine: 9,
          endColumn: 25,
        },
      ],
    });
    expect(findings[0]?.message).toContain("`intermediate_size: 86016`");
  });

  it("judges a config-only repository against the shipped NeoX (which has intermediate_size)", async () => {
    const findings = await checkInvalid(gatedMlpWidthRule, {
      files: { "7B.yml": LLAMA },
      errors: [
        {
          messageId: "missing",
          severity: "warning",
          certainty: "inferred",
          path: "7B.yml",
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 19,
        },
      ],
    });
    expect(findings.map((f) => f.messageId)).toEqual(["missing"]);
  });

  it.each([
    ["intermediate_size in NeoX's convention", CURRENT, `${LLAMA}intermediate_size: 32768\n`],
    ["expansion_factor instead", CURRENT, `${LLAMA}expansion_factor: 2.6667\n`],
    ["a non-gated activation", CURRENT, `${SHAPE}norm: rmsnorm\nactivation: gelu\n`],
    ["layernorm with swiglu (not Llama-style)", CURRENT, `${SHAPE}activation: swiglu\n`],
    ["a NeoX that still derives Llama widths from mlp_type", WITH_MLP_TYPE, LLAMA],
    ["a NeoX without intermediate_size (the field is unknown there)", BEFORE_INTERMEDIATE, LLAMA],
    [
      "a fragment that may get intermediate_size from another file",
      CURRENT,
      "norm: rmsnorm\nactivation: swiglu\nhidden_size: 4096\n",
    ],
  ])("does not flag %s", async (_name, neox, text) => {
    await checkValid(gatedMlpWidthRule, { files: { ...neox, "a.yml": text } });
  });
});
