import { isSpecifier, raiseLowerBound, satisfies } from "../../../src/core/versioning/index.js";

describe("isSpecifier", () => {
  it.each`
    spec                              | expected
    ${""}                             | ${true}
    ${"  "}                           | ${true}
    ${"==0.12.6"}                     | ${true}
    ${">=0.10,<0.11"}                 | ${true}
    ${">= 0.10 , < 0.11"}             | ${true}
    ${"~=2.4"}                        | ${true}
    ${"===0.12.4+91d1c55b"}           | ${true}
    ${"===foobar"}                    | ${true}
    ${"!=1.*"}                        | ${true}
    ${"==1.0.*"}                      | ${true}
    ${"==0.12.4+91d1c55b"}            | ${true}
    ${"!=0.12.4+91d1c55b"}            | ${true}
    ${">=1.0rc1"}                     | ${true}
    ${"~=1"}                          | ${false}
    ${"~=1.*"}                        | ${false}
    ${">=1.*"}                        | ${false}
    ${"==1.0.dev1.*"}                 | ${false}
    ${">=0.12.4+abc"}                 | ${false}
    ${"~=0.12.4+abc"}                 | ${false}
    ${"==1.*+abc"}                    | ${false}
    ${"0.12.6"}                       | ${false}
    ${"=0.12.6"}                      | ${false}
    ${"=>0.12"}                       | ${false}
    ${">=0.10,"}                      | ${false}
    ${",>=0.10"}                      | ${false}
    ${">=latest"}                     | ${false}
    ${"^1.0"}                         | ${false}
    ${">=1.0 <2.0"}                   | ${false}
    ${">=" + "1.".repeat(2000) + "0"} | ${false}
  `("$spec -> $expected", ({ spec, expected }: { spec: string; expected: boolean }) => {
    expect(isSpecifier(spec)).toBe(expected);
  });
});

describe("satisfies", () => {
  it.each`
    spec                    | version              | expected
    ${"==0.12.6"}           | ${"0.12.6"}          | ${true}
    ${"==0.12.6"}           | ${"0.12.5"}          | ${false}
    ${"==0.12"}             | ${"0.12.0"}          | ${true}
    ${">=0.10.2,<0.13.0"}   | ${"0.12.6"}          | ${true}
    ${">=0.10.2,<0.13.0"}   | ${"0.13.0"}          | ${false}
    ${">=0.10.2,<0.13.0"}   | ${"0.10.1"}          | ${false}
    ${""}                   | ${"0.12.6"}          | ${true}
    ${""}                   | ${"0.13.0rc1"}       | ${false}
    ${"==0.12.4"}           | ${"0.12.4+91d1c55b"} | ${true}
    ${"==0.12.4+91d1c55b"}  | ${"0.12.4+91d1c55b"} | ${true}
    ${"==0.12.4+91d1c55b"}  | ${"0.12.4"}          | ${false}
    ${"==0.12.4+91d1c55b"}  | ${"0.12.4+02e2ebf7"} | ${false}
    ${"!=0.12.4"}           | ${"0.12.4+91d1c55b"} | ${false}
    ${"!=0.12.4+91d1c55b"}  | ${"0.12.4"}          | ${true}
    ${"<=0.12.4"}           | ${"0.12.4+91d1c55b"} | ${true}
    ${">=0.12.4"}           | ${"0.12.4+91d1c55b"} | ${true}
    ${">0.12.4"}            | ${"0.12.4+91d1c55b"} | ${false}
    ${"<0.12.5"}            | ${"0.12.4+91d1c55b"} | ${true}
    ${"<0.12.4"}            | ${"0.12.4+91d1c55b"} | ${false}
    ${"===0.12.4+91d1c55b"} | ${"0.12.4+91d1c55b"} | ${true}
    ${"===0.12.4+91D1C55B"} | ${"0.12.4+91d1c55b"} | ${true}
    ${"===0.12.4"}          | ${"0.12.4+91d1c55b"} | ${false}
    ${"===1.0"}             | ${"1.0"}             | ${true}
    ${"===1.0"}             | ${"1.0.0"}           | ${false}
    ${"!=1.*"}              | ${"1.5"}             | ${false}
    ${"!=1.*"}              | ${"1"}               | ${false}
    ${"!=1.*"}              | ${"2.0"}             | ${true}
    ${"!=1.*"}              | ${"0.9"}             | ${true}
    ${"!=1.*"}              | ${"10.0"}            | ${true}
    ${"==1.*"}              | ${"1.9.3"}           | ${true}
    ${"==1.*"}              | ${"1.0.post1"}       | ${true}
    ${"==1.*"}              | ${"1.0+local"}       | ${true}
    ${"==1.*"}              | ${"11.0"}            | ${false}
    ${"==1.0.*"}            | ${"1"}               | ${true}
    ${"==1.0.*"}            | ${"1.0.5"}           | ${true}
    ${"==1.0.*"}            | ${"1.1"}             | ${false}
    ${"==0.12.*"}           | ${"0.12.6"}          | ${true}
    ${"!=0.12.*,>=0.10"}    | ${"0.12.6"}          | ${false}
    ${"!=0.12.*,>=0.10"}    | ${"0.13.0"}          | ${true}
    ${"~=2.2"}              | ${"2.9"}             | ${true}
    ${"~=2.2"}              | ${"2.1"}             | ${false}
    ${"~=2.2"}              | ${"3.0"}             | ${false}
    ${"~=1.4.5"}            | ${"1.4.9"}           | ${true}
    ${"~=1.4.5"}            | ${"1.5.0"}           | ${false}
    ${"~=2.2.post3"}        | ${"2.2.post4"}       | ${true}
    ${"~=2.2.post3"}        | ${"2.2"}             | ${false}
    ${"~=2.2.0"}            | ${"2.2.0+local"}     | ${true}
    ${"~=1!2.2"}            | ${"1!2.5"}           | ${true}
    ${"~=1!2.2"}            | ${"2.5"}             | ${false}
    ${">=2.4.0.post1"}      | ${"2.4.0"}           | ${false}
    ${">=2.4.0.post1"}      | ${"2.4.0.post1"}     | ${true}
    ${">=2.4.0.post1"}      | ${"2.5.6"}           | ${true}
    ${">2.4.0"}             | ${"2.4.0.post1"}     | ${false}
    ${">2.4.0.post1"}       | ${"2.4.0.post2"}     | ${true}
    ${">=1.0"}              | ${"1.1rc1"}          | ${false}
    ${">=1.0"}              | ${"1.1.dev1"}        | ${false}
    ${">=1.0rc1"}           | ${"1.0rc1"}          | ${true}
    ${">=1.0rc1"}           | ${"1.1rc1"}          | ${true}
    ${">=1.0rc1"}           | ${"1.0"}             | ${true}
    ${"<1.0"}               | ${"1.0rc1"}          | ${false}
    ${"<1.0rc2"}            | ${"1.0rc1"}          | ${true}
    ${">1.0rc1"}            | ${"1.0"}             | ${true}
    ${"==1.0rc1"}           | ${"1.0rc1"}          | ${true}
    ${"!=1.0rc1"}           | ${"1.0rc2"}          | ${false}
    ${"==1.0.dev1"}         | ${"1.0.dev1"}        | ${true}
    ${">=1.0.post1"}        | ${"1.0.post1"}       | ${true}
    ${">= 0.10 , < 0.11"}   | ${"0.10.3"}          | ${true}
    ${"==v1.0"}             | ${"1.0"}             | ${true}
    ${"==1.0"}              | ${"V1.0"}            | ${true}
    ${"==1!1.0"}            | ${"1.0"}             | ${false}
    ${">=0.10"}             | ${"junk"}            | ${false}
    ${">=0.10"}             | ${""}                | ${false}
    ${"junk"}               | ${"0.10"}            | ${false}
    ${"~=1"}                | ${"1.0"}             | ${false}
    ${">=1.0+local"}        | ${"1.0+local"}       | ${false}
    ${"===foobar"}          | ${"foobar"}          | ${false}
  `("$version satisfies '$spec': $expected", ({ spec, version, expected }: Row) => {
    expect(satisfies(version, spec)).toBe(expected);
  });

  it("never throws on hostile input", () => {
    const inputs = [
      "",
      " ",
      "\u0000",
      "=".repeat(10_000),
      ">=" + "9".repeat(5_000),
      "==1.*.*",
      "==1.0+",
      "!=",
      ",",
    ];
    for (const a of inputs) {
      for (const b of inputs) expect(() => satisfies(a, b)).not.toThrow();
    }
  });
});

interface Row {
  spec: string;
  version: string;
  expected: boolean;
}

describe("raiseLowerBound", () => {
  it.each([
    // Lower bounds become >=target.
    [">=0.10", "0.13.0", ">=0.13.0"],
    [">0.9", "0.13.0", ">=0.13.0"],
    ["==0.12.*", "0.13.0", ">=0.13.0"],
    ["===0.12.6", "0.13.0", ">=0.13.0"],
    // Upper bounds and exclusions the target satisfies stay, as written.
    [">=0.10,<0.15", "0.13.0", ">=0.13.0,<0.15"],
    [">= 0.10, <= 0.14.2", "0.13.0", ">=0.13.0,<=0.14.2"],
    [">=0.10,!=0.13.1", "0.13.0", ">=0.13.0,!=0.13.1"],
    [">=0.10,!=0.11.*", "0.13.0", ">=0.13.0,!=0.11.*"],
    ["<0.15,>=0.10", "0.13.0", ">=0.13.0,<0.15"],
    // ~= keeps the upper bound it implies.
    ["~=0.12.0", "0.12.7", ">=0.12.7,<0.13"],
    ["~=0.12", "0.13.0", ">=0.13.0,<1"],
    // A bound that excludes the target goes: the fix cannot keep it.
    [">=0.10,<0.13", "0.13.0", ">=0.13.0"],
    ["~=0.12.0", "0.13.0", ">=0.13.0"],
    [">=0.10,!=0.13.0", "0.13.0", ">=0.13.0"],
    // The same bound twice is written once.
    ["~=0.12,<1", "0.13.0", ">=0.13.0,<1"],
  ])("%s raised to %s is %s", (specifier, target, raised) => {
    expect(raiseLowerBound(specifier, target)).toBe(raised);
    expect(satisfies(target, raised)).toBe(true);
  });

  it("gives null for a specifier or target that is not valid", () => {
    expect(raiseLowerBound(">=0.10,<<1", "0.13.0")).toBeNull();
    expect(raiseLowerBound(">=0.10", "not a version")).toBeNull();
  });
});
