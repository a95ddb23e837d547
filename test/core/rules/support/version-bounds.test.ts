import type { RangeEvent } from "../../../../src/core/knowledge/schema.js";
import { classifyByBounds, describeRange } from "../../../../src/core/rules/support/version-bounds.js";
import { rangeWindows } from "../../../../src/core/versioning/range.js";

const TORCH2: RangeEvent[] = [{ introduced: "2.0.0" }];
const OLD_FLASH: RangeEvent[] = [{ introduced: "0" }, { fixed: "2.3.0" }];
const SEED: RangeEvent[] = [{ introduced: "0.10.2" }, { fixed: "0.13.0" }];

describe("classifyByBounds", () => {
  it.each`
    spec                | events       | expected
    ${">=2.0"}          | ${TORCH2}    | ${"all"}
    ${">2.0"}           | ${TORCH2}    | ${"all"}
    ${"~=2.1"}          | ${TORCH2}    | ${"all"}
    ${"==2.*"}          | ${TORCH2}    | ${"all"}
    ${">=2.1,<2.4"}     | ${TORCH2}    | ${"all"}
    ${">=1.13"}         | ${TORCH2}    | ${"some"}
    ${"<2.5"}           | ${TORCH2}    | ${"some"}
    ${"!=1.*"}          | ${TORCH2}    | ${"some"}
    ${""}               | ${TORCH2}    | ${"some"}
    ${"<2.0"}           | ${TORCH2}    | ${"none"}
    ${"<2"}             | ${TORCH2}    | ${"none"}
    ${"~=1.13"}         | ${TORCH2}    | ${"none"}
    ${"==1.*"}          | ${TORCH2}    | ${"none"}
    ${"<=1.13.1"}       | ${TORCH2}    | ${"none"}
    ${"===2.1.0"}       | ${TORCH2}    | ${"unknown"}
    ${">=2.0,<1.0"}     | ${TORCH2}    | ${"unknown"}
    ${"junk"}           | ${TORCH2}    | ${"unknown"}
    ${"<2.3"}           | ${OLD_FLASH} | ${"all"}
    ${"<=2.2.1"}        | ${OLD_FLASH} | ${"all"}
    ${"==2.2.*"}        | ${OLD_FLASH} | ${"all"}
    ${">=2.0"}          | ${OLD_FLASH} | ${"some"}
    ${"<2.5"}           | ${OLD_FLASH} | ${"some"}
    ${">=2.1,!=2.1"}    | ${OLD_FLASH} | ${"some"}
    ${">=2.3.0"}        | ${OLD_FLASH} | ${"none"}
    ${">2.3"}           | ${OLD_FLASH} | ${"none"}
    ${"<=2.3.0"}        | ${OLD_FLASH} | ${"some"}
    ${">=0.10.2,<0.13"} | ${SEED}      | ${"all"}
    ${">=0.10"}         | ${SEED}      | ${"some"}
    ${"<0.10.2"}        | ${SEED}      | ${"none"}
  `("$spec against $events -> $expected", ({ spec, events, expected }) => {
    expect(classifyByBounds(spec as string, events as RangeEvent[])).toBe(expected);
  });
});

describe("rangeWindows and describeRange", () => {
  it.each`
    events                                                                        | text
    ${TORCH2}                                                                     | ${">= 2.0.0"}
    ${OLD_FLASH}                                                                  | ${"< 2.3.0"}
    ${SEED}                                                                       | ${"[0.10.2, 0.13.0)"}
    ${[{ introduced: "1.0" }, { last_affected: "1.2" }]}                          | ${"[1.0, 1.2]"}
    ${[{ introduced: "0" }]}                                                      | ${"every version"}
    ${[{ introduced: "1" }, { fixed: "2" }, { introduced: "3" }, { fixed: "4" }]} | ${"[1, 2) or [3, 4)"}
  `("$events -> $text", ({ events, text }) => {
    expect(describeRange(events as RangeEvent[])).toBe(text);
  });

  it("ignores events whose version is invalid", () => {
    expect(rangeWindows([{ introduced: "nope" }, { introduced: "1.0" }, { fixed: "2.0" }])).toEqual([
      { lower: "1.0", upper: { version: "2.0", inclusive: false } },
    ]);
  });
});
