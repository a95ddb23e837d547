import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rules } from "../../../src/core/rules/index.js";

/** Every rule has its registry entry, its doc page and its table test; ids are unique and sorted. */
describe("rule parity", () => {
  const docs = readdirSync("docs/rules").filter((f) => f.endsWith(".md"));

  it("has unique, sorted NXC ids and kebab-case names", () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const rule of rules) {
      expect(rule.meta.id).toMatch(/^NXC\d{3}$/);
      expect(rule.meta.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });

  it.each(rules.map((r) => [r.meta.id, r.meta.name] as const))(
    "%s %s has a doc page and a test",
    (id, name) => {
      expect(docs).toContain(`${id}-${name}.md`);
      expect(existsSync(`test/core/rules/${name}.test.ts`)).toBe(true);
    },
  );

  // A new rule cannot skip the rule tester: its table test asserts exact spans, message ids, fix output
  // and filled placeholders for flagged cases and near misses alike (test/support/rule-tester.ts).
  it.each(rules.map((r) => [r.meta.id, r.meta.name] as const))(
    "%s %s is tested through the rule tester, flagged cases and near misses",
    (_id, name) => {
      const text = readFileSync(`test/core/rules/${name}.test.ts`, "utf8");
      expect(text).toContain(`from "../../../src/core/rules/${name}.js"`);
      expect(text).toMatch(/from "\.\.\/\.\.\/support\/rule-tester\.js"/);
      expect(text).toMatch(/\bcheckInvalid\(|\bruleTester\(/);
      expect(text).toMatch(/\bcheckValid\(|\bvalid: /);
      // Findings are asserted by the tester, not picked at loosely with runRule.
      expect(text).not.toMatch(/\brunRule\(/);
    },
  );

  it("has no doc page without a registered rule", () => {
    const registered = new Set(rules.map((r) => `${r.meta.id}-${r.meta.name}.md`));
    expect(docs.filter((d) => !registered.has(d))).toEqual([]);
  });
});
