import {
  MAX_GLOB_LENGTH,
  globError,
  matchesAny,
  matchesGlob,
  type MatchWork,
} from "../../../src/core/engine/glob.js";

describe("globs", () => {
  it.each([
    ["**", "configs/a.yml", true],
    ["*.yml", "configs/deep/a.yml", true],
    ["*.yml", "configs/a.yaml", false],
    ["configs/*.yml", "configs/a.yml", true],
    ["configs/*.yml", "configs/x/a.yml", false],
    ["configs/**", "configs/x/y/a.yml", true],
    ["configs/**", "configs", false],
    ["configs/", "configs/x/a.yml", true],
    ["configs/**/*.yml", "configs/a.yml", true],
    ["configs/**/*.yml", "configs/x/a.yml", true],
    ["**/a.yml", "a.yml", true],
    ["**/a.yml", "x/y/a.yml", true],
    ["x/**/y/**/z", "x/y/z", true],
    ["x/**/y/**/z", "x/1/2/y/3/z", true],
    ["x/**/y/**/z", "x/1/2/z", false],
    ["/a.yml", "a.yml", true],
    ["/a.yml", "x/a.yml", false],
    ["configs/{pythia,llama}/*.yml", "configs/llama/7B.yml", true],
    ["configs/{pythia,llama}/*.yml", "configs/mistral/7B.yml", false],
    ["configs/{pythia,{llama,mistral}}/*.yml", "configs/mistral/7B.yml", true],
    ["{configs/*.yml,*.md}", "docs/README.md", true],
    ["{configs/*.yml,*.md}", "x/configs/a.yml", false],
    ["a{b}c", "abc", true],
    ["a{b", "a{b", true],
    ["a}b", "a}b", true],
    ["conf?g/a.yml", "config/a.yml", true],
    ["conf?g/a.yml", "conf/g/a.yml", false],
    ["a+b(c).yml", "a+b(c).yml", true],
    ["[ab].yml", "a.yml", true],
    ["[ab].yml", "c.yml", false],
    ["[!ab].yml", "c.yml", true],
    ["[^ab].yml", "a.yml", false],
    ["v[0-9].yml", "v7.yml", true],
    ["v[0-9].yml", "vx.yml", false],
    ["[]a].yml", "].yml", true],
    ["[?].yml", "?.yml", true],
    ["[?].yml", "x.yml", false],
    ["\\*.yml", "*.yml", true],
    ["\\*.yml", "a.yml", false],
    ["\\{a,b\\}.yml", "{a,b}.yml", true],
    ["a\\[1\\].yml", "a[1].yml", true],
    ["a**b.yml", "axyb.yml", true],
    ["configs/a**b.yml", "configs/ax/yb.yml", false],
    ["!*.md", "a.yml", true],
    ["!*.md", "a.md", false],
    ["  *.yml  ", "a.yml", true],
    ["*", ".hidden", true],
    ["é?.yml", "éa.yml", true],
    ["?.yml", "😀.yml", true],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(globError(glob)).toBeNull();
    expect(matchesGlob(path, glob)).toBe(expected);
  });

  it("lets the last matching glob of a list decide, negations included", () => {
    const globs = ["configs/**", "!configs/old/**", "configs/old/keep.yml"];
    expect(matchesAny("configs/a.yml", globs)).toBe(true);
    expect(matchesAny("configs/old/a.yml", globs)).toBe(false);
    expect(matchesAny("configs/old/keep.yml", globs)).toBe(true);
    expect(matchesAny("other/a.yml", globs)).toBe(false);
    expect(matchesAny("a.md", ["!*.md", "!*.txt"])).toBe(false);
    expect(matchesAny("a.yml", ["!*.md", "!*.txt"])).toBe(true);
    expect(matchesAny("a.yml", [])).toBe(false);
  });

  it.each([
    ["", "the glob is empty"],
    ["!", "`!` negates nothing"],
    ["a\\", "lone `\\`"],
    ["a[bc", "never closed"],
    ["[z-a]", "runs backwards"],
    [`{${Array.from({ length: 1001 }, (_, i) => i.toString(36)).join(",")}}`, "more than 1000 alternatives"],
    ["{a,b}".repeat(10), "more than 1000 alternatives"],
    ["{a,{b,{c,{d,e}}}}{a,b,c,d,e}{a,b,c,d,e}{a,b,c,d,e}{a,b,c,d,e}", "more than 1000 alternatives"],
    ["x".repeat(MAX_GLOB_LENGTH + 1), "characters long"],
  ])("glob %# is invalid (%s) and matches nothing", (glob, message) => {
    expect(globError(glob)).toContain(message);
    expect(matchesGlob("a", glob)).toBe(false);
    expect(matchesAny("a", [glob, "a"])).toBe(true);
  });

  it("never throws on a huge glob or path (a 400 KB glob once overflowed the regex stack)", () => {
    const huge = `${"*a".repeat(200_000)}b`;
    expect(globError(huge)).toContain("characters long");
    expect(matchesAny("a".repeat(100_000), [huge])).toBe(false);
  });
});

/**
 * Linear time without timing: the matcher counts its comparisons (`MatchWork.steps`). For each hostile
 * shape, doubling the path must at most about double the count, and the count must stay within the
 * O(pattern x path) bound the two-pointer walk promises. A backtracking matcher would show up here as a
 * count that quadruples (or worse) per doubling; a time measurement would be flaky on a shared machine.
 */
describe("glob matching work", () => {
  const steps = (glob: string, path: string): number => {
    const work: MatchWork = { steps: 0 };
    matchesGlob(path, glob, work);
    return work.steps;
  };

  it.each([
    ["*a*a*a*a*a*a*a*ab", (n: number) => "a".repeat(n)],
    ["**/**/**/**/**/**/**/x/y", (n: number) => "a/".repeat(n) + "a"],
    ["*********************b", (n: number) => "a".repeat(n)],
    ["{*a*a*a*b,*a*a*a*c,[ab]*[ab]*[ab]*d}", (n: number) => "a".repeat(n)],
    ["**/*a*a*a*b/**/*a*a*c", (n: number) => "aaaa/".repeat(n) + "x"],
  ])("%s on a path that doubles", (glob, path) => {
    const sizes = [5_000, 10_000, 20_000, 40_000];
    const counts = sizes.map((n) => steps(glob, path(n)));
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i] as number).toBeLessThanOrEqual(2.1 * (counts[i - 1] as number));
    }
    for (const [i, n] of sizes.entries()) {
      expect(counts[i] as number).toBeLessThanOrEqual(glob.length * (path(n).length + 1));
    }
    expect(matchesGlob(path(40_000), glob)).toBe(false);
  });
});
