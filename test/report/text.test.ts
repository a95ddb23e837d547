import { renderText } from "../../src/report/text.js";
import { cleanReportFixture, finding, fixtureLineText, reportFixture, span } from "../fixtures/report.js";

const ESC = "\u001b";

describe("renderText", () => {
  const plain = renderText(reportFixture, { color: false, lineText: fixtureLineText });

  it("matches the snapshot", () => {
    expect(plain).toMatchSnapshot();
  });

  it("prints one block per root cause: severity, rule, title, then where it bites and the one fix", () => {
    const lines = plain.split("\n");
    const head = lines.indexOf(
      "error  NXC101  `deepspeed==0.12.6` makes 1 bf16 finetune config train from scratch",
    );
    expect(head).toBeGreaterThanOrEqual(0);
    const block = lines.slice(head, lines.indexOf("", head)).join("\n");
    expect(block).toContain("    cause: requirements.txt:2:10");
    expect(block).toContain("    where (1):\n      configs/finetune.yml:3:1");
    expect(block).toContain("    fix: requirements.txt:2: deepspeed==0.12.6 -> deepspeed==0.13.0");
    expect(block.match(/fix:/g)).toHaveLength(1);
    // Inherited, suppressed and fixed findings are counted, not listed.
    expect(plain).not.toMatch(/NXC107|NXC207|NXC302|NXC102/);
  });

  it("draws a code frame with carets under the span", () => {
    expect(plain).toContain("    10 |     eps: 1e-8\n       |          ^^^^\n");
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
