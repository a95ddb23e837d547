import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDependencies } from "../../../../src/core/parse/deps/index.js";
import type { DependencyFile, Pin } from "../../../../src/core/model/index.js";
import { loc } from "./helpers.js";

// The real GPT-NeoX dependency files in ../shared/corpus (not shipped with the project).
const dir = fileURLToPath(new URL("../../../../../shared/corpus/gpt-neox/requirements/", import.meta.url));
const present = existsSync(dir);
if (!present) console.log(`corpus tests skipped: ${dir} is absent (it is not part of a fresh clone)`);
const describeCorpus = present ? describe : describe.skip;

describeCorpus("GPT-NeoX requirements corpus", () => {
  let files: DependencyFile[] = [];
  let diagnostics: unknown[] = [];
  const file = (prefix: string): DependencyFile => {
    const found = files.find((f) => f.path.startsWith(`requirements/${prefix}`));
    if (!found) throw new Error(`no corpus file ${prefix}`);
    return found;
  };
  const deepspeed = (prefix: string): Pin[] => file(prefix).pins.filter((p) => p.name === "deepspeed");

  beforeAll(async () => {
    const paths = readdirSync(dir).map((name) => `requirements/${name}`);
    const result = await parseDependencies(paths, async (path) => {
      const name = path.replace(/^requirements\//, "");
      return existsSync(`${dir}${name}`) ? readFileSync(`${dir}${name}`, "utf8") : null;
    });
    files = result.files;
    diagnostics = result.diagnostics;
  });

  it("reads every file, with no diagnostic", () => {
    expect(files.map((f) => [f.path, f.source])).toEqual([
      ["requirements/2afd107-requirements.txt", "requirements"],
      ["requirements/586f514-requirements.txt", "requirements"],
      ["requirements/62aded2-requirements.txt", "requirements"],
      ["requirements/755181b-environment.yml", "conda"],
      ["requirements/a8f7913-pyproject.toml", "pyproject"],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it("62aded2 (HEAD): a PEP 508 direct reference to DeeperSpeed v3.0", () => {
    expect(deepspeed("62aded2")).toHaveLength(1);
    const [pin] = deepspeed("62aded2");
    expect(pin).toMatchObject({
      kind: "vcs",
      provider: "deeperspeed",
      egg: "deepspeed",
      rawName: "deepspeed",
      specifier: null,
    });
    expect(pin?.vcs).toEqual({
      url: "https://github.com/EleutherAI/DeeperSpeed.git",
      ref: "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea",
      refKind: "commit",
      refField: "at",
      repo: { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    });
    expect([loc(pin?.span), loc(pin?.nameSpan), loc(pin?.specifierSpan)]).toEqual([
      "1:1-1:115",
      "1:1-1:10",
      "1:61-1:101",
    ]);
    expect(file("62aded2").pins.map((p) => [p.name, p.kind, p.specifier ?? p.vcs?.ref ?? null])).toEqual([
      ["deepspeed", "vcs", "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea"],
      ["ftfy", "range", ">=6.0.1"],
      ["huggingface-hub", "range", ">=0.11.0"],
      ["jinja2", "exact", "==3.1.4"],
      ["lm-dataformat", "vcs", "4eec05349977071bf67fc072290b95e31c8dd836"],
      ["lm-eval", "range", ">=0.4.0,<=0.4.1"],
      ["mpi4py", "range", ">=3.0.3"],
      ["numpy", "range", "<2.0"],
      ["pybind11", "range", ">=2.6.2"],
      ["regex", "unpinned", null],
      ["sentencepiece", "unpinned", null],
      ["six", "unpinned", null],
      ["tiktoken", "range", ">=0.1.2"],
      ["tokenizers", "range", ">=0.12.1"],
      ["transformers", "exact", "==4.38.0"],
    ]);
  });

  it("586f514: DeeperSpeed main with no ref (unpinned), named by #egg", () => {
    const [pin] = deepspeed("586f514");
    expect(pin).toMatchObject({ kind: "vcs", provider: "deeperspeed", egg: "deepspeed", editable: false });
    expect(pin?.vcs).toMatchObject({ ref: null, refKind: null, refField: null });
    expect([loc(pin?.span), loc(pin?.nameSpan), pin?.specifierSpan]).toEqual(["2:1-2:64", "2:55-2:64", null]);
  });

  it("2afd107: deepspeed==0.3.10 from PyPI, the inline comment ignored", () => {
    const [pin] = deepspeed("2afd107");
    expect(pin).toMatchObject({
      kind: "exact",
      provider: "pypi",
      specifier: "==0.3.10",
      version: "0.3.10",
      marker: null,
    });
    expect([loc(pin?.span), loc(pin?.specifierSpan)]).toEqual(["7:1-7:18", "7:10-7:18"]);
    expect(file("2afd107").pins.map((p) => p.name)).toEqual([
      "pybind11",
      "torch",
      "six",
      "regex",
      "numpy",
      "nltk",
      "deepspeed",
    ]);
  });

  it("a8f7913 pyproject: Poetry git dependency on DeeperSpeed at rev 02e2ebf7", () => {
    const [pin] = deepspeed("a8f7913");
    expect(pin).toMatchObject({ source: "poetry", kind: "vcs", provider: "deeperspeed", egg: null });
    expect(pin?.vcs).toMatchObject({
      url: "https://github.com/EleutherAI/DeeperSpeed.git",
      ref: "02e2ebf7dee6aaab3d89094ed470a4609763c742",
      refKind: "commit",
      refField: "rev",
    });
    expect([loc(pin?.span), loc(pin?.nameSpan), loc(pin?.specifierSpan)]).toEqual([
      "14:1-14:118",
      "14:1-14:10",
      "14:76-14:116",
    ]);
    // `python = "^3.8"` is the interpreter, not a package.
    expect(file("a8f7913").pins.map((p) => p.name)).not.toContain("python");
    expect(file("a8f7913").pins.find((p) => p.name === "ftfy")).toMatchObject({
      kind: "range",
      specifier: "^6.0.1",
      pep440Specifier: ">=6.0.1,<7.0.0",
    });
  });

  it("755181b environment.yml: deepspeed==0.3.9 in the pip section, conda packages around it", () => {
    const [pin] = deepspeed("755181b");
    expect(pin).toMatchObject({
      source: "conda",
      kind: "exact",
      provider: "pypi",
      specifier: "==0.3.9",
      version: "0.3.9",
    });
    expect([loc(pin?.span), loc(pin?.nameSpan), loc(pin?.specifierSpan)]).toEqual([
      "60:7-60:23",
      "60:7-60:16",
      "60:16-60:23",
    ]);
    const pins = file("755181b").pins;
    expect(pins.find((p) => p.name === "torch")).toMatchObject({ kind: "exact", version: "1.7.1" });
    expect(pins.find((p) => p.name === "cudatoolkit")).toMatchObject({
      kind: "exact",
      version: "10.2.89",
      specifier: "=10.2.89=hfd86e86_1",
    });
    expect(pins).toHaveLength(46 + 62);
  });
});
