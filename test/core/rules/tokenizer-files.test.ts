import { tokenizerFilesRule } from "../../../src/core/rules/tokenizer-files.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { WHOLE } from "../../support/whole-config.js";

/** A whole run needs the model's shape and a training length; the case adds the rest. */
const SET = "config_sets:\n  - files: [model.yml, setup.yml]\n";

describe("NXC214 tokenizer-files", () => {
  it.each([
    [
      "the default GPT-2 BPE tokenizer without a merge file",
      { "model.yml": WHOLE, "setup.yml": "vocab_file: data/gpt2-vocab.json\ndata_path: data/enwik8\n" },
      "setup.yml",
      1,
      1,
      1,
      11,
    ],
    [
      "HFTokenizer without a vocab file",
      {
        "model.yml": `${WHOLE}tokenizer_type: HFTokenizer\n`,
        "setup.yml": "data_path: data/enwik8\nload: ckpt\n",
      },
      "model.yml",
      3,
      17,
      3,
      28,
    ],
    [
      "no tokenizer file at all",
      { "model.yml": WHOLE, "setup.yml": "data_path: data/enwik8\nsave: ckpt\n" },
      "model.yml",
      1,
      1,
      1,
      2,
    ],
  ])("flags %s in a declared config set", async (_name, files, path, line, column, endLine, endColumn) => {
    await checkInvalid(tokenizerFilesRule, {
      files,
      config: SET,
      errors: [
        {
          messageId: "missing",
          severity: "error",
          certainty: "certain",
          path,
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
  });

  it("names every missing file in one finding", async () => {
    const [finding] = await checkInvalid(tokenizerFilesRule, {
      files: { "model.yml": WHOLE, "setup.yml": "data_path: data/enwik8\nsave: ckpt\n" },
      config: SET,
      errors: [
        {
          messageId: "missing",
          severity: "error",
          certainty: "certain",
          path: "model.yml",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
        },
      ],
    });
    expect(finding?.message).toContain(
      "GPT2BPETokenizer (NeoX's default tokenizer) needs the vocabulary (`vocab_file`) and the BPE merges (`merge_file`)",
    );
    expect(finding?.message).toContain("Add `vocab_file: <path>` and `merge_file: <path>`.");
  });

  it.each([
    ["a null vocab file", `${WHOLE}tokenizer_type: HFTokenizer\nvocab_file: null\n`, 4, 13, 4, 17],
    ["an empty vocab file", `${WHOLE}tokenizer_type: SPMTokenizer\nvocab_file: ""\n`, 4, 13, 4, 15],
  ])("flags %s", async (_name, text, line, column, endLine, endColumn) => {
    await checkInvalid(tokenizerFilesRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "blank",
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

  it.each([
    [
      "a lone config with a vocab but no merges for the default tokenizer",
      `${WHOLE}vocab_file: data/gpt2-vocab.json\n`,
      3,
      1,
      3,
      11,
    ],
    [
      "a fragment naming GPT2BPETokenizer with merges but no vocab",
      "tokenizer_type: GPT2BPETokenizer\nmerge_file: data/gpt2-merges.txt\n",
      1,
      17,
      1,
      33,
    ],
  ])("calls %s unknown", async (_name, text, line, column, endLine, endColumn) => {
    const findings = await checkInvalid(tokenizerFilesRule, {
      files: { "a.yml": text },
      errors: [
        {
          messageId: "missingElsewhere",
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
    expect(findings[0]?.certainty.detail).toMatch(
      /may (come from a setup file|be set by another config file)/,
    );
  });

  it("suggests HFTokenizer for a tokenizer.json with the default tokenizer", async () => {
    const [finding] = await checkInvalid(tokenizerFilesRule, {
      files: { "a.yml": `${WHOLE}vocab_file: checkpoints/neox/tokenizer/tokenizer.json\n` },
      errors: [
        {
          messageId: "missingElsewhere",
          severity: "warning",
          certainty: "unknown",
          path: "a.yml",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 11,
        },
      ],
    });
    expect(finding?.message).toContain("set `tokenizer_type: HFTokenizer`");
  });

  it.each([
    ["a lone model config that leaves the tokenizer files to a setup file", { "a.yml": WHOLE }],
    [
      "a lone HFTokenizer config without a vocab file (upstream's Pythia configs)",
      { "a.yml": `${WHOLE}tokenizer_type: HFTokenizer\n` },
    ],
    [
      "a setup fragment with both files",
      { "a.yml": "vocab_file: data/gpt2-vocab.json\nmerge_file: data/gpt2-merges.txt\ndata_path: data/x\n" },
    ],
    [
      "a fragment with only a vocab file (the tokenizer type is the run's)",
      { "a.yml": "vocab_file: data/tokenizer.json\nload: ckpt\n" },
    ],
    [
      "HFTokenizer with a vocab file, in lower case",
      { "a.yml": `${WHOLE}tokenizer_type: hftokenizer\nvocab_file: 20B_tokenizer.json\n` },
    ],
    [
      "a tokenizer type NeoX does not know (NXC224's)",
      { "a.yml": `${WHOLE}tokenizer_type: SentencePiece\n` },
    ],
  ])("does not flag %s", async (_name, files) => {
    await checkValid(tokenizerFilesRule, { files });
  });

  it.each([
    [
      "a setup file with both files",
      "vocab_file: data/gpt2-vocab.json\nmerge_file: data/gpt2-merges.txt\n",
      WHOLE,
    ],
    [
      "HFGPT2Tokenizer, which falls back to GPT-2's own files",
      "data_path: data/x\nsave: ckpt\n",
      `${WHOLE}tokenizer_type: HFGPT2Tokenizer\n`,
    ],
    [
      "CharLevelTokenizer, which needs no file",
      "data_path: data/x\nsave: ckpt\n",
      `${WHOLE}tokenizer_type: CharLevelTokenizer\n`,
    ],
  ])("does not flag a declared set with %s", async (_name, setup, model) => {
    await checkValid(tokenizerFilesRule, { files: { "model.yml": model, "setup.yml": setup }, config: SET });
  });
});
