import { compareVersions, isPrerelease, isVersion } from "../../../src/core/versioning/index.js";

describe("isVersion", () => {
  it.each`
    version                          | expected
    ${"0.12.6"}                      | ${true}
    ${"0.12.4+91d1c55b"}             | ${true}
    ${"2.4.0.post1"}                 | ${true}
    ${"1.0rc1"}                      | ${true}
    ${"1.0.dev3"}                    | ${true}
    ${"1!2.0"}                       | ${true}
    ${"v1.0"}                        | ${true}
    ${" 1.0 "}                       | ${true}
    ${"1.0-1"}                       | ${true}
    ${""}                            | ${false}
    ${"latest"}                      | ${false}
    ${"1.0.*"}                       | ${false}
    ${">=1.0"}                       | ${false}
    ${"1.0+"}                        | ${false}
    ${"1..0"}                        | ${false}
    ${"91d1c55b"}                    | ${false}
    ${"1." + "0.".repeat(200) + "0"} | ${false}
  `("$version -> $expected", ({ version, expected }: { version: string; expected: boolean }) => {
    expect(isVersion(version)).toBe(expected);
  });
});

describe("compareVersions", () => {
  it.each`
    a                    | b                | expected
    ${"0.10.2"}          | ${"0.9.5"}       | ${1}
    ${"1.0"}             | ${"1.0.0"}       | ${0}
    ${"1.0rc1"}          | ${"1.0"}         | ${-1}
    ${"1.0.dev1"}        | ${"1.0a1"}       | ${-1}
    ${"1.0.post1"}       | ${"1.0"}         | ${1}
    ${"2.4.0"}           | ${"2.4.0.post1"} | ${-1}
    ${"0.12.4+91d1c55b"} | ${"0.12.4"}      | ${1}
    ${"0.12.4+91d1c55b"} | ${"0.12.5"}      | ${-1}
    ${"1!0.1"}           | ${"2.0"}         | ${1}
    ${"junk"}            | ${"0.1"}         | ${-1}
    ${"0.1"}             | ${"junk"}        | ${1}
    ${"a"}               | ${"b"}           | ${-1}
  `("$a vs $b -> $expected", ({ a, b, expected }: { a: string; b: string; expected: number }) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it("sorts a mixed list without throwing", () => {
    const sorted = ["0.13.0", "junk", "0.10.2", "0.13.0rc1", "0.12.4+abc", "0.12.4"].sort(compareVersions);
    expect(sorted).toEqual(["junk", "0.10.2", "0.12.4", "0.12.4+abc", "0.13.0rc1", "0.13.0"]);
  });
});

describe("isPrerelease", () => {
  it.each`
    version        | expected
    ${"1.0rc1"}    | ${true}
    ${"1.0.dev0"}  | ${true}
    ${"1.0.post1"} | ${false}
    ${"1.0+local"} | ${false}
    ${"junk"}      | ${false}
  `("$version -> $expected", ({ version, expected }: { version: string; expected: boolean }) => {
    expect(isPrerelease(version)).toBe(expected);
  });
});
