import { matchesAny } from "../../../src/core/engine/glob.js";

describe("globs", () => {
  it.each([
    ["**", "configs/a.yml", true],
    ["*.yml", "configs/deep/a.yml", true],
    ["*.yml", "configs/a.yaml", false],
    ["configs/*.yml", "configs/a.yml", true],
    ["configs/*.yml", "configs/x/a.yml", false],
    ["configs/**", "configs/x/y/a.yml", true],
    ["configs/**/*.yml", "configs/a.yml", true],
    ["configs/**/*.yml", "configs/x/a.yml", true],
    ["/a.yml", "a.yml", true],
    ["/a.yml", "x/a.yml", false],
    ["configs/{pythia,llama}/*.yml", "configs/llama/7B.yml", true],
    ["configs/{pythia,llama}/*.yml", "configs/mistral/7B.yml", false],
    ["conf?g/a.yml", "config/a.yml", true],
    ["a+b(c).yml", "a+b(c).yml", true],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(matchesAny(path, [glob])).toBe(expected);
  });
});
