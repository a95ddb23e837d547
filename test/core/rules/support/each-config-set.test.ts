import type { RuleContext } from "../../../../src/core/engine/types.js";
import type { ConfigSet } from "../../../../src/core/model/index.js";
import { eachConfigSet } from "../../../../src/core/rules/support/each-config-set.js";

describe("eachConfigSet", () => {
  it("runs the check once per head config set, in order, with the context", () => {
    const sets = [{ name: "a" }, { name: "b" }, { name: "c" }] as ConfigSet[];
    const ctx = { head: { configSets: sets }, options: { n: 1 } } as unknown as RuleContext<{ n: number }>;
    const seen: string[] = [];
    eachConfigSet<{ n: number }>((set, c) => {
      if (set.name === "b") return;
      seen.push(`${set.name}:${c.options.n}`);
    })(ctx);
    expect(seen).toEqual(["a:1", "c:1"]);
  });
});
