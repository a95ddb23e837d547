import { renderGithubCommands } from "../../src/report/github-commands.js";
import { cleanReportFixture, finding, reportFixture, span } from "../fixtures/report.js";

describe("renderGithubCommands", () => {
  const out = renderGithubCommands(reportFixture);
  const lines = out.trimEnd().split("\n");

  it("matches the snapshot", () => {
    expect(out).toMatchSnapshot();
  });

  it("emits one command per finding in scope, then a summary line", () => {
    expect(lines.filter((l) => l.startsWith("::"))).toHaveLength(3);
    expect(lines.at(-1)).toBe(
      "neox-check: 3 new (2 errors, 1 warning), 1 inherited, 2 suppressed, 1 fixed; failed (fail-on: error)",
    );
  });

  it("writes the location and title as properties", () => {
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=configs\/finetune\.yml,line=3,col=1,endLine=3,endColumn=8,title=NXC101 finetune-bf16-stale-master-weights::/,
      ),
    );
  });

  it.each([
    ["info", "notice"],
    ["warning", "warning"],
    ["error", "error"],
  ] as const)("maps %s to ::%s", (severity, command) => {
    const f = finding({
      ruleId: "NXC1",
      ruleName: "r",
      severity,
      message: "m",
      location: span("a", 1, 1, 2),
      fingerprint: "f",
    });
    expect(renderGithubCommands({ ...cleanReportFixture, findings: [f] })).toMatch(
      new RegExp(`^::${command} `),
    );
  });

  it("escapes %, CR, LF in data and also : and , in properties, so one finding is one line", () => {
    const f = finding({
      ruleId: "NXC208",
      ruleName: "duplicate-key",
      severity: "warning",
      message: "100% sure\r\n::error::forged, really",
      location: span("dir:1/a,b%.yml", 2, 1, 4),
      fingerprint: "f",
    });
    const text = renderGithubCommands({ ...cleanReportFixture, findings: [f] });
    const [command] = text.split("\n");
    expect(command).toMatch(/^::warning file=dir%3A1\/a%2Cb%25\.yml,line=2,/);
    expect(command).toContain("::100%25 sure%0A::error::forged, really%0A");
    expect(text.split("\n").filter((l) => l.startsWith("::"))).toHaveLength(1);
  });
});
