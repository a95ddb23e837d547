import { dataPathsRule } from "../../../src/core/rules/data-paths.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */
const SPLITS = "train_data_paths: [data/a]\nvalid_data_paths: [data/v]\ntest_data_paths: [data/t]\n";

describe("NXC218 data-paths", () => {
  it.each([
    [
      "data_path with all three split paths",
      `${WHOLE}data_path: data/enwik8\n${SPLITS}`,
      "both",
      4,
      1,
      4,
      17,
    ],
    [
      "data_path with one split path (in a fragment too)",
      "data_path: data/enwik8\ntrain-data-paths: [data/a]\n",
      "both",
      2,
      1,
      2,
      17,
    ],
    [
      "a split path written null next to the others",
      `${WHOLE}train_data_paths: [data/a]\nvalid_data_paths: [data/v]\ntest_data_paths: null\n`,
      "allOrNone",
      3,
      1,
      3,
      17,
    ],
    [
      "weights that do not match their paths",
      `${WHOLE}${SPLITS}train_data_weights: [1.0, 2.0]\n`,
      "weights",
      6,
      21,
      6,
      31,
    ],
    [
      "label paths with data_path",
      `${WHOLE}data_path: data/enwik8\ntrain_label_data_paths: [data/labels]\n`,
      "labelsWithDataPath",
      4,
      1,
      4,
      23,
    ],
    [
      "label paths with an empty train_data_paths",
      `${WHOLE}train_label_data_paths: [data/labels]\ntrain_data_paths: []\nvalid_data_paths: []\ntest_data_paths: []\n`,
      "labelsWithoutPaths",
      3,
      1,
      3,
      23,
    ],
  ])("flags %s", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(dataPathsRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId,
          severity: "error",
          certainty: "certain",
          path: "a.yml",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
  });

  it("names the missing split paths in a declared config set", async () => {
    const findings = await checkInvalid(dataPathsRule, {
      files: { "model.yml": WHOLE, "setup.yml": "train_data_paths: [data/a]\nvocab_file: v.json\n" },
      config: "config_sets:\n  - files: [model.yml, setup.yml]\n",
      errors: [
        {
          messageId: "allOrNone",
          severity: "error",
          certainty: "certain",
          path: "setup.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 17,
        },
      ],
    });
    expect(findings[0]?.message).toContain("not `valid_data_paths` and `test_data_paths`");
  });

  it("flags label paths without train_data_paths in a declared config set", async () => {
    await checkInvalid(dataPathsRule, {
      files: {
        "model.yml": WHOLE,
        "labels.yml": "train_label_data_paths: [data/labels]\nvocab_file: v.json\n",
      },
      config: "config_sets:\n  - files: [model.yml, labels.yml]\n",
      errors: [
        {
          messageId: "labelsWithoutPaths",
          severity: "error",
          certainty: "certain",
          path: "labels.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 23,
        },
      ],
    });
  });

  it.each([
    ["a single data_path", `${WHOLE}data_path: data/enwik8\n`],
    ["all three split paths", `${WHOLE}${SPLITS}`],
    [
      "weights that match their paths",
      `${WHOLE}${SPLITS}train_data_weights: [1.0]\nvalid_data_weights: [0.5]\n`,
    ],
    ["label paths with the split paths", `${WHOLE}${SPLITS}train_label_data_paths: [data/labels]\n`],
    [
      "DPO's pos/neg paths",
      `${WHOLE}pos_train_data_paths: [data/p]\nneg_train_data_paths: [data/n]\npos_train_label_data_paths: [data/pl]\n`,
    ],
    ["an empty label list", `${WHOLE}data_path: data/enwik8\ntrain_label_data_paths: []\n`],
    ["data_path: null with split paths", `${WHOLE}data_path: null\n${SPLITS}`],
    ["a lone model config without any data path (a setup file supplies it)", WHOLE],
  ])("does not flag %s", async (_name, text) => {
    await checkValid(dataPathsRule, { files: { "a.yml": text } });
  });

  it.each([
    [
      "only train_data_paths in a lone config",
      `${WHOLE}train_data_paths: [data/a]\n`,
      "allOrNoneElsewhere",
      3,
      1,
      3,
      17,
    ],
    [
      "train and valid paths in a fragment",
      "train_data_paths: [data/a]\nvalid_data_paths: [data/v]\n",
      "allOrNoneElsewhere",
      1,
      1,
      1,
      17,
    ],
    [
      "label paths in a lone config without train_data_paths",
      `${WHOLE}train_label_data_paths: [data/labels]\n`,
      "labelsWithoutPathsElsewhere",
      3,
      1,
      3,
      23,
    ],
  ])("calls %s unknown", async (_name, text, messageId, line, column, endLine, endColumn) => {
    await checkInvalid(dataPathsRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId,
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
  });

  it.each([
    [
      "a train path ending in .bin",
      `${WHOLE}train_data_paths: [data/a_text_document.bin]\nvalid_data_paths: [data/v]\ntest_data_paths: [data/t]\n`,
      3,
      20,
      "data/a_text_document",
      3,
      44,
    ],
    [
      "a quoted valid path ending in .idx",
      `${WHOLE}train_data_paths: [data/a]\nvalid_data_paths: ["data/v.idx"]\ntest_data_paths: [data/t]\n`,
      4,
      20,
      '"data/v"',
      4,
      32,
    ],
    [
      "data_path ending in .bin",
      `${WHOLE}data_path: data/enwik8/enwik8_text_document.bin\n`,
      3,
      12,
      "data/enwik8/enwik8_text_document",
      3,
      48,
    ],
  ])(
    "flags %s, with the prefix as a mechanical fix",
    async (_name, text, line, column, replacement, endLine, endColumn) => {
      const findings = await checkInvalid(dataPathsRule, {
        files: { "a.yml": text },
        output: { "a.yml": text.replace(/\.(?:bin|idx)\b/, "") },
        errors: [
          {
            messageId: "fileSuffix",
            severity: "error",
            certainty: "certain",
            path: "a.yml",
            line,
            column,
            endLine,
            endColumn,
          },
        ],
      });
      expect(findings[0]?.fix?.edits.map((e) => e.replacement)).toEqual([replacement]);
    },
  );

  it.each([
    ["prefixes", `${WHOLE}${SPLITS}`],
    ["a prefix whose name contains bin", `${WHOLE}data_path: data/binaries_text_document\n`],
    ["a .jsonl path (another problem, not this one)", `${WHOLE}data_path: data/corpus.jsonl\n`],
  ])("does not flag the suffix of %s", async (_name, text) => {
    await checkValid(dataPathsRule, { files: { "a.yml": text } });
  });
});
