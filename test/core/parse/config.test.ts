import type { ConfigEntry, ConfigFile } from "../../../src/core/model/config.js";
import type { Span } from "../../../src/core/model/location.js";
import { parseConfig } from "../../../src/core/parse/config.js";

function spanOf(span: Span): [number, number, number, number] {
  return [span.line, span.column, span.endLine, span.endColumn];
}

function summary(entry: ConfigEntry | undefined): unknown {
  if (!entry) return undefined;
  return {
    key: entry.key,
    spelling: entry.spelling,
    keyAt: spanOf(entry.keySpan),
    valueAt: spanOf(entry.node.span),
  };
}

describe("parseConfig", () => {
  const text = [
    "# a NeoX config",
    "{",
    '  "train-iters": 320000,',
    '  "pipe_parallel_size": 1,',
    '  # "finetune": true,',
    '  "zero_optimization": {',
    '    "stage": 1,',
    '    "reduce-bucket-size": 5.0e+8,',
    "  },",
    '  "eps": 1e-8,',
    "}",
  ].join("\n");
  let file: ConfigFile;
  beforeAll(() => {
    file = parseConfig("configs/a.yml", text);
  });

  it("loads the file", () => {
    expect(file).toMatchObject({ path: "configs/a.yml", ok: true, diagnostics: [], duplicates: [] });
  });

  it("normalises top-level keys and keeps the spelling written", () => {
    expect(Object.keys(file.keys)).toEqual(["train_iters", "pipe_parallel_size", "zero_optimization", "eps"]);
    expect(summary(file.keys.train_iters)).toEqual({
      key: "train_iters",
      spelling: "train-iters",
      keyAt: [3, 3, 3, 16],
      valueAt: [3, 18, 3, 24],
    });
    expect(file.root?.entries.map((e) => e.key)).toEqual(Object.keys(file.keys));
  });

  it("does not normalise keys inside DeepSpeed blocks", () => {
    const zero = file.keys.zero_optimization?.node;
    expect(zero?.kind === "map" && zero.entries.map((e) => [e.key, e.spelling])).toEqual([
      ["stage", "stage"],
      ["reduce-bucket-size", "reduce-bucket-size"],
    ]);
    expect(zero?.value).toEqual({ stage: 1, "reduce-bucket-size": 500000000 });
  });

  it("keeps the PyYAML value and type of each scalar", () => {
    const eps = file.keys.eps?.node;
    expect(eps?.kind === "scalar" && [eps.type, eps.value, eps.raw]).toEqual(["str", "1e-8", "1e-8"]);
    expect(file.root?.value).toEqual({
      "train-iters": 320000,
      pipe_parallel_size: 1,
      zero_optimization: { stage: 1, "reduce-bucket-size": 500000000 },
      eps: "1e-8",
    });
  });

  it("sets nothing for a commented-out key", () => {
    expect(file.keys.finetune).toBeUndefined();
  });

  it("is a fragment: it has no model-shape key", () => {
    expect(file.fragment).toBe(true);
  });
});

describe("parseConfig: keys written twice in one file", () => {
  it("records an exact repeat with both places; the last value wins (PyYAML)", () => {
    const file = parseConfig("a.yml", "finetune: false\nlr: 1\nfinetune: true\n");
    expect(file.keys.finetune?.node.value).toBe(true);
    expect(file.duplicates).toEqual([
      {
        key: "finetune",
        scope: "file",
        caughtByNeox: false,
        entries: [file.root?.entries[0], file.root?.entries[2]],
      },
    ]);
    expect(file.duplicates[0]?.entries.map((e) => e.keySpan.line)).toEqual([1, 3]);
  });

  it.each([
    // hyphen first: NeoX sees `train_iters` as written among the keys already normalised, and raises
    ["train-iters: 1\ntrain_iters: 2\n", 2, true],
    // underscore first: `train-iters` as written is not among them; NeoX silently keeps the later value
    ["train_iters: 1\ntrain-iters: 2\n", 2, false],
    ["train-iters: 1\ntrain-iters: 2\n", 2, false],
  ])("records hyphen/underscore twins: %j", (text, value, caught) => {
    const file = parseConfig("a.yml", text);
    expect(file.keys.train_iters?.node.value).toBe(value);
    expect(file.duplicates).toHaveLength(1);
    expect(file.duplicates[0]).toMatchObject({ key: "train_iters", scope: "file", caughtByNeox: caught });
    expect(file.duplicates[0]?.entries.map((e) => [e.spelling, e.keySpan.line])).toEqual([
      [text.split("\n")[0]?.split(":")[0], 1],
      [text.split("\n")[1]?.split(":")[0], 2],
    ]);
  });

  it("lists last the entry whose value is kept when a twin comes back", () => {
    // PyYAML keeps `a_b` at its first position with the value 3; NeoX then sees `a-b` last, whose 2 wins.
    const file = parseConfig("a.yml", "a_b: 1\na-b: 2\na_b: 3\n");
    expect(file.keys.a_b?.node.value).toBe(2);
    expect(file.duplicates[0]?.entries.map((e) => e.node.value)).toEqual([1, 3, 2]);
  });
});

describe("parseConfig: files NeoX cannot use", () => {
  it("reports invalid YAML (a missing comma in a flow mapping) with line, column and message", () => {
    const file = parseConfig("configs/broken.yml", '{\n  "finetune": true\n  "load": "ckpt"\n}\n');
    expect(file).toMatchObject({ ok: false, keys: {}, root: null, duplicates: [], fragment: false });
    expect(file.diagnostics).toEqual([
      {
        path: "configs/broken.yml",
        // PyYAML's position: the `:` after the key that swallowed the line break (NeoX's traceback line)
        line: 3,
        column: 9,
        endLine: 3,
        endColumn: 10,
        code: "yaml-syntax",
        message: "Implicit keys need to be on a single line",
      },
    ]);
  });

  it.each([
    ["", "the file holds no YAML value", 1, 1],
    ["- a\n- b\n", "the top level is a list", 1, 1],
    ["just text\n", "the top level is a string", 1, 1],
    ["~\n", "the top level is null", 1, 1],
  ])("says %j is not a mapping", (text, what, line, column) => {
    const file = parseConfig("a.yml", text);
    expect(file.ok).toBe(false);
    expect(file.diagnostics).toEqual([
      {
        path: "a.yml",
        line,
        column,
        code: "not-a-mapping",
        message: `${what}, but NeoX reads a config as a mapping of keys to values`,
      },
    ]);
  });

  it("flags a top-level key that is not a string", () => {
    const file = parseConfig("a.yml", "1: x\ntrue: y\nlr: 2\n");
    expect(file.ok).toBe(true);
    expect(file.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ["non-string-key", 1, 1, "top-level key 1 is an integer, not a string: NeoX cannot read it"],
      ["non-string-key", 2, 1, "top-level key true is a boolean, not a string: NeoX cannot read it"],
    ]);
  });

  it("says a binary file is binary", () => {
    const file = parseConfig("a.yml", "\u007fELF\u0002\u0001\u0001\u0000\u0000");
    expect(file.diagnostics.map((d) => d.code)).toEqual(["binary"]);
  });

  it("does not let a `__proto__` key touch prototypes", () => {
    const file = parseConfig("a.yml", '"__proto__": {"polluted": true}\nconstructor: 1\n');
    expect(Object.keys(file.keys)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(file.keys)).toBe(Object.prototype);
  });
});

describe("parseConfig: fragments", () => {
  it.each([
    ['{"data_path": "x", "load": "ckpt", "save": "ckpt"}', true],
    ['{"global_num_gpus": 1}', true],
    // model shape without a training length: a model file meant to be merged with a training file
    ['{"num_layers": 2, "hidden_size": 8, "num_attention_heads": 2, "seq_length": 16}', true],
    // a training file without any model shape
    ['{"train_iters": 10, "finetune": true, "optimizer": {"type": "Adam", "params": {}}}', true],
    ['{"num_layers": 2, "train_iters": 10}', false],
    ['{"num-layers": 2, "train-epochs": 1}', false],
  ])("%s is a fragment: %s", (text, fragment) => {
    expect(parseConfig("a.yml", text).fragment).toBe(fragment);
  });
});
