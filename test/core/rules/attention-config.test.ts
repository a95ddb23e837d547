import { attentionConfigRule } from "../../../src/core/rules/attention-config.js";
import { ruleTester, type InvalidCase } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */

type Row = [
  name: string,
  text: string,
  messageId: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
];

/** A row as a case on a.yml, with one finding of the given severity and certainty. */
function flags(severity: "error" | "warning", certainty: "certain" | "inferred", verb: string) {
  return ([name, text, messageId, line, column, endLine, endColumn]: Row): InvalidCase => ({
    name: `${verb} ${name}`,
    files: { "a.yml": text },
    errors: [{ messageId, severity, certainty, path: "a.yml", line, column, endLine, endColumn }],
  });
}

const ERRORS: Row[] = [
  ["fewer layers than num_layers", `${WHOLE}attention_config: [[["global"], 1]]\n`, "length", 3, 19, 3, 36],
  [
    "more layers than num_layers",
    `${WHOLE}attention_config: [[["global", "local"], 2]]\n`,
    "length",
    3,
    19,
    3,
    45,
  ],
  ["an expanded list of the wrong length", `${WHOLE}attention_config: ["global"]\n`, "length", 3, 19, 3, 29],
  ["an empty list", `${WHOLE}attention_config: []\n`, "length", 3, 19, 3, 21],
  [
    'an "all" pattern that does not divide num_layers',
    'num_layers: 3\ntrain_iters: 100\nattention_config: [[["global", "local"], "all"]]\n',
    "allNotDivisible",
    3,
    42,
    3,
    47,
  ],
  ["types written as a string", `${WHOLE}attention_config: [["global", 2]]\n`, "malformed", 3, 21, 3, 29],
  [
    "a count that is not a number",
    `${WHOLE}attention_config: [[["global"], "2"]]\n`,
    "malformed",
    3,
    33,
    3,
    36,
  ],
  ["a group that is not a pair", `${WHOLE}attention_config: [[["global"]]]\n`, "malformed", 3, 20, 3, 32],
  [
    "strings mixed with groups",
    `${WHOLE}attention_config: ["global", [["local"], 1]]\n`,
    "malformed",
    3,
    20,
    3,
    28,
  ],
  ["a type NeoX does not know", `${WHOLE}attention_config: [[["dense"], 2]]\n`, "unknownType", 3, 22, 3, 29],
  ["a type in the wrong case", `${WHOLE}attention_config: [[["Flash"], 2]]\n`, "unknownType", 3, 22, 3, 29],
  [
    "gmlp with partition_activations",
    `${WHOLE}attention_config: [[["gmlp"], 2]]\npartition_activations: true\n`,
    "mlpPartition",
    3,
    22,
    3,
    28,
  ],
  [
    "amlp in a mixed pattern with partition_activations",
    `${WHOLE}partition_activations: True\nattention_config: [[["global", "amlp"], 1]]\n`,
    "mlpPartition",
    4,
    32,
    4,
    38,
  ],
  [
    "mamba with ZeRO-3",
    `${WHOLE}attention_config: [[["mamba"], 2]]\nzero_optimization:\n  stage: 3\n`,
    "zero3",
    5,
    10,
    5,
    11,
  ],
  [
    "rwkv with ZeRO-3",
    `${WHOLE}attention_config: [[["rwkv"], "all"]]\nzero_optimization: {"stage": 3}\n`,
    "zero3",
    4,
    30,
    4,
    31,
  ],
  [
    "rwkv with model parallelism",
    `${WHOLE}attention_config: [[["rwkv"], 2]]\nmodel_parallel_size: 2\n`,
    "rwkvModelParallel",
    4,
    22,
    4,
    23,
  ],
];

const INFERRED: Row[] = [
  [
    "mamba with hidden_dropout, which NeoX's tuple assert lets through",
    `${WHOLE}attention_config: [[["mamba"], 2]]\nhidden_dropout: 0.1\n`,
    "dropoutIgnored",
    4,
    17,
    4,
    20,
  ],
  [
    'groups before an "all" group, which NeoX drops',
    `${WHOLE}attention_config: [[["local"], 1], [["global"], "all"]]\n`,
    "dropped",
    3,
    36,
    3,
    55,
  ],
];

const NEOX_ARGS = [
  "from dataclasses import dataclass",
  "",
  "@dataclass",
  "class NeoXArgsModel(NeoXArgsTemplate):",
  "    num_layers: int = None",
  "    train_iters: int = None",
  "    attention_config: list = None",
  "",
].join("\n");
const GROUPS = Array.from({ length: 1_000 }, () => '[["global"], 1]').join(", ");
const NOT_FLAGGED: Array<[name: string, text: string]> = [
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
];

ruleTester(attentionConfigRule).run("NXC212 attention-config", {
  invalid: [
    ...ERRORS.map(flags("error", "certain", "flags")),
    ...INFERRED.map(flags("warning", "inferred", "warns about")),
    {
      name: "names the length, the layer count and where num_layers is written",
      files: { "a.yml": `${WHOLE}attention_config: [[["global"], 1], [["local"], 3]]\n` },
      errors: [
        {
          messageId: "length",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 52,
          message: "expands to 4 layer(s) but `num_layers` is 2",
        },
      ],
      check: ([finding]) => {
        expect(finding?.related.map((r) => [r.label, r.location.line, r.location.column])).toEqual([
          ["num_layers here", 1, 13],
        ]);
      },
    },
    {
      name: "hints at the lower-case name",
      files: { "a.yml": `${WHOLE}attention_config: [[["Flash"], 2]]\n` },
      errors: [
        {
          messageId: "unknownType",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 29,
          message: "write `flash`",
        },
      ],
    },
    {
      name: "checks the length across a declared config set",
      files: {
        "model.yml": "num_layers: 4\ntrain_iters: 100\nhidden_size: 64\n",
        "attention.yml": 'attention_config: [[["flash"], 2]]\n',
      },
      config: "config_sets:\n  - files: [model.yml, attention.yml]\n",
      errors: [
        {
          messageId: "length",
          severity: "error",
          certainty: "certain",
          path: "attention.yml",
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 35,
        },
      ],
    },
    {
      name: "reads huge counts and long lists without expanding them",
      files: {
        "a.yml": `${WHOLE}attention_config: [[["global"], 1000000000000]]\n`,
        "b.yml": `${WHOLE}attention_config: [${GROUPS}]\n`,
      },
      errors: [
        {
          messageId: "length",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 48,
          message: "expands to 1000000000000 layer(s)",
        },
        {
          messageId: "length",
          severity: "error",
          certainty: "certain",
          path: "b.yml",
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 19 + GROUPS.length + 2,
        },
      ],
    },
    {
      name: "calls an unknown type unknown when the repository carries its own NeoX",
      files: {
        "megatron/neox_arguments/neox_args.py": NEOX_ARGS,
        "a.yml": `${WHOLE}attention_config: [[["my_attention"], 2]]\n`,
      },
      errors: [
        {
          messageId: "unknownType",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
        },
      ],
      check: ([finding]) => {
        expect(finding?.certainty.detail).toContain("its own NeoX");
      },
    },
  ],
  valid: NOT_FLAGGED.map(([name, text]) => ({ name: `does not flag ${name}`, files: { "a.yml": text } })),
});

const args = (choices: string[]): string =>
  `ATTENTION_TYPE_CHOICES = [${choices.map((c) => `"${c}"`).join(", ")}]\n\n` +
  "class NeoXArgsModel(NeoXArgsTemplate):\n    num_layers: int = None\n    train_iters: int = None\n" +
  "    attention_config: list = None\n";
const CUSTOM = `${WHOLE}attention_config: [[["my_attention"], 2]]\n`;

ruleTester(attentionConfigRule).run("NXC212 against the repository's own ATTENTION_TYPE_CHOICES", {
  valid: [
    {
      name: "accepts a type the repository's NeoX lists",
      files: { "megatron/neox_arguments/neox_args.py": args(["global", "my_attention"]), "a.yml": CUSTOM },
    },
  ],
  invalid: [
    {
      name: "is certain about a type the repository's NeoX does not list",
      files: { "megatron/neox_arguments/neox_args.py": args(["global", "flash"]), "a.yml": CUSTOM },
      errors: [
        {
          messageId: "unknownType",
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
          message: "Known types: global, flash.",
        },
      ],
    },
  ],
});
