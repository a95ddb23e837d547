import { sparseAttentionTorch2Rule as rule } from "../../../src/core/rules/sparse-attention-torch2.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

const SPARSE = whole('attention_config: [[["sparse_fixed", "global"], 2]]');

describe("NXC106 flagged", () => {
  it.each`
    name                          | config                                                     | requirements      | column | endColumn
    ${"sparse_fixed, torch>=2.0"} | ${SPARSE}                                                  | ${"torch>=2.0"}   | ${22}  | ${36}
    ${"bigbird, torch==2.1.2"}    | ${whole('attention_config: [[["global", "bigbird"], 2]]')} | ${"torch==2.1.2"} | ${32}  | ${41}
  `("warns for $name, at the sparse type", async ({ config, requirements, column, endColumn }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": `${requirements}\n` },
      errors: [
        {
          messageId: "affected",
          severity: "warning",
          certainty: "certain",
          path: "c.yml",
          line: 1,
          column,
          endLine: 1,
          endColumn,
        },
      ],
    });
    expect(findings[0]?.message).toContain("gpt-neox#863");
    expect(findings[0]?.related.map((r) => r.label)).toEqual(["torch allowed here"]);
  });

  it("takes assume.torch when torch is not pinned", async () => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": SPARSE },
      config: 'assume:\n  torch: "2.2.0"\n',
      errors: [
        {
          messageId: "affected",
          severity: "warning",
          certainty: "certain",
          path: "c.yml",
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 36,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.level])).toEqual([["warning", "certain"]]);
  });
});

describe("NXC106 near misses", () => {
  it.each`
    name                      | config                                                   | requirements
    ${"torch below 2"}        | ${SPARSE}                                                | ${"torch<2.0"}
    ${"torch 1.13.1"}         | ${SPARSE}                                                | ${"torch==1.13.1"}
    ${"dense attention only"} | ${whole('attention_config: [[["flash", "global"], 2]]')} | ${"torch>=2.0"}
    ${"no attention_config"}  | ${whole("seq_length: 128")}                              | ${"torch>=2.0"}
  `("says nothing for $name", async ({ config, requirements }) => {
    await checkValid(rule, { files: { "c.yml": config, "requirements.txt": `${requirements}\n` } });
  });
});

describe("NXC106 unknowns", () => {
  it.each`
    name                        | files                                                       | detail
    ${"torch unpinned"}         | ${{ "c.yml": SPARSE, "requirements.txt": "torch\n" }}       | ${"not pinned: the version installed depends on when and where"}
    ${"no torch requirement"}   | ${{ "c.yml": SPARSE }}                                      | ${"no torch requirement found in this repository (set `assume.torch` in .github/neox-check.yml)"}
    ${"a torch range over 2.0"} | ${{ "c.yml": SPARSE, "requirements.txt": "torch>=1.13\n" }} | ${"`>=1.13` allows torch >= 2.0.0 as well as older versions"}
  `("is info, unknown, for $name", async ({ files, detail }) => {
    const findings = await checkInvalid(rule, {
      files,
      errors: [
        {
          messageId: "unknown",
          severity: "info",
          certainty: "unknown",
          path: "c.yml",
          line: 1,
          column: 22,
          endLine: 1,
          endColumn: 36,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
  });
});
