import type { ConfigNode, MapNode } from "../../../src/core/model/config.js";
import { loadYaml11 } from "../../../src/core/parse/yaml11.js";

function rootMap(text: string): MapNode {
  const result = loadYaml11("c.yml", text);
  expect(result.diagnostics.filter((d) => d.code !== "yaml-tag")).toEqual([]);
  if (result.root?.kind !== "map") throw new Error("expected a mapping");
  return result.root;
}

function failure(text: string): { code: string; line: number; column: number; message: string } {
  const result = loadYaml11("c.yml", text);
  expect(result.ok).toBe(false);
  expect(result.root).toBeNull();
  const last = result.diagnostics[result.diagnostics.length - 1];
  if (!last) throw new Error("expected a diagnostic");
  return { code: last.code, line: last.line, column: last.column, message: last.message };
}

function at(node: ConfigNode): [number, number, number, number] {
  return [node.span.line, node.span.column, node.span.endLine, node.span.endColumn];
}

describe("loadYaml11: JSON-style configs", () => {
  const text = [
    "# GPT-2 pretraining setup",
    "{",
    "   # parallelism settings",
    '   "pipe_parallel_size": 1,',
    '   "optimizer": {',
    '     "type": "Adam",',
    '     "params": {',
    '       "lr": 0.0006,',
    '       "betas": [0.9, 0.95,],',
    '       "eps": 1.0e-8,  # trailing comma next',
    "     },",
    "   },",
    '   # "finetune": true,',
    '   "comet_others": {"test_others"},',
    '   "memory_profiling_path": tensorboard,',
    "}",
    "",
  ].join("\n");

  it("loads flow mappings with # comments and trailing commas, as PyYAML does", () => {
    expect(rootMap(text).value).toEqual({
      pipe_parallel_size: 1,
      optimizer: { type: "Adam", params: { lr: 0.0006, betas: [0.9, 0.95], eps: 1e-8 } },
      comet_others: { test_others: null },
      memory_profiling_path: "tensorboard",
    });
  });

  it("does not see a commented-out key", () => {
    expect(rootMap(text).entries.map((e) => e.key)).toEqual([
      "pipe_parallel_size",
      "optimizer",
      "comet_others",
      "memory_profiling_path",
    ]);
  });

  it("keeps exact key and value spans (1-based, end exclusive)", () => {
    const root = rootMap(text);
    expect(at(root)).toEqual([2, 1, 16, 2]);
    const pipe = root.entries[0];
    expect(
      pipe && [pipe.keySpan.line, pipe.keySpan.column, pipe.keySpan.endLine, pipe.keySpan.endColumn],
    ).toEqual([4, 4, 4, 24]);
    expect(pipe && at(pipe.node)).toEqual([4, 26, 4, 27]);
    const optimizer = root.entries[1]?.node;
    expect(optimizer && at(optimizer)).toEqual([5, 17, 12, 5]);
    const params = optimizer?.kind === "map" ? optimizer.entries[1]?.node : undefined;
    const eps = params?.kind === "map" ? params.entries[2] : undefined;
    expect(eps && [eps.keySpan.line, eps.keySpan.column]).toEqual([10, 8]);
    expect(eps?.node.kind === "scalar" && eps.node.raw).toBe("1.0e-8");
    expect(eps && at(eps.node)).toEqual([10, 15, 10, 21]);
    const missing = root.entries[2]?.node;
    const inner = missing?.kind === "map" ? missing.entries[0]?.node : undefined;
    expect(inner && { type: inner.kind === "scalar" && inner.type, at: at(inner) }).toEqual({
      type: "null",
      at: [14, 34, 14, 34],
    });
  });

  it("accepts a comment right after a quoted value or a bracket, as PyYAML does", () => {
    expect(rootMap('{"a": "x",# note\n "b": [1]# note\n}\n').value).toEqual({ a: "x", b: [1] });
  });
});

describe("loadYaml11: line breaks", () => {
  it.each([
    ["\\r (old Mac)", "\r"],
    ["\\r\\n (Windows)", "\r\n"],
    ["NEL", "\x85"],
    ["U+2028", "\u2028"],
    ["U+2029", "\u2029"],
  ])("reads a file whose lines end with %s as PyYAML does, lines counted the same", (_name, eol) => {
    const root = rootMap(["finetune: True", "precision: bfloat16", "bf16:", "  enabled: true", ""].join(eol));
    expect(root.value).toEqual({ finetune: true, precision: "bfloat16", bf16: { enabled: true } });
    expect(root.entries.map((e) => [e.keySpan.line, e.keySpan.column])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    const bf16 = root.entries[2]?.node;
    expect(bf16?.kind === "map" && bf16.entries[0] && at(bf16.entries[0].node)).toEqual([4, 12, 4, 16]);
    // The raw text of a value is the file's own (not rewritten).
    expect(root.entries[1]?.node.kind === "scalar" && root.entries[1].node.raw).toBe("bfloat16");
  });

  it("points a syntax error in a \\r-only file at the line PyYAML names", () => {
    // PyYAML: "expected the node content, but found '<stream end>'", line 3, column 1.
    expect(failure("a: 1\rb: [\r")).toMatchObject({ code: "yaml-syntax", line: 3, column: 1 });
  });
});

describe("loadYaml11: block YAML", () => {
  it("keeps spans of block mappings, sequences and block scalars", () => {
    const root = rootMap("top:\n  - 1\n  - two\nnote: |\n  line\nflow: [a, {b: c}]\n");
    expect(root.value).toEqual({ top: [1, "two"], note: "line\n", flow: ["a", { b: "c" }] });
    const top = root.entries[0]?.node;
    expect(top?.kind === "seq" && top.items.map(at)).toEqual([
      [2, 5, 2, 6],
      [3, 5, 3, 8],
    ]);
    expect(root.entries[1] && at(root.entries[1].node)).toEqual([4, 7, 6, 1]);
  });

  it("keeps every entry of a key written twice; the value is the last one (PyYAML)", () => {
    const root = rootMap('"a": 1\n"b": 2\n"a": 3\n');
    expect(root.value).toEqual({ a: 3, b: 2 });
    expect(root.entries.map((e) => [e.key, e.keySpan.line])).toEqual([
      ["a", 1],
      ["b", 2],
      ["a", 3],
    ]);
  });

  it("merges `<<` keys as PyYAML does: merged first, explicit keys win, the first listed source wins", () => {
    const root = rootMap(
      [
        "base: &base {p: 1, q: 2}",
        "one:",
        "  <<: *base",
        "  q: 3",
        "two:",
        "  <<: [{p: 1}, {p: 2, r: 3}]",
        "  r: 4",
      ].join("\n"),
    );
    expect(root.value).toEqual({ base: { p: 1, q: 2 }, one: { p: 1, q: 3 }, two: { p: 1, r: 4 } });
    const one = root.entries[1]?.node;
    expect(one?.kind === "map" && one.entries.map((e) => [e.key, e.keySpan.line])).toEqual([
      ["p", 1],
      ["q", 1],
      ["q", 4],
    ]);
  });

  it("follows aliases; the alias keeps its own span", () => {
    const root = rootMap("a: &x [1, 2]\nb: *x\n");
    expect(root.value).toEqual({ a: [1, 2], b: [1, 2] });
    expect(root.entries[1] && at(root.entries[1].node)).toEqual([2, 4, 2, 6]);
  });

  it("reads a flow sequence entry `a: 1` as a one-pair mapping", () => {
    const result = loadYaml11("c.yml", "[a: 1, b]");
    expect(result.root?.value).toEqual([{ a: 1 }, "b"]);
  });

  it("gives null for an empty document, like yaml.load", () => {
    expect(loadYaml11("c.yml", "# only a comment\n")).toMatchObject({
      ok: true,
      root: null,
      diagnostics: [],
    });
    expect(loadYaml11("c.yml", "")).toMatchObject({ ok: true, root: null, diagnostics: [] });
  });

  it("reads tags it can only approximate, with a note", () => {
    const result = loadYaml11("c.yml", "a: !!python/tuple [1, 2]\nb: !!set {x}\n");
    expect(result.ok).toBe(true);
    expect(result.root?.value).toEqual({ a: [1, 2], b: { x: null } });
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["yaml-tag", 1],
      ["yaml-tag", 2],
    ]);
  });
});

describe("loadYaml11: YAML PyYAML cannot load", () => {
  it.each([
    // a missing comma inside a flow mapping, the usual mistake in NeoX's JSON-style configs: PyYAML
    // reports the `:` of the key that swallowed the line break
    ['{\n  "a": 1\n  "b": 2\n}\n', 3, 6, /single line/],
    // a stray line of text inside `{...}`, which the `yaml` package alone would accept
    ['{\n  "a": 1,\n  stray text\n  "b": 2,\n}\n', 4, 6, /a key of this mapping spans lines/],
    ['{"a": {"b": 1}', 1, 15, /Flow map must end with a \}/],
    ['key: "unterminated\n', 2, 1, /Missing closing "quote/],
    // Where PyYAML reports it: at the second `:`, not at the start of the value
    ["a: b: c\n", 1, 5, /Nested mappings/],
    ['{"a": "x" "b"}', 1, 11, /Unexpected double-quoted-scalar/],
    ["a: @x\n", 1, 4, /reserved character @/],
    // PyYAML rejects a tab wherever it looks for a token; the `yaml` package accepts most of these
    ["a:\t1\n", 1, 3, /found character '\\t' that cannot start any token/],
    ["a: 1\t\n", 1, 5, /'\\t'/],
    ["a: x\ty\n", 1, 5, /'\\t'/],
    ['{\n  "a": 1,\n\t"b": 2,\n}\n', 3, 1, /'\\t'/],
    ['{"a": 1,\t"b": 2}', 1, 9, /'\\t'/],
    ["a: |\n\tx\n", 2, 1, /'\\t'/],
    ["a: 1\n---\nb: 2\n", 2, 1, /expected a single document/],
    ["a: 1\n---\n", 2, 1, /expected a single document/],
    ["a: &x 1\nb: *y\n", 2, 4, /found undefined alias 'y'/],
    ["[1, 2]: x\n", 1, 1, /found unhashable key/],
    ["<<: 1\n", 1, 5, /expected a mapping or list of mappings for merging/],
    ["a: \u0007\n", 1, 4, /unacceptable character #x0007: special characters are not allowed/],
    ["a: \ufffe\n", 1, 4, /unacceptable character #xFFFE/],
  ])("%j fails at %i:%i", (text, line, column, message) => {
    const problem = failure(text);
    expect(problem).toMatchObject({ code: "yaml-syntax", line, column });
    expect(problem.message).toMatch(message);
  });

  it.each([
    ['a: "x\ty"\n', { a: "x\ty" }],
    ["# a\tcomment\na: 1\n", { a: 1 }],
    ["a: |\n \tx\n", { a: "\tx\n" }],
  ])("accepts tabs inside quotes, comments and block text: %j", (text, value) => {
    expect(rootMap(text).value).toEqual(value);
  });
});

describe("loadYaml11: hostile input", () => {
  const billionLaughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...["b", "c", "d", "e", "f", "g", "h", "i", "j"].map(
      (name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghij"[i]}`).join(",")}]`,
    ),
  ].join("\n");

  it("stops a billion-laughs document quickly, with a diagnostic", () => {
    const problem = failure(billionLaughs);
    expect(problem).toMatchObject({ code: "yaml-limit", line: 6, column: 7 });
    expect(problem.message).toMatch(/expands to more than 100000 nodes/);
  });

  it("limits the number of aliases", () => {
    const text = `a: &x 1\nb: [${Array(1001).fill("*x").join(",")}]\n`;
    expect(failure(text)).toMatchObject({ code: "yaml-limit", line: 2, column: 3005 });
  });

  it("refuses an alias to the node that contains it", () => {
    expect(failure("a: &x [*x]\n")).toMatchObject({ code: "yaml-limit", line: 1, column: 8 });
  });

  it.each([
    ["deep brackets", "[".repeat(100_000), /brackets nest more than 64 levels/],
    ["deep braces", "{".repeat(100_000), /brackets nest more than 64 levels/],
    [
      "deep blocks",
      Array.from({ length: 100 }, (_, i) => `${" ".repeat(i)}k:`).join("\n"),
      /nest more than 64/,
    ],
    ["a huge file", `a: ${"x".repeat(200_000)}`, /neox-check reads configs of at most 131072/],
  ])("refuses %s quickly", (_name, text, message) => {
    const problem = failure(text);
    expect(problem.code).toBe("yaml-limit");
    expect(problem.message).toMatch(message);
  });

  it("says a file with NUL bytes is binary", () => {
    expect(failure("\u0089PNG\r\n\u001a\n\u0000\u0000")).toMatchObject({
      code: "binary",
      line: 3,
      column: 1,
    });
  });

  it("reads random text without crashing (no `yaml-limit` on short text)", () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = " \n\t{}[],:#&*!|>-?\"'%@`~0123456789.eExyz_\\\u00e9\u0000\u0007";
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 200);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)] ?? "";
      const result = loadYaml11("r.yml", text);
      expect(result.ok || result.diagnostics.length > 0).toBe(true);
      // loadYaml11 turns its own crash into a `yaml-limit` diagnostic; a short text is under every
      // limit, so that code here means the reader crashed.
      expect(result.diagnostics.filter((d) => d.code === "yaml-limit")).toEqual([]);
      for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});
