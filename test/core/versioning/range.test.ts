import type { RangeEvent } from "../../../src/core/versioning/range.js";
import { eventVersion, inRange, rangeWindows } from "../../../src/core/versioning/index.js";

const seed: RangeEvent[] = [{ introduced: "0.10.2" }, { fixed: "0.13.0" }];
const fromStart: RangeEvent[] = [{ introduced: "0" }, { fixed: "0.8.2" }];
const lastAffected: RangeEvent[] = [{ introduced: "1.0" }, { last_affected: "1.2" }];
const openEnded: RangeEvent[] = [{ introduced: "2.0.0" }];
const twoWindows: RangeEvent[] = [
  { introduced: "1.0" },
  { fixed: "1.1" },
  { introduced: "2.0" },
  { fixed: "2.1" },
];
const unsorted: RangeEvent[] = [
  { fixed: "2.1" },
  { introduced: "2.0" },
  { fixed: "1.1" },
  { introduced: "1.0" },
];
const postFix: RangeEvent[] = [{ introduced: "0" }, { fixed: "2.4.0.post1" }];
const junkEvent: RangeEvent[] = [{ introduced: "0.10.2" }, { fixed: "not-a-version" }];

describe("inRange", () => {
  it.each`
    name              | events          | version              | expected
    ${"seed"}         | ${seed}         | ${"0.10.1"}          | ${false}
    ${"seed"}         | ${seed}         | ${"0.10.2"}          | ${true}
    ${"seed"}         | ${seed}         | ${"0.12.6"}          | ${true}
    ${"seed"}         | ${seed}         | ${"0.12.4+91d1c55b"} | ${true}
    ${"seed"}         | ${seed}         | ${"0.13.0rc1"}       | ${true}
    ${"seed"}         | ${seed}         | ${"0.13.0"}          | ${false}
    ${"seed"}         | ${seed}         | ${"0.13.0+local"}    | ${false}
    ${"seed"}         | ${seed}         | ${"0.12.6.post1"}    | ${true}
    ${"fromStart"}    | ${fromStart}    | ${"0.0.1"}           | ${true}
    ${"fromStart"}    | ${fromStart}    | ${"0.3.15"}          | ${true}
    ${"fromStart"}    | ${fromStart}    | ${"0.8.2"}           | ${false}
    ${"lastAffected"} | ${lastAffected} | ${"1.2"}             | ${true}
    ${"lastAffected"} | ${lastAffected} | ${"1.2.0"}           | ${true}
    ${"lastAffected"} | ${lastAffected} | ${"1.2.post1"}       | ${false}
    ${"lastAffected"} | ${lastAffected} | ${"1.2.1"}           | ${false}
    ${"lastAffected"} | ${lastAffected} | ${"0.9"}             | ${false}
    ${"openEnded"}    | ${openEnded}    | ${"1.13.1"}          | ${false}
    ${"openEnded"}    | ${openEnded}    | ${"2.0.0"}           | ${true}
    ${"openEnded"}    | ${openEnded}    | ${"2.5.1"}           | ${true}
    ${"twoWindows"}   | ${twoWindows}   | ${"1.0.5"}           | ${true}
    ${"twoWindows"}   | ${twoWindows}   | ${"1.5"}             | ${false}
    ${"twoWindows"}   | ${twoWindows}   | ${"2.0.1"}           | ${true}
    ${"twoWindows"}   | ${twoWindows}   | ${"2.1"}             | ${false}
    ${"unsorted"}     | ${unsorted}     | ${"1.0.5"}           | ${true}
    ${"unsorted"}     | ${unsorted}     | ${"1.5"}             | ${false}
    ${"unsorted"}     | ${unsorted}     | ${"2.0.1"}           | ${true}
    ${"postFix"}      | ${postFix}      | ${"2.4.0"}           | ${true}
    ${"postFix"}      | ${postFix}      | ${"2.4.0.post1"}     | ${false}
    ${"junkEvent"}    | ${junkEvent}    | ${"0.20.0"}          | ${true}
    ${"seed"}         | ${seed}         | ${"junk"}            | ${false}
    ${"empty"}        | ${[]}           | ${"1.0"}             | ${false}
  `("$name: $version -> $expected", ({ events, version, expected }: Row) => {
    expect(inRange(version, events)).toBe(expected);
  });
});

interface Row {
  events: RangeEvent[];
  version: string;
  expected: boolean;
}

describe("rangeWindows and eventVersion (the one walk of OSV events)", () => {
  it("gives the windows inRange tests against", () => {
    expect(rangeWindows(unsorted)).toEqual([
      { lower: "1.0", upper: { version: "1.1", inclusive: false } },
      { lower: "2.0", upper: { version: "2.1", inclusive: false } },
    ]);
    expect(rangeWindows(lastAffected)).toEqual([
      { lower: "1.0", upper: { version: "1.2", inclusive: true } },
    ]);
    expect(rangeWindows(fromStart)).toEqual([{ lower: null, upper: { version: "0.8.2", inclusive: false } }]);
  });

  it("names each event's version", () => {
    expect([...seed, ...lastAffected].map(eventVersion)).toEqual(["0.10.2", "0.13.0", "1.0", "1.2"]);
  });
});
