import { decodeBackslashEscapes } from "../../../../../src/core/parse/deps/shared/backslash-escapes.js";

const PY = { n: "\n", t: "\t", "\\": "\\", "'": "'", '"': '"', "\n": "" };
const TOML = { b: "\b", e: "\u001b", n: "\n", '"': '"', "\\": "\\" };

describe("decodeBackslashEscapes", () => {
  it.each([
    ["plain", "plain", PY],
    ["deepspeed\\x3d=1", "deepspeed==1", PY],
    ["a\\tb\\\\c", "a\tb\\c", PY],
    ["line\\\ncontinued", "linecontinued", PY],
    ["\\u00e9\\U0001F600", "é😀", PY],
    // Unknown escapes, short or non-hex digits and code points past U+10FFFF stay as written.
    ["\\q", "\\q", PY],
    ["\\b", "\\b", PY],
    ["\\x4", "\\x4", PY],
    ["\\u41", "\\u41", TOML],
    ["\\xzz", "\\xzz", PY],
    ["\\U00110000", "\\U00110000", TOML],
    ["end\\", "end\\", PY],
    ["\\b\\e\\u0041", "\b\u001bA", TOML],
    ["\\'", "\\'", TOML],
  ])("%j -> %j", (body, expected, table) => {
    expect(decodeBackslashEscapes(body, table)).toBe(expected);
  });
});
