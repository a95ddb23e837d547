import { parsePoetryConstraint } from "../../../../../src/core/parse/deps/requirement/poetry-constraint.js";

describe("Poetry constraints", () => {
  it.each([
    ["^1.2", "range", null, ">=1.2,<2.0"],
    ["^1.2.3", "range", null, ">=1.2.3,<2.0.0"],
    ["^0.2.3", "range", null, ">=0.2.3,<0.3.0"],
    ["^0.0.3", "range", null, ">=0.0.3,<0.0.4"],
    ["^0.0", "range", null, ">=0.0,<0.1"],
    ["^0", "range", null, ">=0,<1"],
    ["^3.8", "range", null, ">=3.8,<4.0"],
    ["~1.2.3", "range", null, ">=1.2.3,<1.3.0"],
    ["~1.2", "range", null, ">=1.2,<1.3"],
    ["~1", "range", null, ">=1,<2"],
    ["~=1.4", "range", null, "~=1.4"],
    ["1.2.3", "exact", "1.2.3", "==1.2.3"],
    ["==0.12.6", "exact", "0.12.6", "==0.12.6"],
    ["=0.12.6", "exact", "0.12.6", "==0.12.6"],
    ["1.2.*", "range", null, "==1.2.*"],
    [">=1.2,<2.0", "range", null, ">=1.2,<2.0"],
    [">=1.2 <2.0", "range", null, ">=1.2,<2.0"],
    [">= 1.2, < 2.0", "range", null, ">=1.2,<2.0"],
    ["^1.0 || ^2.0", "range", null, null],
    ["*", "unpinned", null, null],
    ["", "unpinned", null, null],
  ])("%s is %s (version %s, PEP 440 %s)", (text, kind, version, pep440) => {
    expect(parsePoetryConstraint(text)).toEqual({ ok: true, kind, version, pep440 });
  });

  it.each(["^latest", "~x", ">=", "1.0 ||", "==1.0+local.*"])("%s is not a constraint", (text) => {
    expect(parsePoetryConstraint(text).ok).toBe(false);
  });
});
