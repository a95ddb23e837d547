import type { ConfigSet } from "../../../src/core/model/config.js";
import { parseConfig } from "../../../src/core/parse/config.js";
import { buildConfigSet } from "../../../src/core/parse/config-set.js";

/** A whole run's model and training keys, so a file holding them is not a fragment. */
const WHOLE = '"num_layers": 2, "hidden_size": 8, "num_attention_heads": 2, "train_iters": 10';

function setOf(files: Array<[string, string]>, declared = files.length > 1): ConfigSet {
  return buildConfigSet(
    files.map(([path, text]) => parseConfig(path, text)),
    { declared },
  );
}

describe("buildConfigSet: merging as NeoX from_ymls does", () => {
  it("merges top-level keys in file order", () => {
    const set = setOf([
      ["configs/model.yml", `{${WHOLE}}`],
      ["configs/local.yml", '{"load": "ckpt", "save": "ckpt"}'],
    ]);
    expect(Object.keys(set.keys)).toEqual([
      "num_layers",
      "hidden_size",
      "num_attention_heads",
      "train_iters",
      "load",
      "save",
    ]);
    expect(set.keys.load?.node.span.path).toBe("configs/local.yml");
    expect(set.duplicates).toEqual([]);
    expect(set.basenameClashes).toEqual([]);
  });

  it("does not deep-merge nested blocks: the block is one key", () => {
    const set = setOf([
      ["a.yml", '{"zero_optimization": {"stage": 1}}'],
      ["b.yml", '{"zero_optimization": {"overlap_comm": true}}'],
    ]);
    expect(set.duplicates).toMatchObject([{ key: "zero_optimization", scope: "set", caughtByNeox: true }]);
    expect(set.keys.zero_optimization?.node.value).toEqual({ stage: 1 });
  });

  it.each([
    // [first file, later file, NeoX catches it, value kept]
    ["train_iters: 1", "train_iters: 2", true, 1],
    ["train-iters: 1", "train_iters: 2", true, 1],
    // NeoX compares the key as written with the normalised keys: a hyphenated later key slips through
    ["train_iters: 1", "train-iters: 2", false, 2],
    ["train-iters: 1", "train-iters: 2", false, 2],
  ])("%j then %j: caught by NeoX %s, value %i", (first, later, caught, value) => {
    const set = setOf([
      ["a.yml", `${first}\n`],
      ["b.yml", `${later}\n`],
    ]);
    expect(set.keys.train_iters?.node.value).toBe(value);
    expect(set.duplicates).toHaveLength(1);
    expect(set.duplicates[0]).toMatchObject({ key: "train_iters", scope: "set", caughtByNeox: caught });
    expect(set.duplicates[0]?.entries.map((e) => [e.node.span.path, e.spelling])).toEqual([
      ["a.yml", first.split(":")[0]],
      ["b.yml", later.split(":")[0]],
    ]);
  });

  it("gathers a key repeated in three files into one duplicate", () => {
    const set = setOf([
      ["a.yml", "lr: 1\n"],
      ["b.yml", "lr: 2\n"],
      ["c.yml", "lr: 3\n"],
    ]);
    expect(set.duplicates).toHaveLength(1);
    expect(set.duplicates[0]?.entries.map((e) => e.node.value)).toEqual([1, 2, 3]);
    expect(set.keys.lr?.node.value).toBe(1);
  });

  it("keeps duplicates inside one file on the file, not on the set", () => {
    const set = setOf([["a.yml", "lr: 1\nlr: 2\n"]]);
    expect(set.duplicates).toEqual([]);
    expect(set.files[0]?.duplicates).toHaveLength(1);
  });

  it("reports two files with the same basename (NeoX asserts)", () => {
    const set = setOf([
      ["configs/a/setup.yml", "lr: 1\n"],
      ["configs/b/setup.yml", "seed: 2\n"],
      ["configs/other.yml", "save: x\n"],
    ]);
    expect(set.basenameClashes).toEqual([
      { basename: "setup.yml", paths: ["configs/a/setup.yml", "configs/b/setup.yml"] },
    ]);
  });

  it("names a set by its option, or by its files", () => {
    expect(buildConfigSet([parseConfig("a.yml", "lr: 1\n")], { declared: false }).name).toBe("a.yml");
    expect(
      setOf([
        ["a.yml", "lr: 1\n"],
        ["b.yml", "seed: 1\n"],
      ]).name,
    ).toBe("a.yml + b.yml");
    expect(
      buildConfigSet([parseConfig("a.yml", "lr: 1\n")], { name: "pretrain", declared: true }),
    ).toMatchObject({
      name: "pretrain",
      declared: true,
    });
  });
});

describe("buildConfigSet: whole runs and fragments", () => {
  const whole = '{"num_layers": 2, "hidden_size": 8, "num_attention_heads": 2, "train_iters": 10}';
  it.each<[string, boolean, boolean, Array<[string, string]>]>([
    ["a whole file alone", false, true, [["a.yml", whole]]],
    ["a fragment alone", false, false, [["a.yml", '{"load": "x"}']]],
    ["a declared fragment alone", true, false, [["a.yml", '{"load": "x"}']]],
    [
      "a declared set of fragments",
      true,
      true,
      [
        ["model.yml", '{"num_layers": 2}'],
        ["train.yml", '{"train_iters": 2}'],
      ],
    ],
    [
      "a set with a file that does not load",
      true,
      false,
      [
        ["a.yml", whole],
        ["b.yml", "{"],
      ],
    ],
    ["an empty set", true, false, []],
  ])("%s (declared: %s) is whole: %s", (_name, declared, isWhole, files) => {
    expect(setOf(files, declared).whole).toBe(isWhole);
  });
});
