import {
  binaryProblem,
  createTextReads,
  decodeText,
  firstInvalidUtf8,
  MAX_TEXT_BYTES,
  textTooLarge,
  tooLargeProblem,
} from "../../../src/core/parse/decode-text.js";

describe("decodeText", () => {
  it.each<[string, Uint8Array, string]>([
    ["UTF-8 text", Buffer.from("héllo\n"), "héllo\n"],
    ["a byte-order mark is dropped", Buffer.from("\ufeffa: 1"), "a: 1"],
    ["an empty file", new Uint8Array(), ""],
    ["exactly the limit", Buffer.alloc(MAX_TEXT_BYTES, 0x61), "a".repeat(MAX_TEXT_BYTES)],
  ])("%s", (_name, bytes, expected) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text: expected });
  });

  it.each<[string, Uint8Array, string, number, number]>([
    ["a NUL byte means binary", Buffer.from([0x61, 0x00, 0x62]), "binary", 1, 1],
    ["over the limit", Buffer.alloc(MAX_TEXT_BYTES + 1, 0x61), "too-large", 1, 1],
    ["invalid UTF-8 at the start", Buffer.from([0xff, 0xfe, 0x41]), "not-utf8", 1, 1],
    ["Latin-1 on line 3", Buffer.from("a: 1\nb: 2\nname: caf\xe9\n", "latin1"), "not-utf8", 3, 10],
    ["after \\r-only lines", Buffer.from("a: 1\rb: \xe9\r", "latin1"), "not-utf8", 2, 4],
    ["an encoded lone surrogate", Buffer.from([0x61, 0xed, 0xa0, 0x80]), "not-utf8", 1, 2],
    ["a truncated sequence at the end", Buffer.from([0x61, 0xe2, 0x82]), "not-utf8", 1, 2],
  ])("%s", (_name, bytes, code, line, column) => {
    const decoded = decodeText(bytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.problem).toMatchObject({ code, line, column });
  });

  it("names the byte and its offset, as Python's UnicodeDecodeError does", () => {
    const decoded = decodeText(Buffer.from("ok: 1\nname: caf\xe9\n", "latin1"));
    expect(decoded.ok ? null : decoded.problem.message).toContain(
      "byte 0xE9 at byte offset 15 (line 2, column 10)",
    );
  });

  it.each<[number[], number]>([
    [[0x41, 0xc3, 0xa9], -1],
    [[0xc0, 0x80], 0], // overlong
    [[0xe0, 0x80, 0x80], 0], // overlong
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0xf0, 0x9f, 0x98, 0x80, 0x80], 4], // a stray continuation byte
    [[0x41, 0xf8], 1],
  ])("firstInvalidUtf8(%j) is %d", (bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe("textTooLarge", () => {
  it.each<[string, string, number | null]>([
    ["short text", "a: 1\n", null],
    ["exactly the limit in bytes", "a".repeat(MAX_TEXT_BYTES), null],
    ["one byte over", "a".repeat(MAX_TEXT_BYTES + 1), MAX_TEXT_BYTES + 1],
    // 400,000 characters of three bytes each: under the limit in characters, over it in UTF-8 bytes.
    ["multi-byte characters counted as UTF-8", "€".repeat(400_000), 1_200_000],
  ])("%s", (_name, text, size) => {
    const problem = textTooLarge(text);
    if (size === null) expect(problem).toBeNull();
    else expect(problem).toEqual(tooLargeProblem(size));
  });
});

describe("createTextReads", () => {
  it("decodes, refuses by size without loading, and remembers each problem by key", async () => {
    const reads = createTextReads<string>();
    let loads = 0;
    const load = (bytes: Uint8Array) => () => {
      loads += 1;
      return Promise.resolve(bytes);
    };
    expect(await reads.read("ok.yml", 4, load(Buffer.from("a: 1")))).toBe("a: 1");
    expect(await reads.read("big.yml", MAX_TEXT_BYTES + 1, load(Buffer.from("x")))).toBeNull();
    expect(await reads.read("latin1.yml", undefined, load(Buffer.from("caf\xe9", "latin1")))).toBeNull();
    expect(reads.refuse("bin.yml", binaryProblem())).toBeNull();
    expect(loads).toBe(2);
    expect(reads.problem("ok.yml")).toBeNull();
    expect(reads.problem("big.yml")).toEqual(tooLargeProblem(MAX_TEXT_BYTES + 1));
    expect(reads.problem("latin1.yml")).toMatchObject({ code: "not-utf8", line: 1, column: 4 });
    expect(reads.problem("bin.yml")?.code).toBe("binary");
  });
});
