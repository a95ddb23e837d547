import { modelSizeVsNameRule } from "../../../src/core/rules/model-size-vs-name.js";
import { estimateParams, mlpWidth, namedSizes } from "../../../src/core/rules/support/model-size.js";
import { parseConfig } from "../../../src/core/parse/config.js";
import { buildConfigSet } from "../../../src/core/parse/config-set.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

function shape(layers: number, hidden: number, extra = ""): string {
  return `num_layers: ${layers}\nhidden_size: ${hidden}\nnum_attention_heads: 8\nmax_position_embeddings: 2048\n${extra}`;
}

describe("NXC226 model-size-vs-name", () => {
  it.each([
    ["a 410M config with a 12 x 512 shape", "configs/410M.yml", shape(12, 512), 1, 15],
    ["a 6-9B config with a 125M shape", "configs/6-9B.yml", shape(12, 768), 1, 15],
    ["a 125M config with a 48 x 8192 shape", "configs/slurm_125M.yml", shape(48, 8192), 1, 15],
    ["a lower-case b", "models/pythia-12b.yml", shape(16, 2048), 1, 15],
  ])("flags %s (a heuristic warning)", async (_name, path, text, endLine, endColumn) => {
    const findings = await checkInvalid(modelSizeVsNameRule, {
      files: { [path]: text },
      errors: [
        {
          messageId: "mismatch",
          severity: "warning",
          certainty: "inferred",
          path,
          line: 1,
          column: 13,
          endLine,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toMatch(/^Heuristic: /);
  });

  it("says how the size was computed, with the vocabulary it assumes", async () => {
    const [finding] = await checkInvalid(modelSizeVsNameRule, {
      files: { "410M.yml": shape(12, 512) },
      errors: [
        {
          messageId: "mismatch",
          severity: "warning",
          certainty: "inferred",
          path: "410M.yml",
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(finding?.message).toContain("about 63.5M parameters");
    expect(finding?.message).toContain("12·L·h² + V·h with L=12, h=512, V=50304");
  });

  it.each([
    ["a 410M config with the Pythia shape", "410M.yml", shape(24, 1024)],
    ["a name counting parameters outside the embedding (upstream 19M: 6 x 512)", "19M.yml", shape(6, 512)],
    [
      "a 7B Llama shape with its MLP",
      "llama/7B.yml",
      shape(32, 4096, "activation: swiglu\nintermediate_size: 32768\nmlp_multiple_of: 256\n"),
    ],
    ["no size in the name", "configs/my-model.yml", shape(12, 512)],
    ["a lower-case m (minutes, mixers)", "configs/6h_3m_run.yml", shape(14, 768)],
    ["two sizes in the name", "configs/1b_from_7B.yml", shape(12, 512)],
    ["a test config", "tests/configs/410M.yml", shape(2, 64)],
    ["a mixture of experts", "configs/1B.yml", shape(12, 512, "moe_num_experts: 32\n")],
    ["no shape", "configs/410M.yml", "train_iters: 100\n"],
  ])("does not flag %s", async (_name, path, text) => {
    await checkValid(modelSizeVsNameRule, { files: { [path]: text } });
  });

  it.each([
    ["125M.yml", [125e6]],
    ["1-3B.yml", [1.3e9]],
    ["pythia_1.4b.yml", [1.4e9]],
    ["bf16_125M.yml", [125e6]],
    ["6h_3m_3s.yml", []],
    ["32k_ctx.yml", []],
  ])("reads the size in %s", (path, sizes) => {
    expect(namedSizes(path).map((s) => s.params)).toEqual(sizes);
  });

  it("computes NeoX's gated MLP width as ParallelMLP does", () => {
    expect(mlpWidth(4096, { intermediate: 32768, expansion: null, gated: true, multipleOf: 256 })).toBe(
      11008,
    );
    expect(mlpWidth(4096, { intermediate: null, expansion: null, gated: true, multipleOf: 256 })).toBe(5632);
    expect(mlpWidth(768, { intermediate: null, expansion: null, gated: false, multipleOf: 1 })).toBe(3072);
  });

  it("estimates the Pythia 410M shape near its name", () => {
    const file = parseConfig("410M.yml", shape(24, 1024, "no_weight_tying: true\n"));
    const estimate = estimateParams(buildConfigSet([file], { declared: false }));
    expect(Math.round((estimate?.params ?? 0) / 1e6)).toBe(405);
  });
});
