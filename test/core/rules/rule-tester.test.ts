import { z } from "zod";
import { defineRule } from "../../../src/core/engine/define-rule.js";
import { checkInvalid, checkValid, ruleTester, type InvalidCase } from "../../support/rule-tester.js";

/**
 * A rule made for this test: every top-level `train_iters` of a config set is reported on its value, with
 * an edit that writes 1000; `leaky` leaves a placeholder unfilled in its message, `leakyFix` in its fix.
 */
function iterRule(messageId: "iters" | "leaky" | "leakyFix") {
  return defineRule(
    {
      id: "NXC999",
      name: "tester-probe",
      severity: "warning",
      description: "Probe for the rule tester.",
      messages: {
        iters: "`train_iters` is {{iters}}.",
        leaky: "`train_iters` is {{iters}} and {{missing}}.",
        leakyFix: "`train_iters` is {{iters}}.",
      },
      options: z.object({}).strict(),
    },
    (ctx) => {
      for (const set of ctx.head.configSets) {
        const entry = set.keys.train_iters;
        if (entry === undefined) continue;
        const span = entry.node.span;
        ctx.report({
          messageId,
          data: { iters: String(entry.node.value) },
          location: span,
          fix: {
            description: messageId === "leakyFix" ? "Write {{target}}." : "Write 1000.",
            edits: [{ span, replacement: "1000" }],
          },
          key: "train_iters",
        });
      }
    },
  );
}

const probe = iterRule("iters");
const TEXT = "num_layers: 2\ntrain_iters: 10\n";
const GOOD: InvalidCase = {
  name: "train_iters",
  files: { "a.yml": TEXT },
  errors: [
    {
      messageId: "iters",
      severity: "warning",
      certainty: "certain",
      path: "a.yml",
      line: 2,
      column: 14,
      endLine: 2,
      endColumn: 16,
      message: "is 10.",
    },
  ],
  output: { "a.yml": "num_layers: 2\ntrain_iters: 1000\n" },
};
const [ERROR] = GOOD.errors;
if (ERROR === undefined) throw new Error("GOOD has an error");

ruleTester(probe).run("the rule tester on a probe rule", {
  valid: [{ name: "no train_iters", files: { "a.yml": "num_layers: 2\n" } }],
  invalid: [GOOD],
});

describe("the rule tester fails", () => {
  it("passes the right table (so the failures below are the tester's doing)", async () => {
    await expect(checkInvalid(probe, GOOD)).resolves.toHaveLength(1);
    await expect(checkValid(probe, { name: "none", files: { "a.yml": "num_layers: 2\n" } })).resolves.toBe(
      undefined,
    );
  });

  it.each([
    ["a wrong messageId", { ...ERROR, messageId: "other" }],
    ["a wrong severity", { ...ERROR, severity: "error" as const }],
    ["a wrong certainty", { ...ERROR, certainty: "inferred" as const }],
    ["a wrong path", { ...ERROR, path: "b.yml" }],
    ["a wrong line", { ...ERROR, line: 1 }],
    ["a wrong column", { ...ERROR, column: 13 }],
    ["a wrong endLine", { ...ERROR, endLine: 3 }],
    ["a wrong endColumn", { ...ERROR, endColumn: 17 }],
    ["a message it does not contain", { ...ERROR, message: "is 11." }],
    ["a message pattern it does not match", { ...ERROR, message: /is 1\d\d/ }],
  ])("on %s", async (_name, error) => {
    await expect(checkInvalid(probe, { ...GOOD, errors: [error] })).rejects.toThrow();
  });

  it("on a missing or an extra finding", async () => {
    await expect(checkInvalid(probe, { ...GOOD, errors: [ERROR, ERROR] })).rejects.toThrow();
    await expect(checkInvalid(probe, { ...GOOD, errors: [] })).rejects.toThrow(/valid case/);
    await expect(checkValid(probe, { name: "flagged", files: GOOD.files })).rejects.toThrow();
  });

  it("on a wrong fix output, and on a fix the case does not state", async () => {
    await expect(
      checkInvalid(probe, { ...GOOD, output: { "a.yml": "num_layers: 2\ntrain_iters: 100\n" } }),
    ).rejects.toThrow();
    await expect(checkInvalid(probe, { ...GOOD, output: {} })).rejects.toThrow();
    const { output: _dropped, ...withoutOutput } = GOOD;
    await expect(checkInvalid(probe, withoutOutput)).rejects.toThrow(/give the case an `output`/);
  });

  it("on a placeholder left in the message, for an invalid case and for a valid one", async () => {
    const leaky = iterRule("leaky");
    await expect(
      checkInvalid(leaky, { ...GOOD, errors: [{ ...ERROR, messageId: "leaky" }] }),
    ).rejects.toThrow(/unfilled placeholder.*\{\{missing\}\}/s);
    await expect(checkValid(leaky, { name: "flagged", files: GOOD.files })).rejects.toThrow(
      /unfilled placeholder/,
    );
  });

  it("on a placeholder left in the fix description", async () => {
    const leaky = iterRule("leakyFix");
    await expect(
      checkInvalid(leaky, { ...GOOD, errors: [{ ...ERROR, messageId: "leakyFix" }] }),
    ).rejects.toThrow(/unfilled placeholder.*fix: Write \{\{target\}\}/s);
  });

  it("on case names repeated in one table", () => {
    expect(() =>
      ruleTester(probe).run("repeated", {
        valid: [{ name: "x", files: {} }],
        invalid: [{ ...GOOD, name: "x" }],
      }),
    ).toThrow(/repeated/);
  });
});
