import { findSuppression, parseSuppressions, type ScanWork } from "../../../src/core/engine/suppressions.js";

describe("parseSuppressions", () => {
  it.each([
    ["# neox-check: ignore NXC101 -- cluster runs 0.13", ["NXC101"], "cluster runs 0.13", false, 1],
    [
      "finetune: true  # neox-check: ignore NXC101, NXC220 -- reviewed",
      ["NXC101", "NXC220"],
      "reviewed",
      false,
      17,
    ],
    [
      "deepspeed==0.12.6 # neox-check: ignore NXC101 NXC102",
      ["NXC101", "NXC102"],
      "no reason given",
      false,
      19,
    ],
    ["# neox-check: ignore", ["*"], "no reason given", false, 1],
    [
      "# neox-check: ignore-file NXC207 -- Pythia runs NeoX v1.0",
      ["NXC207"],
      "Pythia runs NeoX v1.0",
      true,
      1,
    ],
    ["#neox-check:ignore * -- everything", ["*"], "everything", false, 1],
    ["# neox-check: ignore,NXC101,*", ["NXC101", "*"], "no reason given", false, 1],
    ["# neox-check: ignore NXC101--tight", ["NXC101"], "tight", false, 1],
    ["# neox-check: ignore --   spaced out  \t", ["*"], "spaced out", false, 1],
    ["# neox-check: ignore -- ", ["*"], "no reason given", false, 1],
    ["url#egg=x # neox-check: ignore NXC301", ["NXC301"], "no reason given", false, 11],
    ["# neox-check: ignore-file", ["*"], "no reason given", true, 1],
    ["a: 1 \u00a0# neox-check:\u00a0ignore", ["*"], "no reason given", false, 7],
  ])("reads %j", (line, rules, reason, file, column) => {
    expect(parseSuppressions(line)).toEqual([{ rules, reason, line: 1, column, file }]);
  });

  it.each([
    ["# neox-check ignore NXC101"],
    ["# neox-check: please ignore NXC101"],
    ["finetune: true"],
    ["# NXC101"],
    ["# neox-check: ignore NXC1011"],
    ["# neox-check: ignore NXC101,"],
    ["# neox-check: ignore-files"],
    ["# neox-check: ignore NXC101 because"],
    ["neox-check: ignore NXC101"],
  ])("ignores %j", (line) => {
    expect(parseSuppressions(line)).toEqual([]);
  });

  it("finds the directive on the line or the line above, not two above", () => {
    const text = "a: 1\n# neox-check: ignore NXC101 -- ok\nfinetune: true\n\nb: 2\n";
    const found = parseSuppressions(text);
    expect(findSuppression(found, "NXC101", 3)?.reason).toBe("ok");
    expect(findSuppression(found, "NXC101", 2)?.reason).toBe("ok");
    expect(findSuppression(found, "NXC101", 4)).toBeNull();
    expect(findSuppression(found, "NXC102", 3)).toBeNull();
  });

  it("applies ignore-file to every line", () => {
    const found = parseSuppressions("x: 1\n# neox-check: ignore-file NXC207 -- old\n");
    expect(findSuppression(found, "NXC207", 400)?.file).toBe(true);
  });

  it("counts lines as PyYAML does: \\r, \\r\\n, \\n, NEL and the Unicode separators", () => {
    const text =
      "a: 1\r# neox-check: ignore NXC101\r\nb: 2\x85c: 3\u2028# neox-check: ignore-file NXC102\u2029";
    expect(parseSuppressions(text).map((s) => [s.line, s.rules])).toEqual([
      [2, ["NXC101"]],
      [5, ["NXC102"]],
    ]);
  });

  it("keeps the reason's inner text and the column of the first # that starts a directive", () => {
    const [found] = parseSuppressions("x: 1  # not this # neox-check: ignore NXC101 -- a # b");
    expect(found).toMatchObject({ column: 18, reason: "a # b", rules: ["NXC101"] });
  });
});

/**
 * Linear time without timing: the scan counts the characters it looks at (`ScanWork.steps`). Doubling
 * a hostile input must at most about double the count. The old regex took minutes on a directive
 * followed by a million spaces; its work grew with the square of the spaces.
 */
describe("suppression scan work", () => {
  const steps = (text: string): number => {
    const work: ScanWork = { steps: 0 };
    parseSuppressions(text, work);
    return work.steps;
  };

  it.each([
    ["a directive followed by spaces", (n: number) => `deepspeed  # neox-check: ignore${" ".repeat(n)}x`],
    ["spaces, then a reason", (n: number) => `# neox-check: ignore -- ${" ".repeat(n)}r${" ".repeat(n)}`],
    ["many # on one line", (n: number) => `${"# neox-check: ignore NXC101 ".repeat(n)}?`],
    ["rule ids without end", (n: number) => `# neox-check: ignore ${"NXC101 ,".repeat(n)}`],
    ["many lines, one marker at the end", (n: number) => `${"a: 1\r".repeat(n)}# neox-check: ignore`],
    ["markers on every line", (n: number) => "#neox-check:ignore-file,*,*,* x\n".repeat(n)],
  ])("%s", (_name, make) => {
    const sizes = [10_000, 20_000, 40_000, 80_000];
    const counts = sizes.map((n) => steps(make(n)));
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i] as number).toBeLessThanOrEqual(2.1 * (counts[i - 1] as number));
    }
    for (const [i, n] of sizes.entries()) {
      expect(counts[i] as number).toBeLessThanOrEqual(4 * make(n).length);
    }
  });

  it("reads a directive followed by a million spaces as a directive that does not fit", () => {
    expect(parseSuppressions(`deepspeed  # neox-check: ignore${" ".repeat(1_000_000)}x`)).toEqual([]);
    expect(parseSuppressions(`deepspeed  # neox-check: ignore${" ".repeat(1_000_000)}`)).toHaveLength(1);
  });
});
