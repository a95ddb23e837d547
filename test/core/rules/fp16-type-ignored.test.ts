import { fp16TypeIgnoredRule } from "../../../src/core/rules/fp16-type-ignored.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { neoxArgsStub } from "../../support/neox-stub.js";

const SHAPE =
  "num_layers: 2\nhidden_size: 64\nnum_attention_heads: 4\nmax_position_embeddings: 128\ntrain_iters: 10\n";
const BASE = ["num_layers: int", "train_iters: int", "fp16: dict", "bf16: dict", "precision: str"];
/** A NeoX from after gpt-neox#787 (it declares `num_kv_heads`), and one from before. */
const NEW_NEOX = neoxArgsStub([...BASE, "num_kv_heads: int"]);
const OLD_NEOX = neoxArgsStub(BASE);

describe("NXC225 fp16-type-ignored", () => {
  it.each([
    [
      "fp16 enabled with type bfloat16 (gpt-neox#939)",
      `${SHAPE}fp16:\n  enabled: true\n  type: bfloat16\n`,
      "fp16",
      8,
      9,
      "warning",
      8,
      17,
    ],
    [
      "flow style with bf16 spelled short",
      `${SHAPE}"fp16": {"enabled": True, "type": "bf16"}\n`,
      "fp16",
      6,
      35,
      "warning",
      6,
      41,
    ],
    [
      "type bfloat16 without enabled: fp32",
      `${SHAPE}fp16:\n  type: bfloat16\n  loss_scale: 0\n`,
      "fp32",
      7,
      9,
      "error",
      7,
      17,
    ],
  ])(
    "flags %s on a NeoX after gpt-neox#787",
    async (_name, text, messageId, line, column, severity, endLine, endColumn) => {
      await checkInvalid(fp16TypeIgnoredRule, {
        files: { ...NEW_NEOX, "a.yml": text },
        errors: [
          { messageId, severity, certainty: "certain", path: "a.yml", line, column, endLine, endColumn },
        ],
      });
    },
  );

  it("says which NeoX is unknown in a config-only repository (a warning)", async () => {
    const findings = await checkInvalid(fp16TypeIgnoredRule, {
      files: { "a.yml": `${SHAPE}fp16:\n  enabled: true\n  type: bfloat16\n` },
      errors: [
        {
          messageId: "unknownNeox",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 17,
        },
      ],
    });
    expect(findings[0]?.message).toContain("trains in fp16 with loss scaling");
  });

  it.each([
    ["an old NeoX that honours fp16.type", OLD_NEOX, `${SHAPE}fp16:\n  enabled: true\n  type: bfloat16\n`],
    ["type fp16", NEW_NEOX, `${SHAPE}fp16:\n  enabled: true\n  type: fp16\n`],
    ["the new way", NEW_NEOX, `${SHAPE}bf16:\n  enabled: true\n`],
    [
      "precision written next to a disabled block (precision decides)",
      NEW_NEOX,
      `${SHAPE}precision: bfloat16\nfp16:\n  type: bfloat16\n`,
    ],
    [
      "a bf16 block next to it (NXC203 judges the pair)",
      NEW_NEOX,
      `${SHAPE}bf16:\n  enabled: true\nfp16:\n  enabled: true\n  type: bfloat16\n`,
    ],
    [
      "a disabled block in a fragment (precision may come from another file)",
      NEW_NEOX,
      "fp16:\n  type: bfloat16\n",
    ],
    ["type written as a number", NEW_NEOX, `${SHAPE}fp16:\n  enabled: true\n  type: 16\n`],
  ])("does not flag %s", async (_name, neox, text) => {
    await checkValid(fp16TypeIgnoredRule, { files: { ...neox, "a.yml": text } });
  });
});
