import { buildModel } from "../../../../src/core/analyze.js";
import { memoryWorkspace } from "../../../../src/core/memory-workspace.js";
import type { ConfigSet } from "../../../../src/core/model/index.js";
import { getEntry } from "../../../../src/core/parse/config-path.js";
import {
  attentionTypes,
  offloadsOptimizer,
  writtenTrue,
} from "../../../../src/core/rules/support/config-values.js";

const SHAPE = "num_layers: 2\ntrain_iters: 100\n";

async function setOf(text: string): Promise<ConfigSet> {
  const { model } = await buildModel(memoryWorkspace({ "c.yml": `${SHAPE}${text}` }));
  const [set] = model.configSets;
  if (!set) throw new Error("no config set");
  return set;
}

describe("attentionTypes", () => {
  it("lists every type written, lower-cased, with its place", async () => {
    const set = await setOf('attention_config: [[["flash", "Global"], 1], [["sparse_fixed"], 1]]\n');
    expect(attentionTypes(set).map((t) => [t.type, t.span.line, t.span.column])).toEqual([
      ["flash", 3, 22],
      ["global", 3, 31],
      ["sparse_fixed", 3, 48],
    ]);
  });

  it("is empty without attention_config", async () => {
    expect(attentionTypes(await setOf("seq_length: 8\n"))).toEqual([]);
  });
});

describe("offloadsOptimizer", () => {
  it.each`
    zero                                                                  | expected
    ${"zero_optimization: {stage: 1, offload_optimizer: {device: cpu}}"}  | ${true}
    ${"zero_optimization: {stage: 1, offload_optimizer: {device: CPU}}"}  | ${true}
    ${"zero_optimization: {stage: 1, cpu_offload: true}"}                 | ${true}
    ${"zero_optimization: {stage: 1, offload_optimizer: {device: none}}"} | ${false}
    ${"zero_optimization: {stage: 1, cpu_offload: false}"}                | ${false}
    ${"zero_optimization: {stage: 1}"}                                    | ${false}
    ${"seq_length: 8"}                                                    | ${false}
  `("$zero -> $expected", async ({ zero, expected }) => {
    expect(offloadsOptimizer(await setOf(`${zero as string}\n`))).toBe(expected);
  });
});

describe("getEntry and writtenTrue", () => {
  it("finds the last entry of a key in a map", async () => {
    const set = await setOf("zero_optimization:\n  stage: 1\n  stage: 2\n");
    expect(getEntry(set.keys.zero_optimization?.node, "stage")?.node.value).toBe(2);
    expect(getEntry(set.keys.zero_optimization?.node, "missing")).toBeUndefined();
    expect(getEntry(undefined, "stage")).toBeUndefined();
  });

  it("counts only a flag written true", async () => {
    expect(writtenTrue((await setOf("finetune: true\n")).effective.finetune)).toBe(true);
    expect(writtenTrue((await setOf("finetune: false\n")).effective.finetune)).toBe(false);
    expect(writtenTrue((await setOf("seq_length: 8\n")).effective.finetune)).toBe(false);
  });
});
