import type { Report } from "../../src/core/model/index.js";
import {
  COMMENT_BUDGET,
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
import {
  expectNoInjectedHtml,
  expectNoMentions,
  expectNoZeroWidth,
  expectTablesIntact,
  tableCells,
} from "./markdown-assertions.js";

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

  it("has one row per root cause this pull request introduced (verdict, what, where), inherited only as a count", () => {
    const rows = body
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| ---") && !l.startsWith("| | "));
    const rules = rows.map((r) => /\[(NXC\d+)\]/.exec(r)?.[1]);
    expect(rules).toEqual(["NXC101", "NXC224", "NXC208"]);
    expect(body).toContain("| | What this pull request introduces | Where |");
    for (const row of rows) expect(tableCells(row)).toHaveLength(3);
    expect(body).toContain(
      "1 inherited finding from the base branch is not from this pull request: see [the check run](https://github.com/acme/llm/commit/0123456789abcdef0123456789abcdef01234567/checks).",
    );
    expect(body).not.toContain("NXC207");
  });

  it("links locations to the exact line at the head SHA", () => {
    expect(body).toContain(
      "[configs/finetune.yml:3](https://github.com/acme/llm/blob/0123456789abcdef0123456789abcdef01234567/configs/finetune.yml#L3)",
    );
  });

  it("explains each root cause once in a collapsible block, with its one fix as a diff", () => {
    expect(body.match(/<details>/g)).toHaveLength(3);
    expect(body.match(/```diff/g)).toHaveLength(2);
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

  it("without lineText, says how to fix in words", () => {
    const plain = renderSummaryComment(reportFixture, link);
    expect(plain).toContain("**How to fix:**");
    expect(plain).not.toContain("```diff");
  });

  it("says so when there is nothing to report", () => {
    const clean = renderSummaryComment(cleanReportFixture, link);
    expect(clean).toContain("### ✅ neox-check: no problems found");
    expect(clean).not.toContain("| Severity");
  });

  it("renders locations without links when there is no repository URL (the CLI)", () => {
    const local = renderSummaryComment(reportFixture, { repoUrl: "", headSha: "" });
    expect(local).not.toContain("](https://github.com/acme");
    expect(local).toContain("configs/finetune.yml:3");
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
    expect(text.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(text).toMatch(/\*\*\d+ more entries in \[the check run\]\(https:/);
    expectTablesIntact(text);
    expectNoZeroWidth(text);
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
    expect(body).toContain("| | Also fixed: present on the base branch | Where |");
    expect(body).toContain("NXC102");
  });

  it("says what was fixed: the entries of the comment it replaces", () => {
    const before = renderSummaryComment(reportFixture, link, { lineText: fixtureLineText });
    const resolved = renderResolvedComment(cleanReportFixture, link, { previous: before });
    expect(resolved).toContain("Fixed:");
    expect(resolved.match(/^- ✅ /gm)).toHaveLength(3);
    expect(resolved).toContain("`deepspeed==0.12.6`");
    expect(resolved).not.toContain("inherited");
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
    expect(withInherited).toContain(
      "1 inherited finding from the base branch remains, not introduced by this pull request",
    );
    expect(withInherited).not.toContain("NXC207");
  });
});
