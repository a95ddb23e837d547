import { existsSync, readdirSync } from "node:fs";
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

  it("has no doc page without a registered rule", () => {
    const registered = new Set(rules.map((r) => `${r.meta.id}-${r.meta.name}.md`));
    expect(docs.filter((d) => !registered.has(d))).toEqual([]);
  });
});
