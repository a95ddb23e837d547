import { unknownKeyRule } from "../../../src/core/rules/unknown-key.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole NeoX config around `extra` lines (each line of `extra` starts at line 7). */
function config(extra: string): string {
  return [
    "{",
    '  "num_layers": 12,',
    '  "hidden_size": 768,',
    '  "num_attention_heads": 12,',
    '  "seq_length": 2048,',
    '  "max_position_embeddings": 2048,',
    extra,
    "}",
    "",
  ].join("\n");
}

const PATH = "configs/run.yml";

/** The repository's own NeoX argument list (a fork without `gas`). */
const NEOX_ARGS_PY = [
  "from dataclasses import dataclass",
  "",
  "@dataclass",
  "class NeoXArgsModel(NeoXArgsTemplate):",
  "    num_layers: int = None",
  "    hidden_size: int = None",
  "    num_attention_heads: int = None",
  "    seq_length: int = None",
  "    max_position_embeddings: int = None",
  "    train_iters: int = None",
  "",
].join("\n");

/** The `extra` line once a row's fix is applied (rows whose finding offers an edit). */
const FIXED: Record<string, string> = {
  "save_interval (renamed before v1.0)": '  "checkpoint_factor": 1000,',
};

describe("NXC207 unknown-key", () => {
  it.each([
    [
      "a typo, with a suggestion",
      '  "train-iter": 1000,',
      "unknown",
      "error",
      "certain",
      3,
      "`train_iters`",
      7,
      15,
    ],
    [
      "a key no NeoX knows",
      '  "my_custom_flag": true,',
      "unknown",
      "error",
      "certain",
      3,
      "is not a GPT-NeoX argument",
      7,
      19,
    ],
    [
      "save_interval (renamed before v1.0)",
      '  "save_interval": 1000,',
      "changed",
      "error",
      "certain",
      3,
      "checkpoint_factor",
      7,
      18,
    ],
    [
      "gas, which NeoX v1.0 and v2.0 accept",
      '  "gas": 1,',
      "olderOnly",
      "warning",
      "unknown",
      3,
      "gpt-neox#1144",
      7,
      8,
    ],
    [
      "detect_nvlink_pairs",
      '  "detect_nvlink_pairs": false,',
      "olderOnly",
      "warning",
      "unknown",
      3,
      "gpt-neox#1339",
      7,
      24,
    ],
    [
      "zero_allow_untested_optimizer",
      '  "zero_allow_untested_optimizer": true,',
      "olderOnly",
      "warning",
      "unknown",
      3,
      "deepspeed_extra_args",
      7,
      34,
    ],
  ])("flags %s", async (name, extra, messageId, severity, certainty, column, text, endLine, endColumn) => {
    const fixed = FIXED[name];
    const findings = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config(extra) },
      errors: [{ messageId, severity, certainty, path: PATH, line: 7, column, endLine, endColumn }],
      ...(fixed === undefined ? {} : { output: { [PATH]: config(fixed) } }),
    });
    expect(findings[0]?.message).toContain(text);
  });

  it("renames save_interval in one click, keeping the quotes and the hyphen style", async () => {
    const [plain] = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config('  "save_interval": 1000,') },
      output: { [PATH]: config('  "checkpoint_factor": 1000,') },
      errors: [
        {
          messageId: "changed",
          severity: "error",
          certainty: "certain",
          path: "configs/run.yml",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 18,
        },
      ],
    });
    expect(plain?.fix?.edits).toEqual([
      {
        span: { path: PATH, line: 7, column: 4, endLine: 7, endColumn: 17 },
        replacement: "checkpoint_factor",
      },
    ]);
    const [hyphen] = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config("  save-interval: 1000") },
      output: { [PATH]: config("  checkpoint-factor: 1000") },
      errors: [
        {
          messageId: "changed",
          severity: "error",
          certainty: "certain",
          path: "configs/run.yml",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 16,
        },
      ],
    });
    expect(hyphen?.fix?.edits.map((e) => e.replacement)).toEqual(["checkpoint-factor"]);
  });

  it("offers no rename when the new key is already set", async () => {
    const [finding] = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config('  "save_interval": 1000,\n  "checkpoint_factor": 1000,') },
      errors: [
        {
          messageId: "changed",
          severity: "error",
          certainty: "certain",
          path: "configs/run.yml",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 18,
        },
      ],
    });
    expect(finding?.fix?.edits).toEqual([]);
  });

  it("fixes a case slip in one click", async () => {
    const [finding] = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config('  "Train_Iters": 1000,') },
      output: { [PATH]: config('  "train_iters": 1000,') },
      errors: [
        {
          messageId: "unknown",
          severity: "error",
          certainty: "certain",
          path: "configs/run.yml",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 16,
        },
      ],
    });
    expect(finding?.fix?.edits.map((e) => e.replacement)).toEqual(["train_iters"]);
  });

  it.each([
    ["assume.neox: head", "assume:\n  neox: head\n", "changed", "error", 7, 8],
    ["an assumed release after the removal", "assume:\n  neox: v2.0\n", null, null, null, null],
  ])("decides gas with %s", async (_name, repoConfig, messageId, severity, endLine, endColumn) => {
    const c = { files: { [PATH]: config('  "gas": 1,') }, config: repoConfig };
    if (messageId === null || severity === null || endLine === null || endColumn === null) {
      await checkValid(unknownKeyRule, c);
      return;
    }
    await checkInvalid(unknownKeyRule, {
      ...c,
      errors: [
        { messageId, severity, certainty: "certain", path: PATH, line: 7, column: 3, endLine, endColumn },
      ],
    });
  });

  it("is certain when the repository carries its own NeoX argument list", async () => {
    const findings = await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config('  "gas": 1,'), "megatron/neox_arguments/neox_args.py": NEOX_ARGS_PY },
      errors: [
        {
          messageId: "changed",
          severity: "error",
          certainty: "certain",
          path: PATH,
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 8,
        },
      ],
    });
    expect(findings[0]?.message).toContain("megatron/neox_arguments/neox_args.py");
  });

  it("flags a current argument that an assumed older release lacks", async () => {
    await checkInvalid(unknownKeyRule, {
      files: { [PATH]: config('  "num_kv_heads": 4,') },
      config: "assume:\n  neox: v1.0\n",
      errors: [
        {
          messageId: "tooNew",
          severity: "error",
          certainty: "certain",
          path: PATH,
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 17,
        },
      ],
    });
  });

  it("takes a fork's own arguments from its megatron/neox_arguments", async () => {
    const fork = NEOX_ARGS_PY.replace(
      "    train_iters: int = None",
      '    train_iters: int = None\n    attention_type: str = "global"',
    );
    const files = {
      [PATH]: config('  "attention_type": "groupedquery",'),
      "megatron/neox_arguments/neox_args.py": fork,
    };
    await checkValid(unknownKeyRule, { files });
  });

  it.each([
    ["__proto__", '  "__proto__": 1,', 7, 14],
    ["constructor", '  "constructor": 1,', 7, 16],
    ["a very long key", `  "${"x".repeat(5000)}": 1,`, 7, 5005],
  ])(
    "flags a hostile key (%s) as unknown without tripping over it",
    async (_name, extra, endLine, endColumn) => {
      await checkInvalid(unknownKeyRule, {
        files: { [PATH]: config(extra) },
        errors: [
          {
            messageId: "unknown",
            severity: "error",
            certainty: "certain",
            path: PATH,
            line: 7,
            column: 3,
            endLine,
            endColumn,
          },
        ],
      });
    },
  );

  it.each([
    ["hyphen and underscore spellings", '  "train-iters": 1000,\n  "lr_decay_iters": 1000,'],
    ["DeepSpeed blocks with their own keys", '  "zero_optimization": {"stage": 1, "cpu_offload": false},'],
    ["keys in a comment", '  # "gas": 1,'],
  ])("does not flag %s", async (_name, extra) => {
    await checkValid(unknownKeyRule, { files: { [PATH]: config(extra) } });
  });
});

describe("NXC207 in a repository whose training code's arguments cannot be read", () => {
  it("warns once per key, certainty unknown, never an error per file", async () => {
    const config = `${WHOLE}my_framework_key: 1\n`;
    const findings = await checkInvalid(unknownKeyRule, {
      files: { "train.py": "import my_framework\n", "a.yml": config, "b.yml": config },
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 17,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.level, f.location.path])).toEqual([
      ["warning", "unknown", "a.yml"],
    ]);
    expect(findings[0]?.certainty.detail).toContain("train.py");
  });
});
