import { renderText } from "../../src/report/text.js";
import { cleanReportFixture, finding, fixtureLineText, reportFixture, span } from "../fixtures/report.js";

const ESC = "\u001b";

describe("renderText", () => {
  const plain = renderText(reportFixture, { color: false, lineText: fixtureLineText });

  it("matches the snapshot", () => {
    expect(plain).toMatchSnapshot();
  });

  it("groups findings in scope by file as `line:col  severity  message  RULE`", () => {
    const lines = plain.split("\n");
    const finetune = lines.indexOf("configs/finetune.yml");
    expect(finetune).toBeGreaterThan(0);
    expect(lines[finetune + 1]).toMatch(
      /^ {2}3:1 {4}error {2}`finetune: true` with bf16 on deepspeed 0\.12\.6 trains from stale fp32 master weights\. {2}NXC101$/,
    );
    // Inherited, suppressed and fixed findings are counted, not listed.
    expect(plain).not.toMatch(/NXC107|NXC207|NXC302|NXC102/);
  });

  it("draws a code frame with carets under the span", () => {
    expect(plain).toContain("                10 |     eps: 1e-8\n                   |          ^^^^\n");
  });

  it("ends with the counts and the verdict", () => {
    expect(plain.trimEnd().split("\n").at(-1)).toBe(
      "3 new (2 errors, 1 warning), 1 inherited, 2 suppressed, 1 fixed — failed (fail-on: error)",
    );
    expect(renderText(cleanReportFixture, { color: false }).trimEnd()).toBe(
      "0 findings, 0 suppressed — passed (fail-on: error)",
    );
  });

  it("colours only when asked", () => {
    expect(plain).not.toContain(ESC);
    const coloured = renderText(reportFixture, { color: true, lineText: fixtureLineText });
    expect(coloured).toContain(`${ESC}[31merror`);
    expect(coloured.replace(new RegExp(`${ESC}\\[\\d+m`, "g"), "")).toBe(plain);
  });

  it("strips terminal escape sequences from user text", () => {
    const nasty = finding({
      ruleId: "NXC208",
      ruleName: "duplicate-key",
      severity: "warning",
      message: `evil ${ESC}[2J${ESC}]0;title\u0007 message`,
      location: span(`x${ESC}[31m.yml`, 1, 1, 2),
      fingerprint: "n",
    });
    const out = renderText(
      { ...cleanReportFixture, findings: [nasty] },
      { color: false, lineText: () => `line ${ESC}[1A` },
    );
    expect(out).not.toContain(ESC);
    expect(out).not.toContain("\u0007");
  });

  it("cuts very long lines in the code frame around the span", () => {
    const long = finding({
      ruleId: "NXC224",
      ruleName: "type-mismatch",
      severity: "error",
      message: "m",
      location: span("a.yml", 1, 501, 505),
      fingerprint: "l",
    });
    const out = renderText(
      { ...cleanReportFixture, findings: [long], failed: true },
      { color: false, lineText: () => `${"a".repeat(500)}BBBB${"c".repeat(500)}` },
    );
    const frame = out.split("\n").filter((l) => l.includes(" | "));
    expect(frame[0]!.length).toBeLessThan(220);
    const caretLine = frame[1]!;
    const codeLine = frame[0]!;
    expect(codeLine.slice(caretLine.indexOf("^"), caretLine.lastIndexOf("^") + 1)).toBe("BBBB");
  });
});
