import { repoConfigRule } from "../../../src/core/rules/repo-config.js";
import { analyze } from "../../../src/core/analyze.js";
import { memoryWorkspace } from "../../../src/core/memory-workspace.js";
import { brief, checkInvalid, checkValid } from "../../support/rule-tester.js";

const CONFIG = ".github/neox-check.yml";

describe("NXC001 repo-config", () => {
  it.each([
    ["an unknown fail_on value", "fail_on: errors\n", 1, 10, 1, 16],
    ["an unknown rule setting", "rules:\n  NXC101: loud\n", 2, 11, 2, 15],
    ["an ignore entry without a reason", "ignore:\n  - rule: NXC207\n    path: a/**\n", 2, 5, 4, 1],
    ["an unknown top-level key", "fail-on: error\n", 1, 1, 1, 8],
    ["a malformed rule id", "rules:\n  NXC1: off\n", 2, 3, 2, 7],
    ["an unknown rule id in rules", "fail_on: error\nrules:\n  NXC101: off\n  NXC999: off\n", 4, 3, 4, 9],
    ["an unknown rule id in ignore", "ignore:\n  - rule: NXC998\n    reason: x\n", 2, 11, 2, 17],
    ["a typo in a rule option", "rules:\n  NXC101:\n    options: { unpined: quiet }\n", 3, 16, 3, 23],
    ["a bad rule option value", "rules:\n  NXC302: { options: { packages: deepspeed } }\n", 2, 34, 2, 43],
    ["an unclosed [ in an exclude glob", "exclude:\n  - third_party/**\n  - 'configs/[ab'\n", 3, 5, 3, 18],
    [
      "a lone backslash in an ignore path",
      "ignore:\n  - rule: NXC207\n    path: 'a\\'\n    reason: r\n",
      3,
      11,
      3,
      15,
    ],
    ["a typo in a setting name", "rules:\n  NXC101: { option: { unpinned: quiet } }\n", 2, 13, 2, 19],
  ])("flags %s at its line and column", async (_name, text, line, column, endLine, endColumn) => {
    // Through the rule tester: the exact span, the message id, no placeholder left.
    const problems = await checkInvalid(repoConfigRule, {
      files: {},
      config: text,
      errors: [
        {
          messageId: "invalid",
          severity: "error",
          certainty: "certain",
          path: CONFIG,
          line,
          column,
          endLine,
          endColumn,
        },
      ],
    });
    expect(problems).toHaveLength(1);
    // And through analyze, as a run sees it: the same place, and the run fails.
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
    await checkInvalid(repoConfigRule, {
      files: {},
      config: "rules: {NXC101: off\n",
      errors: [
        {
          messageId: "invalid",
          severity: "error",
          certainty: "certain",
          path: CONFIG,
          // The end of the text, where the flow mapping should have closed.
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 2,
          message: /not valid YAML/,
        },
      ],
    });
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
    const text = (files as Record<string, string>)[CONFIG];
    await checkValid(repoConfigRule, { files: {}, ...(text === undefined ? {} : { config: text }) });
  });

  it("says when an ignore entry has expired (info), and the entry no longer applies", async () => {
    const text = "ignore:\n  - rule: NXC001\n    reason: old\n    until: 2026-11-26\n";
    await checkInvalid(repoConfigRule, {
      files: {},
      config: text,
      today: "2026-11-27",
      errors: [
        {
          messageId: "expiredIgnore",
          severity: "info",
          certainty: "certain",
          path: CONFIG,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          message: "expired on 2026-11-26",
        },
      ],
    });
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
