import { renderJson, REPORT_JSON_VERSION, type ReportJson } from "../../src/report/json.js";
import { cleanReportFixture, finetuneFinding, reportFixture } from "../fixtures/report.js";

describe("renderJson", () => {
  const text = renderJson(reportFixture);
  const json = JSON.parse(text) as ReportJson;

  it("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  it("carries the contract's version and top-level fields", () => {
    expect(json.version).toBe(REPORT_JSON_VERSION);
    expect(Object.keys(json)).toEqual([
      "version",
      "failed",
      "failOn",
      "scope",
      "compared",
      "counts",
      "files",
      "findings",
      "diagnostics",
    ]);
    expect(json.counts).toEqual({
      new: 3,
      existing: 1,
      suppressed: 2,
      fixed: 1,
      errors: 2,
      warnings: 1,
      infos: 0,
    });
  });

  it("keeps every field of every finding, with null for what is absent", () => {
    expect(json.findings).toHaveLength(reportFixture.findings.length);
    const first = json.findings[0]!;
    expect(first).toEqual({
      ruleId: "NXC101",
      ruleName: "finetune-bf16-stale-master-weights",
      severity: "error",
      status: "new",
      messageId: "affected",
      message: finetuneFinding.message,
      location: finetuneFinding.location,
      related: finetuneFinding.related,
      advisory: "NXA-2024-0001",
      certainty: { level: "certain", detail: null },
      fix: finetuneFinding.fix,
      suppressed: null,
      fingerprint: finetuneFinding.fingerprint,
      group: finetuneFinding.fingerprint,
      docsUrl: finetuneFinding.docsUrl,
    });
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(Object.keys(first));
    }
  });

  it("orders findings new, inherited, suppressed, fixed", () => {
    expect(json.findings.map((f) => [f.status, f.suppressed === null])).toEqual([
      ["new", true],
      ["new", true],
      ["new", true],
      ["existing", true],
      ["new", false],
      ["existing", false],
      ["fixed", true],
    ]);
  });

  it("gives diagnostics explicit nulls for missing ends, and an empty report stays complete", () => {
    expect(json.diagnostics[0]).toEqual({
      path: "configs/broken.yml",
      line: 4,
      column: 7,
      endLine: null,
      endColumn: null,
      code: "yaml-syntax",
      message: "Missing , or : between flow map items <img src=x> @org",
    });
    expect(JSON.parse(renderJson(cleanReportFixture))).toMatchObject({
      findings: [],
      diagnostics: [],
      failed: false,
    });
  });
});
