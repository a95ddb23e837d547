import { evaluateGitRange } from "../../../src/core/knowledge/index.js";
import type { RangeEvent } from "../../../src/core/knowledge/index.js";
import type { ResolvedCommit } from "../../../src/core/model/index.js";

const BUG = "3362dad87d1a8c1a5e9414e02a5d09b38064c064";
const FIX = "a48c6493f1fc6a1652723ab5542f7703be6f03a5";
const LAST = "22fda1e0ee462c2b411575dc954cc8a29d78a7b2";
const SHA = "1111111111111111111111111111111111111111";

const seed: RangeEvent[] = [{ introduced: BUG }, { fixed: FIX }];
const fromStart: RangeEvent[] = [{ introduced: "0" }, { fixed: FIX }];
const lastAffected: RangeEvent[] = [{ introduced: BUG }, { last_affected: LAST }];
const openEnded: RangeEvent[] = [{ introduced: BUG }];

function commit(contains: Record<string, boolean>, sha = SHA): ResolvedCommit {
  return { sha, versionTxt: null, tags: [], contains, via: "table" };
}

describe("evaluateGitRange", () => {
  it.each`
    name                                       | events          | c                                                   | expected
    ${"contains bug, not fix"}                 | ${seed}         | ${commit({ [BUG]: true, [FIX]: false })}             | ${"affected"}
    ${"contains bug and fix"}                  | ${seed}         | ${commit({ [BUG]: true, [FIX]: true })}              | ${"not_affected"}
    ${"contains neither"}                      | ${seed}         | ${commit({ [BUG]: false, [FIX]: false })}            | ${"not_affected"}
    ${"no bug, fix unknown"}                   | ${seed}         | ${commit({ [BUG]: false })}                          | ${"not_affected"}
    ${"bug unknown, has fix"}                  | ${seed}         | ${commit({ [FIX]: true })}                           | ${"not_affected"}
    ${"bug, fix unknown"}                      | ${seed}         | ${commit({ [BUG]: true })}                           | ${"unknown"}
    ${"bug unknown, no fix"}                   | ${seed}         | ${commit({ [FIX]: false })}                          | ${"unknown"}
    ${"nothing known"}                         | ${seed}         | ${commit({})}                                        | ${"unknown"}
    ${"is the bug commit itself"}              | ${seed}         | ${commit({}, BUG)}                                   | ${"unknown"}
    ${"is the bug commit, no fix"}             | ${seed}         | ${commit({ [FIX]: false }, BUG)}                     | ${"affected"}
    ${"is the fix commit itself"}              | ${seed}         | ${commit({}, FIX)}                                   | ${"not_affected"}
    ${"uppercase keys"}                        | ${seed}         | ${commit({ [BUG.toUpperCase()]: true, [FIX.toUpperCase()]: false })} | ${"affected"}
    ${"introduced 0, no fix"}                  | ${fromStart}    | ${commit({ [FIX]: false })}                          | ${"affected"}
    ${"introduced 0, fix unknown"}             | ${fromStart}    | ${commit({})}                                        | ${"unknown"}
    ${"last_affected is itself"}               | ${lastAffected} | ${commit({ [BUG]: true }, LAST)}                     | ${"affected"}
    ${"descends from last_affected"}           | ${lastAffected} | ${commit({ [BUG]: true, [LAST]: true })}             | ${"not_affected"}
    ${"before last_affected"}                  | ${lastAffected} | ${commit({ [BUG]: true, [LAST]: false })}            | ${"affected"}
    ${"last_affected unknown"}                 | ${lastAffected} | ${commit({ [BUG]: true })}                           | ${"unknown"}
    ${"open-ended, has bug"}                   | ${openEnded}    | ${commit({ [BUG]: true })}                           | ${"affected"}
    ${"open-ended, no bug"}                    | ${openEnded}    | ${commit({ [BUG]: false })}                          | ${"not_affected"}
    ${"no introduced event"}                   | ${[{ fixed: FIX }]} | ${commit({ [FIX]: false })}                      | ${"not_affected"}
  `("$name -> $expected", ({ events, c, expected }: { events: RangeEvent[]; c: ResolvedCommit; expected: string }) => {
    expect(evaluateGitRange(c, events)).toBe(expected);
  });

  it("reports affected when one of two windows is, even if the other is unknown", () => {
    const other = "2222222222222222222222222222222222222222";
    const otherFix = "3333333333333333333333333333333333333333";
    const events: RangeEvent[] = [{ introduced: BUG }, { fixed: FIX }, { introduced: other }, { fixed: otherFix }];
    expect(evaluateGitRange(commit({ [BUG]: true, [FIX]: false }), events)).toBe("affected");
    expect(evaluateGitRange(commit({ [BUG]: true, [FIX]: true }), events)).toBe("unknown");
    expect(evaluateGitRange(commit({ [BUG]: true, [FIX]: true, [other]: false }), events)).toBe("not_affected");
  });
});
