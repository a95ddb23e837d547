import { bySeverity, failsAt, SEVERITIES, severityRank } from "../../../src/core/engine/severity.js";
import type { Severity } from "../../../src/core/model/index.js";

describe("severity order", () => {
  it("ranks error over warning over info, and sorts most severe first", () => {
    expect(SEVERITIES.map(severityRank)).toEqual([2, 1, 0]);
    expect((["info", "error", "warning", "info"] as Severity[]).sort(bySeverity)).toEqual([
      "error",
      "warning",
      "info",
      "info",
    ]);
  });

  it.each`
    severity     | failOn       | fails
    ${"error"}   | ${"error"}   | ${true}
    ${"warning"} | ${"error"}   | ${false}
    ${"info"}    | ${"error"}   | ${false}
    ${"error"}   | ${"warning"} | ${true}
    ${"warning"} | ${"warning"} | ${true}
    ${"info"}    | ${"warning"} | ${false}
    ${"error"}   | ${"never"}   | ${false}
  `("a $severity fails fail_on: $failOn: $fails", ({ severity, failOn, fails }) => {
    expect(failsAt(severity as Severity, failOn as "error" | "warning" | "never")).toBe(fails);
  });
});
