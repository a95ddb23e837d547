import { diffLinesByPath, headLinesInPatch } from "../../src/github/diff-lines.js";

describe("headLinesInPatch", () => {
  it.each([
    ["no patch (binary or too large)", undefined, []],
    ["an added file", "@@ -0,0 +1,3 @@\n+a\n+b\n+c", [1, 2, 3]],
    ["a removed file", "@@ -1,2 +0,0 @@\n-a\n-b", []],
    ["a change with context", "@@ -3,5 +3,5 @@\n c\n d\n-e\n+E\n f\n g", [3, 4, 5, 6, 7]],
    ["a pure deletion keeps the head numbering", "@@ -1,3 +1,2 @@\n a\n-b\n c", [1, 2]],
    ["two hunks", "@@ -1,2 +1,3 @@\n a\n+b\n c\n@@ -20,2 +21,2 @@\n x\n-y\n+Y", [1, 2, 3, 21, 22]],
    ["a hunk header without counts", "@@ -1 +1 @@\n-a\n+b", [1]],
    [
      "no newline at end of file",
      "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file",
      [1],
    ],
    ["text before the first hunk is ignored", "diff --git a/x b/x\n+++ b/x\n@@ -1 +1 @@\n+z", [1]],
  ])("%s", (_name, patch, expected) => {
    expect([...headLinesInPatch(patch)]).toEqual(expected);
  });

  it("keys the lines by head path", () => {
    const result = diffLinesByPath([
      { filename: "a.txt", patch: "@@ -1 +1 @@\n-x\n+y" },
      { filename: "bin.dat" },
    ]);
    expect(Object.keys(result)).toEqual(["a.txt", "bin.dat"]);
    expect([...(result["a.txt"] ?? [])]).toEqual([1]);
    expect(result["bin.dat"]?.size).toBe(0);
  });
});
