import { attentionConfigRule } from "../../../src/core/rules/attention-config.js";
import { brief, runRule } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

describe("NXC212 attention-config", () => {
  it.each([
    ["fewer layers than num_layers", `${WHOLE}attention_config: [[["global"], 1]]\n`, "length", 3, 19],
    [
      "more layers than num_layers",
      `${WHOLE}attention_config: [[["global", "local"], 2]]\n`,
      "length",
      3,
      19,
    ],
    ["an expanded list of the wrong length", `${WHOLE}attention_config: ["global"]\n`, "length", 3, 19],
    ["an empty list", `${WHOLE}attention_config: []\n`, "length", 3, 19],
    [
      'an "all" pattern that does not divide num_layers',
      'num_layers: 3\ntrain_iters: 100\nattention_config: [[["global", "local"], "all"]]\n',
      "allNotDivisible",
      3,
      42,
    ],
    ["types written as a string", `${WHOLE}attention_config: [["global", 2]]\n`, "malformed", 3, 21],
    ["a count that is not a number", `${WHOLE}attention_config: [[["global"], "2"]]\n`, "malformed", 3, 33],
    ["a group that is not a pair", `${WHOLE}attention_config: [[["global"]]]\n`, "malformed", 3, 20],
    [
      "strings mixed with groups",
      `${WHOLE}attention_config: ["global", [["local"], 1]]\n`,
      "malformed",
      3,
      20,
    ],
    ["a type NeoX does not know", `${WHOLE}attention_config: [[["dense"], 2]]\n`, "unknownType", 3, 22],
    ["a type in the wrong case", `${WHOLE}attention_config: [[["Flash"], 2]]\n`, "unknownType", 3, 22],
    [
      "gmlp with partition_activations",
      `${WHOLE}attention_config: [[["gmlp"], 2]]\npartition_activations: true\n`,
      "mlpPartition",
      3,
      22,
    ],
    [
      "amlp in a mixed pattern with partition_activations",
      `${WHOLE}partition_activations: True\nattention_config: [[["global", "amlp"], 1]]\n`,
      "mlpPartition",
      4,
      32,
    ],
    [
      "mamba with ZeRO-3",
      `${WHOLE}attention_config: [[["mamba"], 2]]\nzero_optimization:\n  stage: 3\n`,
      "zero3",
      5,
      10,
    ],
    [
      "rwkv with ZeRO-3",
      `${WHOLE}attention_config: [[["rwkv"], "all"]]\nzero_optimization: {"stage": 3}\n`,
      "zero3",
      4,
      30,
    ],
    [
      "rwkv with model parallelism",
      `${WHOLE}attention_config: [[["rwkv"], 2]]\nmodel_parallel_size: 2\n`,
      "rwkvModelParallel",
      4,
      22,
    ],
  ])("flags %s", async (_name, text, messageId, line, column) => {
    const findings = await runRule(attentionConfigRule, { files: { "a.yml": text } });
    expect(findings.map(brief)).toEqual([
      { messageId, severity: "error", certainty: "certain", path: "a.yml", line, column },
    ]);
  });

  it.each([
    [
      "mamba with hidden_dropout, which NeoX's tuple assert lets through",
      `${WHOLE}attention_config: [[["mamba"], 2]]\nhidden_dropout: 0.1\n`,
      "dropoutIgnored",
      4,
      17,
    ],
    [
      'groups before an "all" group, which NeoX drops',
      `${WHOLE}attention_config: [[["local"], 1], [["global"], "all"]]\n`,
      "dropped",
      3,
      36,
    ],
  ])("warns about %s, marked inferred", async (_name, text, messageId, line, column) => {
    const findings = await runRule(attentionConfigRule, { files: { "a.yml": text } });
    expect(findings.map(brief)).toEqual([
      { messageId, severity: "warning", certainty: "inferred", path: "a.yml", line, column },
    ]);
  });

  it("names the length, the layer count and where num_layers is written", async () => {
    const [finding] = await runRule(attentionConfigRule, {
      files: { "a.yml": `${WHOLE}attention_config: [[["global"], 1], [["local"], 3]]\n` },
    });
    expect(finding?.message).toContain("expands to 4 layer(s) but `num_layers` is 2");
    expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
      ["num_layers here", 1, 13],
    ]);
  });

  it("hints at the lower-case name", async () => {
    const [finding] = await runRule(attentionConfigRule, {
      files: { "a.yml": `${WHOLE}attention_config: [[["Flash"], 2]]\n` },
    });
    expect(finding?.message).toContain("write `flash`");
  });

  it("checks the length across a declared config set", async () => {
    const findings = await runRule(attentionConfigRule, {
      files: {
        "model.yml": "num_layers: 4\ntrain_iters: 100\nhidden_size: 64\n",
        "attention.yml": 'attention_config: [[["flash"], 2]]\n',
      },
      config: "config_sets:\n  - files: [model.yml, attention.yml]\n",
    });
    expect(findings.map(brief)).toEqual([
      {
        messageId: "length",
        severity: "error",
        certainty: "certain",
        path: "attention.yml",
        line: 1,
        column: 19,
      },
    ]);
  });

  it.each([
    ["one group of the right length", `${WHOLE}attention_config: [[["global"], 2]]\n`],
    ["a pattern repeated to the right length", `${WHOLE}attention_config: [[["global", "local"], 1]]\n`],
    ['"all"', `${WHOLE}attention_config: [[["flash"], "all"]]\n`],
    [
      '"all" with a pattern that divides num_layers',
      `${WHOLE}attention_config: [[["global", "local"], "all"]]\n`,
    ],
    ["an already expanded list", `${WHOLE}attention_config: ["global", "flash"]\n`],
    ["no attention_config (NeoX uses global layers)", WHOLE],
    ["attention_config: null", `${WHOLE}attention_config: null\n`],
    [
      "gmlp without partition_activations",
      `${WHOLE}attention_config: [[["gmlp"], 2]]\npartition_activations: false\n`,
    ],
    [
      "a gmlp group repeated zero times",
      `${WHOLE}attention_config: [[["gmlp"], 0], [["global"], 2]]\npartition_activations: true\n`,
    ],
    [
      "mamba with ZeRO-2 and no dropout",
      `${WHOLE}attention_config: [[["mamba"], 2]]\nhidden_dropout: 0.0\nzero_optimization:\n  stage: 2\n`,
    ],
    ["rwkv without model parallelism", `${WHOLE}attention_config: [[["rwkv"], 2]]\nmodel_parallel_size: 1\n`],
    [
      "global layers with ZeRO-3 and dropout",
      `${WHOLE}attention_config: [[["global"], 2]]\nhidden_dropout: 0.1\nzero_optimization:\n  stage: 3\n`,
    ],
    [
      "a fragment without num_layers (the length is the merged run's)",
      'attention_config: [[["global"], 12]]\n',
    ],
    ["a value that is not a list (NXC224's)", `${WHOLE}attention_config: global\n`],
  ])("does not flag %s", async (_name, text) => {
    expect(await runRule(attentionConfigRule, { files: { "a.yml": text } })).toEqual([]);
  });

  it("reads huge counts and long lists without expanding them", async () => {
    const groups = Array.from({ length: 1_000 }, () => '[["global"], 1]').join(", ");
    const findings = await runRule(attentionConfigRule, {
      files: {
        "a.yml": `${WHOLE}attention_config: [[["global"], 1000000000000]]\n`,
        "b.yml": `${WHOLE}attention_config: [${groups}]\n`,
      },
    });
    expect(findings.map((f) => [f.location.path, f.messageId])).toEqual([
      ["a.yml", "length"],
      ["b.yml", "length"],
    ]);
    expect(findings[0]?.message).toContain("expands to 1000000000000 layer(s)");
  });

  it("calls an unknown type unknown when the repository carries its own NeoX", async () => {
    const neoxArgs = [
      "from dataclasses import dataclass",
      "",
      "@dataclass",
      "class NeoXArgsModel(NeoXArgsTemplate):",
      "    num_layers: int = None",
      "    train_iters: int = None",
      "    attention_config: list = None",
      "",
    ].join("\n");
    const findings = await runRule(attentionConfigRule, {
      files: {
        "megatron/neox_arguments/neox_args.py": neoxArgs,
        "a.yml": `${WHOLE}attention_config: [[["my_attention"], 2]]\n`,
      },
    });
    expect(findings.map(brief)).toEqual([
      {
        messageId: "unknownType",
        severity: "warning",
        certainty: "unknown",
        path: "a.yml",
        line: 3,
        column: 22,
      },
    ]);
    expect(findings[0]?.certainty.detail).toContain("its own NeoX");
  });
});

describe("NXC212 against the repository's own ATTENTION_TYPE_CHOICES", () => {
  const args = (choices: string[]): string =>
    `ATTENTION_TYPE_CHOICES = [${choices.map((c) => `"${c}"`).join(", ")}]\n\n` +
    "class NeoXArgsModel(NeoXArgsTemplate):\n    num_layers: int = None\n    train_iters: int = None\n" +
    "    attention_config: list = None\n";
  const config = `${WHOLE}attention_config: [[["my_attention"], 2]]\n`;

  it("accepts a type the repository's NeoX lists", async () => {
    const files = {
      "megatron/neox_arguments/neox_args.py": args(["global", "my_attention"]),
      "a.yml": config,
    };
    expect(await runRule(attentionConfigRule, { files })).toEqual([]);
  });

  it("is certain about a type the repository's NeoX does not list", async () => {
    const files = { "megatron/neox_arguments/neox_args.py": args(["global", "flash"]), "a.yml": config };
    const findings = await runRule(attentionConfigRule, { files });
    expect(findings.map((f) => [f.messageId, f.severity, f.certainty.level])).toEqual([
      ["unknownType", "error", "certain"],
    ]);
    expect(findings[0]?.message).toContain("Known types: global, flash.");
  });
});
