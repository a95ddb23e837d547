import { repoConfigRule } from "../../../src/core/rules/repo-config.js";
import { analyze } from "../../../src/core/analyze.js";
import { memoryWorkspace } from "../../../src/core/memory-workspace.js";
import { brief, runRule } from "../../support/rule-tester.js";

const CONFIG = ".github/neox-check.yml";

describe("NXC001 repo-config", () => {
  it.each([
    ["an unknown fail_on value", "fail_on: errors\n", 1, 10],
    ["an unknown rule setting", "rules:\n  NXC101: loud\n", 2, 11],
    ["an ignore entry without a reason", "ignore:\n  - rule: NXC207\n    path: a/**\n", 2, 5],
    ["an unknown top-level key", "fail-on: error\n", 1, 1],
    ["a malformed rule id", "rules:\n  NXC1: off\n", 2, 3],
    ["an unknown rule id in rules", "fail_on: error\nrules:\n  NXC101: off\n  NXC999: off\n", 4, 3],
    ["an unknown rule id in ignore", "ignore:\n  - rule: NXC998\n    reason: x\n", 2, 11],
    ["a typo in a rule option", "rules:\n  NXC101:\n    options: { unpined: quiet }\n", 3, 16],
    ["a bad rule option value", "rules:\n  NXC302: { options: { packages: deepspeed } }\n", 2, 34],
    ["an unclosed [ in an exclude glob", "exclude:\n  - third_party/**\n  - 'configs/[ab'\n", 3, 5],
    [
      "a lone backslash in an ignore path",
      "ignore:\n  - rule: NXC207\n    path: 'a\\'\n    reason: r\n",
      3,
      11,
    ],
    ["a typo in a setting name", "rules:\n  NXC101: { option: { unpinned: quiet } }\n", 2, 13],
  ])("flags %s at its line and column", async (_name, text, line, column) => {
    const report = await analyze(memoryWorkspace({ [CONFIG]: text }), { today: "2026-11-27" });
    const found = report.findings.filter((f) => f.ruleId === "NXC001");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: "error",
      messageId: "invalid",
      location: { path: CONFIG, line, column },
    });
    expect(report.failed).toBe(true);
  });

  it("flags invalid YAML with the parser's position", async () => {
    const report = await analyze(memoryWorkspace({ [CONFIG]: "rules: {NXC101: off\n" }), {
      today: "2026-11-27",
    });
    const found = report.findings.filter((f) => f.ruleId === "NXC001");
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/not valid YAML/);
  });

  it.each([
    ["no file at all", {}],
    ["an empty file", { [CONFIG]: "" }],
    [
      "a valid file",
      { [CONFIG]: "fail_on: warning\nscope: all\nrules:\n  NXC204: off\n  NXC101: { severity: warning }\n" },
    ],
    [
      "an ignore entry still in force",
      { [CONFIG]: "ignore:\n  - rule: NXC207\n    reason: old\n    until: 2026-11-27\n" },
    ],
  ])("does not flag %s", async (_name, files) => {
    const findings = await runRule(repoConfigRule, { files });
    expect(findings).toEqual([]);
  });

  it("says when an ignore entry has expired (info), and the entry no longer applies", async () => {
    const text = "ignore:\n  - rule: NXC001\n    reason: old\n    until: 2026-11-26\n";
    const report = await analyze(memoryWorkspace({ [CONFIG]: text }), { today: "2026-11-27" });
    const found = report.findings.filter((f) => f.ruleId === "NXC001");
    expect(found.map((f) => ({ ...brief(f), suppressed: f.suppressed }))).toEqual([
      {
        messageId: "expiredIgnore",
        severity: "info",
        certainty: "certain",
        path: CONFIG,
        line: 1,
        column: 1,
        suppressed: null,
      },
    ]);
  });
});
