import { findSuppression, parseSuppressions } from "../../../src/core/engine/suppressions.js";

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
  ])("reads %j", (line, rules, reason, file, column) => {
    expect(parseSuppressions(line)).toEqual([{ rules, reason, line: 1, column, file }]);
  });

  it.each([
    ["# neox-check ignore NXC101"],
    ["# neox-check: please ignore NXC101"],
    ["finetune: true"],
    ["# NXC101"],
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
});
