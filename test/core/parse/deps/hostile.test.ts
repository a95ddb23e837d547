import { parseDependencies, parseDependencyFile } from "../../../../src/core/parse/deps/index.js";
import { MAX_TEXT_BYTES } from "../../../../src/core/parse/decode-text.js";
import { MAX_LINE_CHARS, MAX_PINS_PER_FILE } from "../../../../src/core/parse/deps/shared/text.js";
import { dependencySourceFor } from "../../../../src/core/parse/deps/source-for.js";
import { memoryLoader } from "./helpers.js";

const FORMATS = [
  "requirements.txt",
  "constraints.txt",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "environment.yml",
  "Pipfile",
  "Pipfile.lock",
  "poetry.lock",
  "uv.lock",
  "Dockerfile",
];

/** A deterministic pseudo-random string over characters that matter to these parsers. */
function noise(seed: number, length: number): string {
  const alphabet = "ab09 =<>!~@#;:,.[](){}'\"\\/\n\t+-*$`|&^_\u00e9\u{1F600}";
  const chars = [...alphabet];
  let x = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += chars[x % chars.length];
  }
  return out;
}

/** Parses; a hang fails the test through jest's timeout (speed itself is measured by `npm run bench`). */
function timed(path: string, text: string): { file: ReturnType<typeof parseDependencyFile> } {
  return { file: parseDependencyFile(path, text) };
}

describe("hostile input", () => {
  it.each(FORMATS)("%s: binary content is a `binary` diagnostic at the first NUL, nothing else", (path) => {
    const { file } = timed(path, "deepspeed==0.12.6\nab\u0000\u0001\u0002ELF\u00ff");
    expect(file.pins).toEqual([]);
    expect(file.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["binary", 2, 3]]);
  });

  it.each(FORMATS)("%s: 5 MB of text is `too-large`, at once", (path) => {
    const { file } = timed(path, "deepspeed==0.12.6\n".repeat(300_000));
    expect(file.pins).toEqual([]);
    expect(file.diagnostics.map((d) => d.code)).toEqual(["too-large"]);
  });

  // parseDependencyFile turns a parser's throw into an `internal-error` diagnostic, so "nothing escaped"
  // proves nothing: the format's own parser must read the noise, and never crash on it.
  it.each(FORMATS)("%s: random noise is read by its own parser, which never crashes", (path) => {
    for (let seed = 1; seed <= 30; seed++) {
      const { file } = timed(path, noise(seed, 2_000));
      expect(file.path).toBe(path);
      expect(file.source).toBe(dependencySourceFor(path));
      expect(file.diagnostics.filter((d) => d.code === "internal-error")).toEqual([]);
      for (const d of file.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it.each([
    ["a line longer than the cap", "a".repeat(MAX_LINE_CHARS + 10) + "\nsix\n", "line-too-long"],
    ["a very long version", "deepspeed==" + "1".repeat(60_000) + "\n", null],
    ["a very long name", "a".repeat(60_000) + "\n", null],
    ["many slashes", "git+https://" + "/".repeat(60_000) + "\n", null],
    ["nested marker parentheses", "a; " + "(".repeat(60_000) + "\n", "invalid-requirement"],
    ["unclosed extras", "a[" + "b,".repeat(30_000) + "\n", "invalid-requirement"],
    ["many `@`", "a@" + "@".repeat(60_000) + "\n", "invalid-requirement"],
    ["many `#`", "a " + "#".repeat(60_000) + "\n", null],
    ["many quotes in options", "a --hash=" + "'a".repeat(30_000) + "\n", null],
    ["a continuation that never ends", "a\\\n".repeat(100_000), "line-too-long"],
  ])("requirements: %s gives at most a diagnostic, fast", (_title, text, code) => {
    const { file } = timed("requirements.txt", text);
    expect(file.diagnostics.length).toBeLessThanOrEqual(2);
    if (code) expect(file.diagnostics.map((d) => d.code)).toContain(code);
  });

  it("caps the diagnostics of a file that is not a requirements file, and stops reading it", () => {
    const { file } = timed("requirements.txt", "!!!\n".repeat(200_000));
    expect(file.diagnostics).toHaveLength(101);
    expect(file.diagnostics[100]).toMatchObject({ code: "too-many-problems" });
    expect(file.diagnostics[100]?.message).toMatch(/the rest of the file was not read/);
  });

  it("caps the pins of one file", () => {
    const { file } = timed("requirements.txt", "a==1\n".repeat(MAX_PINS_PER_FILE + 10));
    expect(file.pins).toHaveLength(MAX_PINS_PER_FILE);
    expect(file.diagnostics.map((d) => d.code)).toEqual(["too-many-requirements"]);
  });

  it.each([
    ["pyproject.toml", "a = " + "[".repeat(100_000), "invalid-toml"],
    ["Pipfile.lock", "[".repeat(1_000_000), "invalid-json"],
    ["environment.yml", "dependencies: " + "[".repeat(50_000), "invalid-yaml"],
    ["setup.py", "'".repeat(1_000_000), null],
    ["Dockerfile", "RUN pip install \\\n" + "  a \\\n".repeat(100_000), "too-many-requirements"],
  ])("%s: deep nesting or endless tokens", (path, text, code) => {
    const { file } = timed(path, text);
    if (code) expect(file.diagnostics.map((d) => d.code)).toContain(code);
  });

  it("does not expand a YAML alias bomb", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "dependencies: [*d, *d, *d, numpy]",
    ].join("\n");
    const { file } = timed("environment.yml", bomb);
    expect(file.pins.map((p) => p.name)).toEqual(["numpy"]);
  });

  it("reads a byte-order mark as nothing, and columns stay right", () => {
    const { file } = timed("requirements.txt", "\ufeffdeepspeed==0.12.6\n");
    expect(file.pins.map((p) => [p.name, p.span.column, p.specifierSpan?.column])).toEqual([
      ["deepspeed", 1, 10],
    ]);
  });

  it("has limits that real files never reach", () => {
    expect(MAX_TEXT_BYTES).toBeGreaterThanOrEqual(1024 * 1024);
    expect(MAX_PINS_PER_FILE).toBeGreaterThanOrEqual(1000);
  });

  it("survives hostile file names and include paths", async () => {
    const repo = memoryLoader({
      "requirements.txt":
        "-r ../../../../../../etc/passwd\n-r \u202egnp.txt\n-r " + "a/".repeat(5000) + "b.txt\n",
    });
    const { files, diagnostics } = await parseDependencies(
      ["requirements.txt", "../outside.txt", "", "/abs.txt"],
      repo.load,
    );
    expect(files.map((f) => f.path)).toEqual(["requirements.txt"]);
    expect(repo.asked).not.toContain("../outside.txt");
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, "include-outside-repository"],
      [2, "include-not-found"],
      [3, "include-not-found"],
    ]);
  });
});
