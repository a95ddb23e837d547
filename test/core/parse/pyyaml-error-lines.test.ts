/**
 * Syntax-error positions against real PyYAML (FullLoader, what NeoX uses), where python3 with PyYAML is
 * installed: for every YAML file of the corpus, every config of the recall suite and a table of broken
 * inputs, PyYAML and the config reader agree on whether the text loads, and where it does not, the reported
 * line is the line PyYAML reports (the line in NeoX's traceback). Skipped with a printed reason when
 * python3, PyYAML or the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../../src/core/parse/config.js";
import { askPyYaml } from "../../support/pyyaml-oracle.js";
import { cases } from "../../recall/cases.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS = resolve(root, "../shared/corpus");

/** Broken (and a few valid) inputs of the shapes real configs break in. */
const INPUTS: string[] = [
  '{\n  "a": 1,\n  stray text here\n  "b": 2,\n}\n',
  '{\n  "a": 1,\n  "b": 2\n  "c": 3,\n}\n',
  '{\n  "a": 1\n\n  # comment\n  "c": 3,\n}\n',
  '{\n  "a": true\n  "b": 2,\n}\n',
  '{\n  "a": "x\n  "b": 2,\n}\n',
  '{\n  "a": [1, 2,\n  "b": 2,\n}\n',
  "a: 1\nb: 2\n c: 3\n",
  "a: 1\n  b: 2\n",
  "a:\n  b: 1\n c: 2\n",
  "a: 1\nb\nc: 2\n",
  "a: 1\nb: x: y\n",
  "a: 1\n- b\n",
  "a: [1, 2\nb: 3\n",
  'a: "unterminated\nb: 3\n',
  "a: 'x\nb: 3\n",
  "a: 1\n\tb: 2\n",
  "a: {b: 1\nc: 2\n",
  '{\n  "a": 1,\n  "b": 2,\n',
  '{\n  "a": 1,\n  "b": {"c": 2,\n}\n',
  '{\n  "a": 1,\n  "b": 2,\n}\n}\n',
  "a: 1\nb: 2\n---\nc: 3\n",
  "a: &x 1\nb: *y\n",
  '{\n  "a": 1,,\n  "b": 2,\n}\n',
  '{\n  "a" 1,\n  "b": 2,\n}\n',
  '{\n  "a": 1,\n  "b": 2,\n  }\n  "c": 3\n',
  "a: 1\nb:\n  - 1\n  c: 2\n",
  "a: b\n  c: d\ne: f\n",
  '"a": 1\n"b" 2\n"c": 3\n',
  '{\n  "a": 1, # comment\n  "b": [1, 2]]\n}\n',
  "a: |\n  text\n b: 2\n",
  "a: 1 # c\nb: @x\n",
  '{\n  "a": 1,\n  "b": 2\n  # "c": 3,\n  "d": 4,\n}\n',
  "a: 1\n\n\n# loss\n    location: x\nb: 2\n",
  "a: 1\n---------- #\n# note\n\nb: 2\n",
  '{\n  "save": "s3://bucket/x",\n  "a": 1\n  \n  "b": 0,\n}\n',
  '{\n  "a": "s3://x"\n  "b": 1,\n}\n',
  '{\n  "a": 1,\n  "b": 2,\n}\n',
  "a: b\nc: 'd''e'\n",
];

/**
 * Texts PyYAML loads that the reader rejects, a limit the README states ("flow content indented no deeper
 * than its key"): listed with the reason, never silently skipped.
 */
const KNOWN_STRICTER = new Map<string, string>([
  [
    "ZhiYuanZeng__gpt-moe/demo.yml",
    "a double-quoted scalar continued at column 0 under a top-level key (a job spec, not a NeoX config)",
  ],
]);

interface PyVerdict {
  ok: boolean;
  line?: number;
}

function pyyaml(texts: string[]): PyVerdict[] | string {
  const script = [
    "import json, sys",
    "import yaml",
    "out = []",
    "for text in json.load(sys.stdin):",
    "    try:",
    "        yaml.load(text, Loader=yaml.FullLoader)",
    "        out.append({'ok': True})",
    "    except yaml.YAMLError as e:",
    "        m = getattr(e, 'problem_mark', None) or getattr(e, 'context_mark', None)",
    "        out.append({'ok': False, 'line': m.line + 1 if m else 0})",
    "print(json.dumps(out))",
  ].join("\n");
  return askPyYaml<PyVerdict>(script, texts);
}

/** What the config reader says: loads, or the line of its syntax error; null when it declines (limits). */
function ours(text: string): PyVerdict | null {
  const file = parseConfig("x.yml", text);
  const syntax = file.diagnostics.find((d) => d.code === "yaml-syntax");
  if (syntax) return { ok: false, line: syntax.line };
  if (file.diagnostics.some((d) => d.code === "yaml-limit" || d.code === "binary")) return null;
  return { ok: true };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/i.test(name) ? [path] : [];
  });
}

const recallTexts = cases
  .filter((c) => /\.ya?ml$/.test(c.path))
  .flatMap((c) => [
    [`${c.id} (before)`, c.before],
    [`${c.id} (after)`, c.after],
  ]);
const corpusPaths = existsSync(CORPUS) ? yamlFiles(CORPUS) : [];
const labelled: Array<[string, string]> = [
  ...INPUTS.map((t, i): [string, string] => [`inline ${i}`, t]),
  ...(recallTexts as Array<[string, string]>),
  ...corpusPaths.map((p): [string, string] => [p.slice(CORPUS.length + 1), readFileSync(p, "utf8")]),
];
const expected = pyyaml(labelled.map(([, t]) => t));

describe("syntax-error lines match PyYAML", () => {
  if (typeof expected === "string") {
    it("is skipped", () => {
      console.log(`skipped: ${expected}`);
    });
    return;
  }
  if (corpusPaths.length === 0) {
    it("skips the corpus", () => {
      console.log(`skipped for the corpus: ${CORPUS} is absent`);
    });
  }

  it("covers the corpus syntax errors and the recall suite's", () => {
    const failing = expected.filter((e) => !e.ok).length;
    expect(failing).toBeGreaterThan(INPUTS.length / 2);
  });

  it.each(labelled.map(([label], i) => [label, i] as const))("%s", (_label, i) => {
    const mine = ours(labelled[i]?.[1] ?? "");
    if (mine === null) return; // beyond neox-check's size limits: reported as such, not parsed
    const known = KNOWN_STRICTER.get(_label);
    if (known !== undefined && expected[i]?.ok === true && !mine.ok) {
      console.log(`known limit: ${_label}: ${known}`);
      return;
    }
    expect(mine).toEqual(expected[i]);
  });
});
