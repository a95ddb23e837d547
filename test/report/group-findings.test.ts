import type { ReportedFinding } from "../../src/core/model/index.js";
import { causeElsewhere, groupFindings, groupTitle } from "../../src/report/group-findings.js";
import { finding, span } from "../fixtures/report.js";

const PIN = span("requirements.txt", 1, 10, 18);
const pinLine = (path: string, line: number): string | null =>
  path === "requirements.txt" && line === 1 ? "deepspeed==0.12.6" : null;

function stale(config: string, replacement = "==0.13.0"): ReportedFinding {
  return finding({
    ruleId: "NXC101",
    ruleName: "finetune-bf16-stale-master-weights",
    severity: "error",
    messageId: "affected",
    message: "`finetune: true` loads a checkpoint in bf16 on deepspeed==0.12.6. It trains from scratch.",
    location: span(config, 3, 11, 15),
    fix: { description: "Pin 0.13.0.", edits: [{ span: PIN, replacement }] },
    fingerprint: `101-${config}`,
  });
}

function unknownKey(config: string, line: number, key = "foo"): ReportedFinding {
  return finding({
    ruleId: "NXC207",
    ruleName: "unknown-key",
    severity: "error",
    messageId: "unknown",
    message: `\`${key}\` is not a GPT-NeoX argument: the run stops at startup.`,
    location: span(config, line, 1, 4),
    fingerprint: `207-${config}-${key}`,
  });
}

describe("groupFindings", () => {
  it("makes one root cause of one pin that endangers many configs, the cause at the pin", () => {
    const findings = ["configs/a.yml", "configs/b.yml", "configs/c.yml"].map((c) => stale(c));
    const groups = groupFindings(findings);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group!.findings).toHaveLength(3);
    expect(group!.anchor).toEqual(PIN);
    expect(causeElsewhere(group!)).toBe(true);
    expect(groupTitle(group!, pinLine)).toBe(
      "`deepspeed==0.12.6` makes 3 bf16 finetune configs train from scratch",
    );
  });

  it("makes one root cause of one unknown key in many files, and keeps other keys apart", () => {
    const findings = [
      unknownKey("a.yml", 4),
      unknownKey("b.yml", 9),
      unknownKey("c.yml", 2),
      unknownKey("c.yml", 5, "bar"),
    ];
    const groups = groupFindings(findings);
    expect(groups.map((g) => g.findings.length)).toEqual([3, 1]);
    expect(groupTitle(groups[0]!)).toBe("`foo` is not a GPT-NeoX argument (in 3 configs)");
  });

  it("joins findings on the same line (a renamed key that also breaks a derived check)", () => {
    const renamed = finding({
      ruleId: "NXC207",
      ruleName: "unknown-key",
      severity: "error",
      messageId: "renamed",
      message: "`save_interval` was renamed to `checkpoint_factor`.",
      location: span("a.yml", 7, 1, 14),
      fix: {
        description: "Rename it.",
        edits: [{ span: span("a.yml", 7, 1, 14), replacement: "checkpoint_factor" }],
      },
      fingerprint: "renamed",
    });
    const derived = finding({
      ruleId: "NXC206",
      ruleName: "checkpoint-save-settings",
      severity: "warning",
      message: "`save` is set but no checkpoint interval is.",
      location: span("a.yml", 7, 1, 14),
      fingerprint: "derived",
    });
    const groups = groupFindings([derived, renamed]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.lead).toBe(renamed);
    expect(groups[0]!.yielded).toEqual([]);
  });

  it("gives a line one fix: errors agree on the newest pin, a weaker contradicting fix yields", () => {
    const older = stale("a.yml");
    const newer = { ...stale("b.yml", "==0.14.0"), ruleId: "NXC102", messageId: "x", fingerprint: "102" };
    const fork = finding({
      ruleId: "NXC107",
      ruleName: "upstream-deepspeed-for-neox",
      severity: "warning",
      message: "Install DeeperSpeed.",
      location: PIN,
      fix: { description: "Install DeeperSpeed.", edits: [{ span: PIN, replacement: " @ git+https://x" }] },
      fingerprint: "107",
    });
    const [group, ...rest] = groupFindings([fork, older, newer]);
    expect(rest).toEqual([]);
    expect(group!.edits.map((e) => e.replacement)).toEqual(["==0.14.0"]);
    expect(group!.yielded).toEqual([fork]);
  });

  it("does not depend on the input order", () => {
    const findings = [stale("a.yml"), unknownKey("a.yml", 4), stale("b.yml"), unknownKey("b.yml", 9)];
    const ids = (list: ReportedFinding[]) =>
      groupFindings(list).map((g) => g.findings.map((f) => f.fingerprint));
    expect(ids([...findings].reverse())).toEqual(ids(findings));
  });
});
