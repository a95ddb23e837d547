import { flashAttentionVersionRule as rule } from "../../../src/core/rules/flash-attention-version.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";
import { whole } from "../../support/whole-config.js";

const SLIDING = whole('attention_config: [[["flash"], 2]]', "sliding_window_width: 4096");
const ALIBI = whole('attention_config: [[["flash"], 2]]', "pos_emb: alibi");
const FLASH_FILE = "requirements/requirements-flashattention.txt";

describe("NXC105 flagged", () => {
  it.each`
    name                                    | config     | requirements           | messageId     | severity     | line | column | endColumn | fixed
    ${"sliding window on flash-attn 2.2.1"} | ${SLIDING} | ${"flash-attn==2.2.1"} | ${"affected"} | ${"error"}   | ${2} | ${23}  | ${27}     | ${"flash-attn==2.3.0"}
    ${"sliding window on flash_attn<2.3"}   | ${SLIDING} | ${"flash_attn<2.3"}    | ${"affected"} | ${"error"}   | ${2} | ${23}  | ${27}     | ${"flash_attn>=2.3.0"}
    ${"ALiBi on flash-attn 2.4.0"}          | ${ALIBI}   | ${"flash-attn==2.4.0"} | ${"affected"} | ${"warning"} | ${2} | ${10}  | ${15}     | ${"flash-attn==2.4.0.post1"}
    ${"ALiBi on flash-attn 2.2.1"}          | ${ALIBI}   | ${"flash-attn==2.2.1"} | ${"affected"} | ${"warning"} | ${2} | ${10}  | ${15}     | ${"flash-attn==2.4.0.post1"}
  `("flags $name", async ({ config, requirements, messageId, severity, line, column, endColumn, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, [FLASH_FILE]: `${requirements}\n` },
      output: { [FLASH_FILE]: `${fixed}\n` },
      errors: [
        { messageId, severity, certainty: "certain", path: "c.yml", line, column, endLine: line, endColumn },
      ],
    });
    expect(findings[0]?.related.map((r) => r.label)).toEqual([
      "flash attention configured here",
      "pinned here",
    ]);
  });

  it("reports both needs when a config has a sliding window and ALiBi, and fixes the pin", async () => {
    const config = whole(
      'attention_config: [[["flash", "global"], 1]]',
      "sliding-window-width: 512",
      "pos-emb: alibi",
    );
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, [FLASH_FILE]: "flash-attn==2.2.1\n" },
      // One pin serves both features: both findings propose the release ALiBi needs, one edit fixes both.
      output: { [FLASH_FILE]: "flash-attn==2.4.0.post1\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "c.yml",
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 26,
        },
        {
          messageId: "affected",
          severity: "warning",
          certainty: "certain",
          path: "c.yml",
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 15,
        },
      ],
    });
    expect(
      findings.map((f) => [f.severity, f.location.line, f.advisory, f.fix?.edits.map((e) => e.replacement)]),
    ).toEqual([
      ["error", 2, "NXA-2026-0005", ["==2.4.0.post1"]],
      ["warning", 3, "NXA-2026-0006", ["==2.4.0.post1"]],
    ]);
    expect(findings[0]?.fix?.description).toContain(
      "Another flash-attention feature of these configs needs 2.4.0.post1, so the pin goes there.",
    );
    expect(findings[1]?.fix?.description).not.toContain("Another flash-attention feature");
  });

  it("fixes a shared pin to what every config needs when the features are in different configs", async () => {
    const findings = await checkInvalid(rule, {
      files: { "window.yml": SLIDING, "alibi.yml": ALIBI, [FLASH_FILE]: "flash-attn>=2.0,<3,!=2.5.0\n" },
      output: { [FLASH_FILE]: "flash-attn>=2.4.0.post1,<3,!=2.5.0\n" },
      errors: [
        {
          messageId: "unknown",
          severity: "info",
          certainty: "unknown",
          path: "alibi.yml",
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 15,
        },
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "window.yml",
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 27,
        },
      ],
    });
    expect(findings.map((f) => f.fix?.edits.map((e) => e.replacement))).toEqual([
      [">=2.4.0.post1,<3,!=2.5.0"],
      [">=2.4.0.post1,<3,!=2.5.0"],
    ]);
  });
});

describe("NXC105 near misses", () => {
  it.each`
    name                                   | config                                                                        | requirements
    ${"flash-attn 2.5.6 (GPT-NeoX's pin)"} | ${SLIDING}                                                                    | ${"flash-attn==2.5.6"}
    ${"ALiBi on 2.4.0.post1"}              | ${ALIBI}                                                                      | ${"flash-attn==2.4.0.post1"}
    ${"sliding window on 2.3.0"}           | ${SLIDING}                                                                    | ${"flash-attn==2.3.0"}
    ${"no flash attention"}                | ${whole('attention_config: [[["global"], 2]]', "sliding_window_width: 4096")} | ${"flash-attn==2.2.1"}
    ${"flash without window or ALiBi"}     | ${whole('attention_config: [[["flash"], 2]]', "pos_emb: rotary")}             | ${"flash-attn==2.2.1"}
    ${"sliding window written null"}       | ${whole('attention_config: [[["flash"], 2]]', "sliding_window_width: null")}  | ${"flash-attn==2.2.1"}
    ${"flash-attn not pinned (quiet)"}     | ${SLIDING}                                                                    | ${"flash-attn"}
  `("says nothing for $name", async ({ config, requirements }) => {
    await checkValid(rule, { files: { "c.yml": config, [FLASH_FILE]: `${requirements}\n` } });
  });
});

describe("NXC105 unknowns", () => {
  it.each`
    config     | severity     | line | column | endColumn | fixed
    ${SLIDING} | ${"warning"} | ${2} | ${23}  | ${27}     | ${"flash-attn>=2.3.0"}
    ${ALIBI}   | ${"info"}    | ${2} | ${10}  | ${15}     | ${"flash-attn>=2.4.0.post1"}
  `(
    "is one step lower when a range allows old and new flash-attn ($severity)",
    async ({ config, severity, line, column, endColumn, fixed }) => {
      const findings = await checkInvalid(rule, {
        files: { "c.yml": config, [FLASH_FILE]: "flash-attn>=2.0\n" },
        output: { [FLASH_FILE]: `${fixed}\n` },
        errors: [
          {
            messageId: "unknown",
            severity,
            certainty: "unknown",
            path: "c.yml",
            line,
            column,
            endLine: line,
            endColumn,
          },
        ],
      });
      expect(findings[0]?.certainty.detail).toContain("`>=2.0` allows flash-attn");
    },
  );

  it("warns on an unpinned flash-attn when the option asks for it", async () => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": SLIDING },
      config: "rules:\n  NXC105:\n    options:\n      unpinned: warn\n",
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "c.yml",
          line: 2,
          column: 23,
          endLine: 2,
          endColumn: 27,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.detail])).toEqual([
      [
        "warning",
        "which flash-attn is installed (flash-attn: no flash-attn requirement found in this repository)",
      ],
    ]);
  });
});
