import {
  lastAtOrBefore,
  lineSlices,
  lineStarts,
  newlineBreakAt,
  positionIn,
} from "../../../src/core/parse/line-breaks.js";

describe("line indexing", () => {
  it.each`
    text                     | pyyaml          | newline
    ${"a\nb"}                | ${[0, 2]}       | ${[0, 2]}
    ${"a\r\nb\rc"}           | ${[0, 3, 5]}    | ${[0, 3, 5]}
    ${"a\u2028b\x85c\u2029"} | ${[0, 2, 4, 6]} | ${[0]}
  `("starts lines of %# where PyYAML does, and where dependency files do", ({ text, pyyaml, newline }) => {
    expect(lineStarts(text as string)).toEqual(pyyaml);
    expect(lineStarts(text as string, newlineBreakAt)).toEqual(newline);
  });

  it("slices lines without their breaks, with their offsets", () => {
    expect(lineSlices("ab\r\ncd\re\n")).toEqual([
      { text: "ab", start: 0 },
      { text: "cd", start: 4 },
      { text: "e", start: 7 },
      { text: "", start: 9 },
    ]);
  });

  it.each`
    offset | line | column
    ${0}   | ${1} | ${1}
    ${2}   | ${1} | ${3}
    ${3}   | ${2} | ${1}
    ${7}   | ${3} | ${2}
  `("puts offset $offset of `ab\\ncd\\nef` on line $line, column $column", ({ offset, line, column }) => {
    expect(positionIn(lineStarts("ab\ncd\nef"), offset as number)).toEqual({ line, column });
  });

  it("finds the last of equal starts (empty pieces)", () => {
    expect(lastAtOrBefore([0, 2, 2, 5], 2)).toBe(2);
    expect(lastAtOrBefore([0, 2, 2, 5], 1)).toBe(0);
    expect(lastAtOrBefore([0, 2, 2, 5], 9)).toBe(3);
  });
});
