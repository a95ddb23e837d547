import type { RuleContext } from "../../engine/types.js";
import type { ConfigSet } from "../../model/index.js";

/**
 * A rule check that runs once for each config set of the head snapshot: the loop every config rule would
 * otherwise write. `check` returns where the loop would `continue`.
 */
export function eachConfigSet<Options>(
  check: (set: ConfigSet, ctx: RuleContext<Options>) => void,
): (ctx: RuleContext<Options>) => void {
  return (ctx) => {
    for (const set of ctx.head.configSets) check(set, ctx);
  };
}
