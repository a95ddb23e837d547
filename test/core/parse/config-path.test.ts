import { parseConfig } from "../../../src/core/parse/config.js";
import { buildConfigSet } from "../../../src/core/parse/config-set.js";
import {
  formatKeyPath,
  getEntries,
  getEntry,
  lookup,
  parseKeyPath,
  pythonTruthy,
  readConfig,
  topLevelEntry,
  type ConfigRead,
  type RunKeys,
} from "../../../src/core/parse/config-path.js";

const text = [
  "pipe-parallel-size: 1",
  "zero_optimization:",
  "  stage: 1",
  "  stage: 2",
  "  offload_optimizer: {device: cpu}",
  "optimizer:",
  "  params: {eps: 1e-8, lr: 0.0006}",
  'attention_config: [[["flash"], 12]]',
  "bf16: {enabled: yes}",
  "",
].join("\n");
const file = parseConfig("configs/a.yml", text);

describe("key paths", () => {
  it.each([
    ["zero_optimization.stage", ["zero_optimization", "stage"]],
    ["attention_config[0][0][0]", ["attention_config", 0, 0, 0]],
    ["a[2].b", ["a", 2, "b"]],
    ["single", ["single"]],
  ])("%s parses to %j and back", (path, parts) => {
    expect(parseKeyPath(path)).toEqual(parts);
    expect(formatKeyPath(parts)).toBe(path);
  });
});

describe("getEntry / topLevelEntry / lookup paths", () => {
  const zero = file.keys.zero_optimization?.node;

  it("finds the entry PyYAML keeps (the last one) and all of them", () => {
    expect(getEntry(zero, "stage")?.node.value).toBe(2);
    expect(getEntries(zero, "stage").map((e) => e.keySpan.line)).toEqual([3, 4]);
    expect(getEntry(zero, "missing")).toBeUndefined();
    expect(getEntry(file.keys.pipe_parallel_size?.node, "x")).toBeUndefined();
  });

  it("walks mappings and sequences", () => {
    expect(lookup(file, ["zero_optimization", "offload_optimizer", "device"])?.value).toBe("cpu");
    expect(lookup(file, "attention_config[0][0][0]")?.value).toBe("flash");
    expect(lookup(file, ["attention_config", 0, 1])?.value).toBe(12);
    expect(lookup(file, ["attention_config", 5])).toBeUndefined();
    expect(lookup(file, ["zero_optimization", 0])).toBeUndefined();
    // nested keys are matched as written
    expect(lookup(file, ["bf16", "enabled"])?.value).toBe(true);
    expect(lookup(file, ["optimizer", "params-x"])).toBeUndefined();
  });

  it("reads a top-level entry only when the key is the set's own (not an Object prototype name)", () => {
    expect(topLevelEntry(file.keys, "pipe_parallel_size")?.node.value).toBe(1);
    expect(topLevelEntry(file.keys, "constructor")).toBeUndefined();
    expect(topLevelEntry(file.keys, "missing")).toBeUndefined();
  });
});

describe("lookup", () => {
  it("normalises the top-level key and reports key and value spans", () => {
    const hit = lookup(file, "pipe-parallel-size");
    expect(hit && { via: hit.via, value: hit.value, key: hit.entry.spelling }).toEqual({
      via: "pipe_parallel_size",
      value: 1,
      key: "pipe-parallel-size",
    });
    expect(
      hit && [hit.keySpan.line, hit.keySpan.column, hit.valueSpan.column, hit.valueSpan.endColumn],
    ).toEqual([1, 1, 21, 22]);
  });

  it("gives the nested entry for a nested path", () => {
    const hit = lookup(file, ["zero_optimization", "stage"]);
    expect(hit && [hit.via, hit.value, hit.keySpan.line, hit.valueSpan.column]).toEqual([
      "zero_optimization.stage",
      2,
      4,
      10,
    ]);
    const flash = lookup(file, "attention_config[0][0][0]");
    expect(flash && [flash.via, flash.value, flash.entry.key]).toEqual([
      "attention_config[0][0][0]",
      "flash",
      "attention_config",
    ]);
  });

  it("works on a set and on a keys record", () => {
    const set = buildConfigSet([file], { declared: false });
    expect(lookup(set, "bf16.enabled")?.value).toBe(true);
    expect(lookup(file.keys, "bf16.enabled")?.value).toBe(true);
  });

  it("finds nothing for missing keys, even Object's own names", () => {
    expect(lookup(file, "finetune")).toBeUndefined();
    expect(lookup(file, "constructor")).toBeUndefined();
    expect(lookup(file, "zero_optimization.nope")).toBeUndefined();
    expect(lookup(file, [0])).toBeUndefined();
  });

  it("is not fooled by a config whose keys are named keys and files", () => {
    const odd = parseConfig("odd.yml", "keys: {a: 1}\nfiles: 2\n");
    expect(lookup(odd.keys, "keys.a")?.value).toBe(1);
    expect(lookup(odd, "files")?.value).toBe(2);
  });
});

describe("pythonTruthy", () => {
  it.each([
    [null, false],
    [false, false],
    [0, false],
    ["", false],
    [[], false],
    [{}, false],
    [true, true],
    [1, true],
    [NaN, true],
    ["false", true],
    [[0], true],
    [{ a: null }, true],
  ])("%p is %s", (value, truthy) => {
    expect(pythonTruthy(value)).toBe(truthy);
  });
});

/**
 * The one decision every typed reading of config values is a view of (`topLevel`, `topLevelExact` and
 * `nested` in the rules' support, the set's effective values): written, default, or unknown.
 */
describe("readConfig: written, default or unknown", () => {
  const run = (text: string, whole: boolean): RunKeys => ({ keys: parseConfig("r.yml", text).keys, whole });
  const short = (read: ConfigRead): string => {
    if (read.state === "set")
      return `set ${read.hit.via}=${JSON.stringify(read.hit.value)} @${read.hit.valueSpan.line}`;
    if (read.state === "default") return read.parent ? `default in ${read.parent.via}` : "default";
    return "unknown";
  };

  it.each([
    // text, path, null mode, whole run, fragment
    ["finetune: true\n", "finetune", "set", "set finetune=true @1", "set finetune=true @1"],
    [
      "pipe-parallel-size: 2\n",
      "pipe_parallel_size",
      "set",
      "set pipe_parallel_size=2 @1",
      "set pipe_parallel_size=2 @1",
    ],
    ["finetune: null\n", "finetune", "set", "set finetune=null @1", "set finetune=null @1"],
    ["finetune: null\n", "finetune", "unset", "default", "unknown"],
    ["other: 1\n", "finetune", "set", "default", "unknown"],
    ["other: 1\n", "constructor", "set", "default", "unknown"],
    // The top-level dict missing: like any top-level key.
    ["other: 1\n", "zero_optimization.stage", "set", "default", "unknown"],
    // The dict written without the key: NeoX never merges nested dicts, so the default applies even in a fragment.
    [
      "zero_optimization: {}\n",
      "zero_optimization.stage",
      "set",
      "default in zero_optimization",
      "default in zero_optimization",
    ],
    [
      "optimizer: {params: {}}\n",
      "optimizer.params.lr",
      "set",
      "default in optimizer.params",
      "default in optimizer.params",
    ],
    ["optimizer: adam\n", "optimizer.type", "set", "default in optimizer", "default in optimizer"],
    [
      "zero_optimization: {stage: null}\n",
      "zero_optimization.stage",
      "set",
      "set zero_optimization.stage=null @1",
      "set zero_optimization.stage=null @1",
    ],
    [
      "zero_optimization: {stage: null}\n",
      "zero_optimization.stage",
      "unset",
      "default in zero_optimization",
      "default in zero_optimization",
    ],
    // The dict written null: a value without the key when null is a value, not written at all when it is not.
    [
      "zero_optimization: null\n",
      "zero_optimization.stage",
      "set",
      "default in zero_optimization",
      "default in zero_optimization",
    ],
    ["zero_optimization: null\n", "zero_optimization.stage", "unset", "default", "unknown"],
    [
      "zero_optimization:\n  stage: 2\n",
      "zero_optimization.stage",
      "set",
      "set zero_optimization.stage=2 @2",
      "set zero_optimization.stage=2 @2",
    ],
    [
      'attention_config: [[["flash"], 2]]\n',
      "attention_config[0][1]",
      "set",
      "set attention_config[0][1]=2 @1",
      "set attention_config[0][1]=2 @1",
    ],
    [
      'attention_config: [[["flash"], 2]]\n',
      "attention_config[3]",
      "set",
      "default in attention_config",
      "default in attention_config",
    ],
  ] as const)(
    "%j at %s (null %s): %s in a whole run, %s in a fragment",
    (text, path, mode, whole, fragment) => {
      expect(short(readConfig(run(text, true), parseKeyPath(path), { null: mode }))).toBe(whole);
      expect(short(readConfig(run(text, false), parseKeyPath(path), { null: mode }))).toBe(fragment);
    },
  );

  it("counts a written null as a value unless told otherwise", () => {
    expect(readConfig(run("load: null\n", false), ["load"]).state).toBe("set");
  });

  it("agrees with lookup on where a written value sits", () => {
    const read = readConfig({ keys: file.keys, whole: false }, [
      "zero_optimization",
      "offload_optimizer",
      "device",
    ]);
    expect(read.state === "set" && read.hit).toEqual(
      lookup(file, "zero_optimization.offload_optimizer.device"),
    );
  });
});
