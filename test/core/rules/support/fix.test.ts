import { loadKnowledge } from "../../../../src/core/knowledge/index.js";
import type { Pin } from "../../../../src/core/model/index.js";
import { deepspeedFix, fixWords } from "../../../../src/core/rules/support/fix.js";
import type { Verdict } from "../../../../src/core/rules/support/verdict.js";
import { gitPin, pypiPin, span } from "./model-fixtures.js";

const knowledge = loadKnowledge();
const SEED = knowledge.advisory("NXA-2026-0001");
const FORK = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";

function verdictFor(pin: Pin | null, assumed: Verdict["assumed"] = null): Verdict {
  return { status: "affected", pin, assumed, subject: "", detail: "", cause: null, affectedVersions: [] };
}

describe("deepspeedFix", () => {
  it("rewrites an exact PyPI specifier to the fixed release", () => {
    const pin = pypiPin("deepspeed", "==0.12.6", 3);
    const fix = deepspeedFix(verdictFor(pin), SEED);
    expect(fix.edits).toEqual([{ span: span("requirements.txt", 3, 10, 8), replacement: "==0.13.0" }]);
    expect(fix.description).toMatch(
      /^Require `deepspeed==0\.13\.0` \(or `deepspeed==0\.10\.0`\)\. Upgrade to DeepSpeed 0\.13\.0/,
    );
  });

  it("rewrites a range to a lower bound at the fixed release", () => {
    const fix = deepspeedFix(verdictFor(pypiPin("deepspeed", ">=0.10")), SEED);
    expect(fix.edits.map((e) => e.replacement)).toEqual([">=0.13.0"]);
  });

  it("keeps a range's upper bound and exclusions that the fixed release satisfies, in the edit and the words", () => {
    const fix = deepspeedFix(verdictFor(pypiPin("deepspeed", ">=0.10,<0.15,!=0.14.1")), SEED);
    expect(fix.edits.map((e) => e.replacement)).toEqual([">=0.13.0,<0.15,!=0.14.1"]);
    expect(fix.description).toMatch(
      /^Require `deepspeed>=0\.13\.0,<0\.15,!=0\.14\.1` \(or `deepspeed==0\.10\.0`\)\./,
    );
    // A cap below the fixed release cannot stay.
    const capped = deepspeedFix(verdictFor(pypiPin("deepspeed", ">=0.10,<0.13")), SEED);
    expect(capped.edits.map((e) => e.replacement)).toEqual([">=0.13.0"]);
  });

  it("keeps quotes when the span is a quoted TOML string", () => {
    const pin: Pin = {
      ...pypiPin("deepspeed", "==0.12.6"),
      specifierSpan: span("pyproject.toml", 5, 14, 10),
    };
    expect(deepspeedFix(verdictFor(pin), SEED).edits).toEqual([
      { span: span("pyproject.toml", 5, 14, 10), replacement: '"==0.13.0"' },
    ]);
  });

  it("makes no edit when the span does not match the specifier as written", () => {
    const pin: Pin = {
      ...pypiPin("deepspeed", "==0.12.6"),
      specifierSpan: span("requirements.txt", 1, 10, 12),
    };
    expect(deepspeedFix(verdictFor(pin), SEED).edits).toEqual([]);
  });

  it.each`
    width | from       | replacement
    ${40} | ${"ref"}   | ${FORK}
    ${41} | ${"@ref"}  | ${`@${FORK}`}
    ${42} | ${'"ref"'} | ${`"${FORK}"`}
  `("rewrites a DeeperSpeed ref span written as $from", ({ width, replacement }) => {
    const base = gitPin("EleutherAI", "DeeperSpeed", "22fda1e0ee462c2b411575dc954cc8a29d78a7b2");
    const pin: Pin = { ...base, specifierSpan: span("requirements.txt", 1, 60, width as number) };
    const fix = deepspeedFix(verdictFor(pin), SEED);
    expect(fix.edits).toEqual([{ span: span("requirements.txt", 1, 60, width as number), replacement }]);
    expect(fix.description).toMatch(/^Pin DeeperSpeed at a fixed commit, e\.g\. `91d1c55b`\./);
  });

  it("gives words only for a DeeperSpeed pin without a ref, a lock entry and an assumed version", () => {
    expect(deepspeedFix(verdictFor(gitPin("EleutherAI", "DeeperSpeed", null)), SEED).edits).toEqual([]);
    const locked: Pin = { ...pypiPin("deepspeed", null), kind: "locked", version: "0.12.6" };
    expect(deepspeedFix(verdictFor(locked), SEED).edits).toEqual([]);
    const assumed = deepspeedFix(
      verdictFor(pypiPin("deepspeed", null), { key: "deepspeed", value: "0.12.6" }),
      SEED,
    );
    expect(assumed.edits).toEqual([]);
    expect(assumed.description).toMatch(/^Require `deepspeed>=0\.13\.0` \(or `deepspeed==0\.10\.0`\)\./);
  });
});

describe("fixWords", () => {
  it("names the PyPI versions and the fork commit", () => {
    expect(fixWords(SEED)).toBe(
      "Pin `deepspeed>=0.13.0` (or `==0.10.0`), or a fixed DeeperSpeed commit such as `91d1c55b`.",
    );
    expect(fixWords(knowledge.advisory("NXA-2026-0003"))).toBe("Pin `deepspeed>=0.9.2`.");
  });
});
