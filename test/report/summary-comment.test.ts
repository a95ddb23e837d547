import type { Report } from "../../src/core/model/index.js";
import {
  renderResolvedComment,
  renderSummaryComment,
  SUMMARY_MARKER,
} from "../../src/report/summary-comment.js";
import {
  cleanReportFixture,
  finding,
  fixtureLineText,
  reportFixture,
  resolvedReportFixture,
  span,
} from "../fixtures/report.js";
import { expectNoInjectedHtml, expectNoMentions, expectTablesIntact } from "./markdown-assertions.js";

const link = { repoUrl: "https://github.com/acme/llm", headSha: "0123456789abcdef0123456789abcdef01234567" };

describe("renderSummaryComment", () => {
  const body = renderSummaryComment(reportFixture, link, { lineText: fixtureLineText });

  it("matches the snapshot", () => {
    expect(body).toMatchSnapshot();
  });

  it("starts with the hidden marker and then the verdict", () => {
    const [marker, verdict] = body.split("\n");
    expect(marker).toBe(SUMMARY_MARKER);
    expect(SUMMARY_MARKER).toMatch(/^<!--.*-->$/);
    expect(verdict).toBe("### ❌ neox-check: this pull request introduces 2 errors, 1 warning");
  });

  it("orders the table new, inherited, suppressed, fixed", () => {
    const rows = body
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Severity") && !l.startsWith("| ---"));
    const rules = rows.map((r) => /\[(NXC\d+)\]/.exec(r)?.[1]);
    expect(rules).toEqual(["NXC101", "NXC224", "NXC208", "NXC107", "NXC207", "NXC302", "NXC102"]);
    expect(rows[3]).toContain("| inherited |");
    expect(rows[4]).toContain("suppressed (inline: kept for NeoX v1.0)");
    expect(rows[6]).toContain("✅ fixed");
  });

  it("links locations to the exact line at the head SHA, but not fixed ones", () => {
    expect(body).toContain(
      "[configs/finetune.yml:3](https://github.com/acme/llm/blob/0123456789abcdef0123456789abcdef01234567/configs/finetune.yml#L3)",
    );
    expect(body).toContain("| configs/old-resume.yml:4 |");
  });

  it("explains new and inherited findings in collapsible blocks with the fix as a diff", () => {
    expect(body.match(/<details>/g)).toHaveLength(4);
    expect(body).toContain("```diff\n-deepspeed==0.12.6\n+deepspeed==0.13.0\n```");
    expect(body).toContain("```diff\n-    eps: 1e-8\n+    eps: 1.0e-8\n```");
    expect(body).toContain("**Certainty:** unknown: the other file of the set");
    expect(body).toContain("advisory `NXA-2024-0001`");
  });

  it("keeps hostile text from breaking tables, injecting HTML or pinging anyone", () => {
    expectTablesIntact(body);
    expectNoInjectedHtml(body);
    expectNoMentions(body);
  });

  it("without lineText, says where to put which text", () => {
    const plain = renderSummaryComment(reportFixture, link);
    expect(plain).toContain(
      "Suggested change in [requirements.txt:2](https://github.com/acme/llm/blob/0123456789abcdef0123456789abcdef01234567/requirements.txt#L2): replace columns 10–17 with `==0.13.0`",
    );
  });

  it("says so when there is nothing to report", () => {
    const clean = renderSummaryComment(cleanReportFixture, link);
    expect(clean).toContain("### ✅ neox-check: no problems found");
    expect(clean).not.toContain("| Severity");
  });

  it("renders locations without links when there is no repository URL (the CLI)", () => {
    const local = renderSummaryComment(reportFixture, { repoUrl: "", headSha: "" });
    expect(local).not.toContain("](https://github.com/acme");
    expect(local).toContain("| configs/finetune.yml:3 |");
  });

  it("stays within GitHub's comment limit for a huge report, saying what it left out", () => {
    const findings = Array.from({ length: 3000 }, (_, i) =>
      finding({
        ruleId: "NXC224",
        ruleName: "type-mismatch",
        severity: "error",
        message: `value ${i} is wrong | <b>${"x".repeat(300)}</b>\n${"why ".repeat(200)}`,
        location: span(`configs/c${i}.yml`, i + 1, 1, 5),
        fingerprint: `fp-${i}`,
      }),
    );
    const huge: Report = { ...reportFixture, findings };
    const text = renderSummaryComment(huge, link);
    expect(text.length).toBeLessThanOrEqual(65536);
    expect(text).toMatch(/…and \d+ more findings/);
    expect(text).toMatch(/_Details of \d+ more findings are left out to fit in a comment/);
    expectTablesIntact(text);
  });
});

describe("renderResolvedComment", () => {
  const body = renderResolvedComment(resolvedReportFixture, link);

  it("matches the snapshot", () => {
    expect(body).toMatchSnapshot();
  });

  it("carries the marker, says everything is resolved and lists what was fixed", () => {
    expect(body.startsWith(`${SUMMARY_MARKER}\n### ✅ neox-check: all resolved`)).toBe(true);
    expect(body).toContain(
      "resolved as of [`0123456`](https://github.com/acme/llm/commit/0123456789abcdef0123456789abcdef01234567)",
    );
    expect(body).toContain("This pull request fixes 1 finding present on the base:");
    expect(body).toContain("NXC102");
  });

  it("mentions inherited findings that remain", () => {
    const withInherited = renderResolvedComment(
      {
        ...resolvedReportFixture,
        findings: [
          ...resolvedReportFixture.findings,
          ...reportFixture.findings.filter((f) => f.status === "existing" && f.suppressed === null),
        ],
      },
      link,
    );
    expect(withInherited).toContain("1 inherited finding from the base branch remains");
  });
});
