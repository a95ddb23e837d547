/**
 * The config parser against real PyYAML (FullLoader, what NeoX uses), where python3 with PyYAML is
 * installed: every corpus config and a table of tricky YAML 1.1 inputs must load to the same values.
 * Skipped with a printed reason when python3, PyYAML or the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../../src/core/parse/config.js";
import { askPyYaml } from "../../support/pyyaml-oracle.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS = resolve(root, "../shared/corpus/gpt-neox/configs");

// Each input is one top-level mapping; the forms are those of DESIGN.md §3 and pitfalls.md item 10.
const INPUTS: string[] = [
  "a: 1e-8\nb: 1.0e-8\nc: 5e8\nd: 5.0e+8\ne: 1.0e8\nf: 6e-4\ng: 1.5E-3\nh: .5\ni: 1_000\nj: 0x1F\nk: 017\nl: 1:30\n",
  "a: yes\nb: No\nc: on\nd: OFF\ne: True\nf: FALSE\ng: y\nh: n\ni: ~\nj: null\nk:\nl: Null\nm: 'yes'\n",
  "a: .inf\nb: -.Inf\nc: +12\nd: -0\ne: 0.\nf: 1e+5\ng: 12e03\nh: 1.\ni: 0b101\nj: 0o17\nk: 3.14e-10\n",
  '{\n  # a comment\n  "finetune": true,\n  # "no_load_optim": true,\n  "lr": 6.0e-4,\n  "eps": 1e-08,\n  "list": [1, 2,],\n}\n',
  '{"zero_optimization": {"stage": 1, "reduce_bucket_size": 5e8,}, "train-iters": 320000, "bf16": {"enabled": True},}\n',
  "a: 2024-01-31\nb: '2024-01-31'\nc: 1.0.0\nd: v1.0\ne: 1,000\nf: '1e-8'\ng: !!float 1e-8\nh: !!str 1.0\n",
  // Line breaks PyYAML knows besides `\n`: old Mac `\r`, Windows `\r\n`, NEL and the Unicode separators.
  "finetune: True\rprecision: bfloat16\rbf16:\r  enabled: true\r",
  "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
  "a: 1\x85b: 2\u2028c: [1,\u2029 2]\r",
];

interface PyResult {
  ok: boolean;
  value?: unknown;
}

function pyyaml(texts: string[]): PyResult[] | string {
  const script = [
    "import json, sys, datetime, math",
    "import yaml",
    "def conv(v):",
    "    if isinstance(v, dict): return {str(k): conv(x) for k, x in v.items()}",
    "    if isinstance(v, (list, tuple)): return [conv(x) for x in v]",
    "    if isinstance(v, (datetime.date, datetime.datetime)): return {'__date__': v.isoformat()}",
    "    if isinstance(v, float) and (math.isinf(v) or math.isnan(v)): return {'__float__': repr(v)}",
    "    return v",
    "out = []",
    "for text in json.load(sys.stdin):",
    "    try: out.append({'ok': True, 'value': conv(yaml.load(text, Loader=yaml.FullLoader))})",
    "    except yaml.YAMLError: out.append({'ok': False})",
    "print(json.dumps(out))",
  ].join("\n");
  return askPyYaml<PyResult>(script, texts);
}

/** Our value in PyYAML's JSON form (dates and non-finite floats spelled as the script spells them). */
function normalise(value: unknown, raw?: string): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { __float__: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return raw ?? value;
}

function ours(text: string): PyResult {
  const file = parseConfig("x.yml", text);
  if (!file.ok || file.root === null) return { ok: false };
  const value: Record<string, unknown> = {};
  for (const entry of file.root.entries) {
    const node = entry.node;
    value[entry.spelling] =
      node.kind === "scalar" && node.type === "timestamp"
        ? { __date__: String(node.value) }
        : normalise(node.value);
  }
  return { ok: true, value };
}

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? corpusFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const inline = pyyaml(INPUTS);
const corpus = existsSync(CORPUS) ? corpusFiles(CORPUS) : [];
const corpusExpected = corpus.length > 0 ? pyyaml(corpus.map((p) => readFileSync(p, "utf8"))) : [];

describe("parity with PyYAML FullLoader", () => {
  if (typeof inline === "string") {
    it("is skipped", () => {
      console.log(`skipped: ${inline}`);
    });
    return;
  }
  it.each(INPUTS.map((text, i) => [i, text] as const))(
    "inline input %i loads as PyYAML loads it",
    (i, text) => {
      expect(ours(text)).toEqual(inline[i]);
    },
  );

  if (corpus.length === 0 || typeof corpusExpected === "string") {
    it("skips the corpus", () => {
      console.log(`skipped: ${CORPUS} is absent`);
    });
    return;
  }
  it.each(corpus.map((path, i) => [path.slice(CORPUS.length + 1), i] as const))(
    "corpus %s loads as PyYAML loads it",
    (_name, i) => {
      expect(ours(readFileSync(corpus[i] as string, "utf8"))).toEqual(corpusExpected[i]);
    },
  );
});
