import type { ConfigSet, RelatedLocation, Span } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { setStart, topLevel } from "./support/config-values.js";
import { elsewhere, setKey, surelyAbsent } from "./support/launch-keys.js";

type FileKey = "vocab_file" | "merge_file";

/** What each tokenizer needs (megatron/tokenizer/tokenizer.py `build_tokenizer`), by lower-cased name. */
const NEEDS: ReadonlyMap<string, { name: string; files: readonly FileKey[] }> = new Map([
  ["gpt2bpetokenizer", { name: "GPT2BPETokenizer", files: ["vocab_file", "merge_file"] }],
  ["hftokenizer", { name: "HFTokenizer", files: ["vocab_file"] }],
  ["spmtokenizer", { name: "SPMTokenizer", files: ["vocab_file"] }],
  ["tiktokentokenizer", { name: "TiktokenTokenizer", files: ["vocab_file"] }],
  // Without a vocab_file it loads Hugging Face's pretrained GPT-2 tokenizer, with a printed warning.
  ["hfgpt2tokenizer", { name: "HFGPT2Tokenizer", files: [] }],
  ["charleveltokenizer", { name: "CharLevelTokenizer", files: [] }],
]);

const WHAT: Record<FileKey, string> = {
  vocab_file: "the vocabulary (`vocab_file`)",
  merge_file: "the BPE merges (`merge_file`)",
};

/** A tokenizer file as the set has it: a usable path, written empty or null, or not written. */
type FileState =
  { state: "path" } | { state: "empty"; at: Span } | { state: "null"; at: Span } | { state: "absent" };

function fileState(set: ConfigSet, key: FileKey): FileState {
  const entry = set.keys[key];
  if (entry === undefined) return { state: "absent" };
  const value = entry.node.value;
  if (value === null) return { state: "null", at: entry.node.span };
  if (typeof value === "string" && value.trim() === "") return { state: "empty", at: entry.node.span };
  return { state: "path" };
}

/** A hint for the common slip: a Hugging Face `tokenizer.json` with the default GPT-2 BPE tokenizer. */
function hintFor(set: ConfigSet, type: string): string {
  const vocab = set.keys.vocab_file?.node.value;
  if (type !== "GPT2BPETokenizer" || typeof vocab !== "string") return "";
  return /tokenizer[^/]*\.json$/i.test(vocab)
    ? " `vocab_file` looks like a Hugging Face tokenizer.json: if it is one, set `tokenizer_type: HFTokenizer`, which needs no merge file."
    : "";
}

/**
 * NXC214: the files each `tokenizer_type` needs (knowledge/pitfalls.md item 23). An error when the run
 * certainly lacks one (a declared config set, or the key written empty or null); a warning when the set
 * writes some tokenizer files but not all, and the rest may come from a setup file passed with it.
 * A lone model config that writes no tokenizer file is left alone: upstream's model configs leave them to
 * `configs/local_setup.yml`. Values outside NeoX's choices are NXC224's.
 */
export const tokenizerFilesRule = defineRule(
  {
    id: "NXC214",
    name: "tokenizer-files",
    severity: "error",
    description: "A `tokenizer_type` without the vocabulary or merge file it needs.",
    messages: {
      missing:
        "{{type}} needs {{what}}, which no file of this config set sets: NeoX's `build_tokenizer` asserts the files are set, so the job stops at start after it has waited for its GPUs. Add {{keys}}.{{hint}}",
      missingElsewhere:
        "{{type}} needs {{what}}, which this config does not set although it sets another tokenizer file: unless another file passed with it sets them, NeoX's `build_tokenizer` assertion stops the job at start.{{hint}}",
      blank:
        "`{{key}}` is {{how}}, but {{type}} needs {{what}}: NeoX stops at start when it builds the tokenizer. Write the path to the file.{{hint}}",
    },
  },
  eachConfigSet((set, ctx) => {
    const typeLookup = topLevel(set, "tokenizer_type", "GPT2BPETokenizer");
    if (typeLookup.state === "unknown" || typeof typeLookup.value !== "string") return;
    const needs = NEEDS.get(typeLookup.value.toLowerCase());
    if (needs === undefined) return;
    const typeAt = typeLookup.state === "set" ? typeLookup.entry.node.span : null;
    const typeHere: RelatedLocation[] =
      typeAt === null ? [] : [{ label: "tokenizer_type set here", location: typeAt }];
    const states = new Map(needs.files.map((key) => [key, fileState(set, key)] as const));
    const writesSome = [...states.values()].some((s) => s.state !== "absent");
    const typeName =
      typeLookup.state === "set"
        ? `\`tokenizer_type: ${typeLookup.value}\``
        : `${needs.name} (NeoX's default tokenizer)`;
    const hint = hintFor(set, needs.name);
    for (const [key, state] of states) {
      if (state.state !== "empty" && state.state !== "null") continue;
      ctx.report({
        messageId: "blank",
        data: {
          type: typeName,
          what: WHAT[key],
          key,
          hint,
          how: state.state === "null" ? "`null`" : "empty",
        },
        location: state.at,
        related: typeHere,
        key: setKey(set, `tokenizer.${key}`),
      });
    }
    const absent = needs.files.filter((key) => states.get(key)?.state === "absent");
    if (absent.length === 0) return;
    const anchor = typeAt ?? set.keys.vocab_file?.keySpan ?? set.keys.merge_file?.keySpan ?? setStart(set);
    if (anchor === null) return;
    const data = {
      type: typeName,
      what: absent.map((key) => WHAT[key]).join(" and "),
      keys: absent.map((key) => `\`${key}: <path>\``).join(" and "),
      hint,
    };
    if (absent.every((key) => surelyAbsent(set, key))) {
      ctx.report({
        messageId: "missing",
        data,
        location: anchor,
        related: typeHere,
        key: setKey(set, "tokenizer.files"),
      });
      return;
    }
    // A config that writes no tokenizer file leaves them all to a setup file, as upstream's do.
    if (!writesSome) return;
    ctx.report({
      messageId: "missingElsewhere",
      data,
      location: anchor,
      related: typeHere,
      severity: "warning",
      certainty: {
        level: "unknown",
        detail: elsewhere(set, absent.map((key) => `\`${key}\``).join(" and ")),
      },
      key: setKey(set, "tokenizer.files"),
    });
  }),
);
