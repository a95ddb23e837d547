import { parseJsonWithLocations } from "../../../../../src/core/parse/deps/pipfile/json-locate.js";

/** Every location as `path: entry key value [content]`, offsets into the text, in the order recorded. */
function places(text: string): string[] {
  const parsed = parseJsonWithLocations(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return [...parsed.locs].map(([key, l]) => {
    const content = l.content ? ` "${l.content.raw}"@${l.content.start}-${l.content.end}` : "";
    return `${key.split("\u0000").join("/")}: ${l.entryStart}-${l.entryEnd} ${l.keyStart}-${l.keyEnd} ${l.valueStart}-${l.valueEnd}${content}`;
  });
}

describe("parseJsonWithLocations", () => {
  it("places every member and element, innermost first, the document last", () => {
    //            0         1         2         3
    //            0123456789012345678901234567890123456
    const text = '{"a": {"v": "==1.0"}, "b": [1, "x"]}';
    expect(parseJsonWithLocations(text)).toMatchObject({
      ok: true,
      value: { a: { v: "==1.0" }, b: [1, "x"] },
    });
    expect(places(text)).toEqual([
      'a/v: 7-19 8-9 12-19 "==1.0"@13-18',
      "a: 1-20 2-3 6-20",
      "b/0: 28-29 28-29 28-29",
      'b/1: 31-34 31-34 31-34 "x"@32-33',
      "b: 22-35 23-24 27-35",
      ": 0-36 0-36 0-36",
    ]);
  });

  it.each([
    ['{"a": 1,}', "expected a string key", 8],
    ['{"a" 1}', "expected `:`", 5],
    ["[1 2]", "expected `,` or `]`", 3],
    ['"abc', "unterminated string", 0],
    ["{} x", "unexpected text after the JSON value", 3],
    ["[".repeat(100), "JSON nested too deeply", 65],
  ])("says where %j stops being JSON", (text, message, at) => {
    expect(parseJsonWithLocations(text)).toEqual({ ok: false, message, at });
  });
});
