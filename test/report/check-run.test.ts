import type { Report } from "../../src/core/model/index.js";
import { MAX_ANNOTATIONS, renderCheckRun } from "../../src/report/check-run.js";
import { cleanReportFixture, finding, fixtureLineText, reportFixture, span } from "../fixtures/report.js";
import {
  expectNoInjectedHtml,
  expectNoMentions,
  expectNoZeroWidth,
  expectTablesIntact,
} from "./markdown-assertions.js";

const link = { repoUrl: "https://github.com/acme/llm", headSha: "0123456789abcdef0123456789abcdef01234567" };

function manyFindings(count: number): Report {
  const findings = Array.from({ length: count }, (_, i) =>
    finding({
      ruleId: "NXC208",
      ruleName: "duplicate-key",
      severity: "warning",
      message: `key ${i} twice ${"because ".repeat(100)}`,
      location: span(`configs/c${i}.yml`, 1, 1, 4),
      fix: { description: "remove one", edits: [{ span: span("other.txt", i + 1, 1, 2), replacement: "" }] },
      fingerprint: `fp-${i}`,
    }),
  );
  return { ...reportFixture, findings, failed: false };
}

describe("renderCheckRun", () => {
  const output = renderCheckRun(reportFixture, link, { lineText: fixtureLineText });

  it("matches the snapshot", () => {
    expect(output).toMatchSnapshot();
  });

  it("fails when the report fails, and says it in a few words", () => {
    expect(output.conclusion).toBe("failure");
    expect(output.title).toBe("2 new errors, 1 new warning");
    expect(renderCheckRun({ ...reportFixture, failed: false }, link).title).toBe(
      "2 new errors, 1 new warning (not blocking)",
    );
  });

  it.each<[string, Report, string, CheckRunConclusion]>([
    ["clean, no base", cleanReportFixture, "No problems", "success"],
    [
      "only inherited",
      { ...reportFixture, findings: reportFixture.findings.filter((f) => f.status !== "new"), failed: false },
      "No new problems (1 inherited finding)",
      "success",
    ],
    [
      "nothing relevant",
      { ...cleanReportFixture, files: { configs: [], dependencies: [] } },
      "Nothing to check",
      "success",
    ],
  ])("%s -> %j, %s", (_name, report, title, conclusion) => {
    const out = renderCheckRun(report, link);
    expect(out.title).toBe(title);
    expect(out.conclusion).toBe(conclusion);
  });

  it("annotates each line once: the line a root cause's fix changes, then each place it bites", () => {
    const where = output.annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title]);
    expect(where).toEqual([
      ["requirements.txt", 2, "failure", "NXC101 finetune-bf16-stale-master-weights"],
      ["configs/finetune.yml", 3, "failure", "NXC101 finetune-bf16-stale-master-weights"],
      ["configs/finetune.yml", 10, "failure", "NXC224 type-mismatch"],
      ["configs/a|b<img src=x>`@org/team.yml", 3, "warning", "NXC208 duplicate-key"],
    ]);
    const fix = output.annotations[0]!;
    expect(fix).toMatchObject({ start_column: 10, end_column: 17, end_line: 2 });
    expect(fix.message).toContain("Fix: change this line to deepspeed==0.13.0");
    expect(output.annotations[1]!.message).toContain("The cause and its fix: requirements.txt:2.");
    expect(output.annotations[1]!.message).not.toContain("0.13.0");
  });

  it("gives columns only for annotations on one line", () => {
    const multi = renderCheckRun(
      {
        ...cleanReportFixture,
        findings: [
          finding({
            ruleId: "NXC223",
            ruleName: "invalid-yaml",
            severity: "error",
            message: "broken",
            location: span("a.yml", 2, 3, 1, 5),
            fingerprint: "x",
          }),
        ],
        failed: true,
      },
      link,
    );
    expect(multi.annotations).toEqual([
      expect.objectContaining({ start_line: 2, end_line: 5, annotation_level: "failure" }),
    ]);
    expect(multi.annotations[0]).not.toHaveProperty("start_column");
    expect(multi.annotations[0]).not.toHaveProperty("end_column");
  });

  it("gives a line one fix: an inherited root cause on the line a new one fixes yields", () => {
    const findings = reportFixture.findings.map((f) =>
      f.ruleId === "NXC107"
        ? {
            ...f,
            fix: {
              description: "Install DeeperSpeed.",
              edits: [{ span: span("requirements.txt", 2, 1, 18), replacement: "deepspeed @ git+https://x" }],
            },
          }
        : f,
    );
    const out = renderCheckRun({ ...reportFixture, findings }, link, { lineText: fixtureLineText });
    expect(out.text).toContain("**Fix:** this line's fix is the one for NXC101 above (one fix per line).");
    expect(out.text).not.toContain("git+https://x");
    expect(out.text.match(/^\+deepspeed/gm)).toHaveLength(1);
  });

  it("does not annotate suppressed or fixed findings", () => {
    const titles = output.annotations.map((a) => a.title).join(" ");
    expect(titles).not.toMatch(/NXC207|NXC302|NXC102/);
  });

  it("keeps hostile text out of the summary's Markdown", () => {
    expectTablesIntact(output.summary);
    expectNoInjectedHtml(output.summary);
    expectNoMentions(output.summary);
    expectNoInjectedHtml(output.text);
    expectNoMentions(output.text);
  });

  it("stays within GitHub's limits for a huge report", () => {
    const out = renderCheckRun(manyFindings(2000), link);
    expect(out.summary.length).toBeLessThanOrEqual(65535);
    expect(out.text.length).toBeLessThanOrEqual(65535);
    expect(out.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(out.summary).toContain(`more annotations left out (GitHub shows at most ${MAX_ANNOTATIONS} here)`);
    expect(out.text).toMatch(/_Details of \d+ more root causes are left out/);
    expectNoZeroWidth(out.summary + out.text);
    for (const a of out.annotations) {
      expect(a.message.length).toBeLessThanOrEqual(65536);
      expect(a.title.length).toBeLessThanOrEqual(255);
    }
  });

  it("lists file problems in the text", () => {
    expect(output.text).toContain("#### File problems");
    expect(output.text).toContain(
      "configs/broken.yml:4:7 yaml-syntax: Missing , or : between flow map items &lt;img src=x&gt;",
    );
  });
});

type CheckRunConclusion = ReturnType<typeof renderCheckRun>["conclusion"];
