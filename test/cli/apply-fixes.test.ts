import { applyEdits } from "../../src/cli/apply-fixes.js";
import type { TextEdit } from "../../src/core/model/index.js";

/** Replaces `0.12.6` on line 2 (columns 12 to 18, end exclusive), as a fix of a pin would. */
const EDIT: TextEdit = {
  span: { path: "requirements.txt", line: 2, column: 12, endLine: 2, endColumn: 18 },
  replacement: "0.13.0",
};

describe("applyEdits", () => {
  it.each`
    name                    | eol
    ${"\\n"}                | ${"\n"}
    ${"\\r\\n"}             | ${"\r\n"}
    ${"\\r only (old Mac)"} | ${"\r"}
  `("numbers lines as the parsers do, with $name line endings", ({ eol }) => {
    const text = ["numpy", "deepspeed==0.12.6", "torch"].join(eol as string) + (eol as string);
    const { result, applied, skipped } = applyEdits(text, [EDIT]);
    expect({ applied: applied.length, skipped }).toEqual({ applied: 1, skipped: 0 });
    expect(result).toBe(["numpy", "deepspeed==0.13.0", "torch"].join(eol as string) + (eol as string));
  });

  it("skips an edit that runs past the end of its line", () => {
    const past = { ...EDIT, span: { ...EDIT.span, column: 18, endColumn: 20 } };
    expect(applyEdits("numpy\r\ndeepspeed==0.12.6\r\n", [past]).skipped).toBe(1);
  });
});
