import type { RangeEvent } from "../../../src/core/versioning/range.js";
import {
  allowedReleases,
  allowsAnyIn,
  classifyAgainstRange,
  newestAllowed,
} from "../../../src/core/versioning/index.js";

const releases = ["0.9.5", "0.10.0", "0.10.1", "0.10.2", "0.10.3", "0.11.0", "0.12.6", "0.13.0", "0.13.1"];
const seed: RangeEvent[] = [{ introduced: "0.10.2" }, { fixed: "0.13.0" }];

describe("allowedReleases", () => {
  it.each`
    spec                | expected
    ${"==0.12.6"}       | ${["0.12.6"]}
    ${">=0.13"}         | ${["0.13.0", "0.13.1"]}
    ${"<0.10.1"}        | ${["0.9.5", "0.10.0"]}
    ${"~=0.10.0"}       | ${["0.10.0", "0.10.1", "0.10.2", "0.10.3"]}
    ${"!=0.10.*,<0.11"} | ${["0.9.5"]}
    ${"==0.20.0"}       | ${[]}
    ${"junk"}           | ${[]}
  `("$spec -> $expected", ({ spec, expected }: { spec: string; expected: string[] }) => {
    expect(allowedReleases(spec, releases)).toEqual(expected);
  });

  it("returns releases oldest first, without duplicates or invalid entries, whatever the input order", () => {
    expect(allowedReleases(">=0.13", ["0.13.1", "junk", "0.13.0", "0.13.1", "0.9"])).toEqual([
      "0.13.0",
      "0.13.1",
    ]);
  });

  it("leaves pre-releases out unless the specifier names one", () => {
    const withPre = ["1.0", "1.1rc1", "1.1"];
    expect(allowedReleases(">=1.0", withPre)).toEqual(["1.0", "1.1"]);
    expect(allowedReleases(">=1.1rc1", withPre)).toEqual(["1.1rc1", "1.1"]);
  });

  it("falls back to pre-releases for the empty specifier when nothing else exists, as pip does", () => {
    expect(allowedReleases("", ["2.0rc1", "2.0rc2"])).toEqual(["2.0rc1", "2.0rc2"]);
    expect(allowedReleases("", ["1.0", "2.0rc1"])).toEqual(["1.0"]);
    expect(allowedReleases(">=2.0", ["2.1rc1"])).toEqual([]);
  });
});

describe("newestAllowed", () => {
  it.each`
    spec              | list                           | expected
    ${""}             | ${releases}                    | ${"0.13.1"}
    ${">=0.10,<0.11"} | ${releases}                    | ${"0.10.3"}
    ${"==0.12.6"}     | ${releases}                    | ${"0.12.6"}
    ${"==0.20.0"}     | ${releases}                    | ${null}
    ${"junk"}         | ${releases}                    | ${null}
    ${">=1.0"}        | ${["1.0", "1.1rc1"]}           | ${"1.0"}
    ${">=1.0rc1"}     | ${["0.9", "1.0rc1", "1.0rc2"]} | ${"1.0rc2"}
    ${">=1.0rc1"}     | ${["1.0rc1", "1.0", "1.1rc1"]} | ${"1.0"}
    ${">=1.0"}        | ${["1.1rc1"]}                  | ${null}
    ${""}             | ${[]}                          | ${null}
  `("$spec over $list -> $expected", ({ spec, list, expected }: Row) => {
    expect(newestAllowed(spec, list)).toBe(expected);
  });
});

describe("classifyAgainstRange", () => {
  it.each`
    spec                | verdict         | affected
    ${"==0.12.6"}       | ${"all"}        | ${["0.12.6"]}
    ${">=0.10.2,<0.12"} | ${"all"}        | ${["0.10.2", "0.10.3", "0.11.0"]}
    ${"==0.10.0"}       | ${"none"}       | ${[]}
    ${">=0.13.0"}       | ${"none"}       | ${[]}
    ${">=0.10"}         | ${"some"}       | ${["0.10.2", "0.10.3", "0.11.0", "0.12.6"]}
    ${"<0.11"}          | ${"some"}       | ${["0.10.2", "0.10.3"]}
    ${""}               | ${"some"}       | ${["0.10.2", "0.10.3", "0.11.0", "0.12.6"]}
    ${"==0.20.0"}       | ${"no-release"} | ${[]}
    ${"==0.12.4+abc"}   | ${"no-release"} | ${[]}
    ${"junk"}           | ${"no-release"} | ${[]}
  `("$spec -> $verdict", ({ spec, verdict, affected }: ClassRow) => {
    const result = classifyAgainstRange(spec, seed, releases);
    expect(result.verdict).toBe(verdict);
    expect(result.affected).toEqual(affected);
    expect(result.allowed).toEqual(allowedReleases(spec, releases));
  });
});

describe("allowsAnyIn", () => {
  it.each`
    spec          | expected
    ${"==0.12.6"} | ${true}
    ${">=0.10"}   | ${true}
    ${"==0.10.0"} | ${false}
    ${">=0.13"}   | ${false}
    ${"==0.20.0"} | ${false}
  `("$spec -> $expected", ({ spec, expected }: { spec: string; expected: boolean }) => {
    expect(allowsAnyIn(spec, seed, releases)).toBe(expected);
  });
});

interface Row {
  spec: string;
  list: string[];
  expected: string | null;
}

interface ClassRow {
  spec: string;
  verdict: string;
  affected: string[];
}
