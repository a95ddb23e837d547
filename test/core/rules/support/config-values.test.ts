import { buildModel } from "../../../../src/core/analyze.js";
import { memoryWorkspace } from "../../../../src/core/memory-workspace.js";
import type { ConfigSet } from "../../../../src/core/model/index.js";
import { parseConfig } from "../../../../src/core/parse/config.js";
import { deriveEffective } from "../../../../src/core/parse/config-effective.js";
import { getEntry, readConfig } from "../../../../src/core/parse/config-path.js";
import { buildConfigSet } from "../../../../src/core/parse/config-set.js";
import {
  attentionTypes,
  nested,
  offloadsOptimizer,
  topLevel,
  topLevelExact,
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

/**
 * The typed readings are views of `readConfig`, not second copies of its decision: on every input they
 * agree with it on written / default / unknown (the effective values may still call a written value
 * unknown when NeoX would reject it, but never decide default or unknown for an unwritten key differently).
 */
describe("the typed readings agree with readConfig", () => {
  const texts = [
    "other: 1\n",
    "finetune: true\nno_load_optim: null\nload: ckpt\npipe-parallel-size: 2\nmodel_parallel_size: null\n",
    "zero_optimization: {}\ndata_types: {}\noptimizer: {params: {}}\n",
    "zero_optimization: null\ndata_types: null\noptimizer: null\n",
    "zero_optimization: {stage: null}\ndata_types: {grad_accum_dtype: null}\noptimizer: {params: {lr: null}}\n",
    "zero_optimization: {stage: 1}\ndata_types: {grad_accum_dtype: fp32}\noptimizer: {params: {lr: 0.1}}\n",
  ];
  const cases = texts.flatMap((text) => [true, false].map((whole) => [text, whole] as const));
  const fields = [
    ["finetune", ["finetune"]],
    ["noLoadOptim", ["no_load_optim"]],
    ["load", ["load"]],
    ["pipeParallelSize", ["pipe_parallel_size"]],
    ["modelParallelSize", ["model_parallel_size"]],
    ["zeroStage", ["zero_optimization", "stage"]],
    ["gradAccumDtype", ["data_types", "grad_accum_dtype"]],
  ] as const;

  it.each(cases)("%j, whole run %s", (text, whole) => {
    const file = parseConfig("c.yml", text);
    const set: ConfigSet = { ...buildConfigSet([file], { declared: false }), whole };
    const effective = deriveEffective({ keys: file.keys, whole });
    for (const key of ["finetune", "load", "pipe_parallel_size", "model_parallel_size", "optimizer"]) {
      expect(topLevel(set, key, 0).state).toBe(readConfig(set, [key], { null: "unset" }).state);
      expect(topLevelExact(set, key, 0).state).toBe(readConfig(set, [key]).state);
    }
    for (const path of [
      ["optimizer", "params", "lr"],
      ["zero_optimization", "stage"],
    ] as const) {
      expect(nested(set, path, 0).state).toBe(readConfig(set, path, { null: "unset" }).state);
    }
    for (const [field, path] of fields) {
      const read = readConfig(set, path);
      const value = effective[field];
      const fromFragment = value.state === "unknown" && value.reason.includes("not set in this fragment");
      expect(fromFragment).toBe(read.state === "unknown");
      if (value.state === "default") expect(read.state).toBe("default");
      if (read.state === "default" && !read.parent) expect(value.state).toBe("default");
    }
  });
});
