import { aggregate, describeVersions, type Verdict } from "../../../../src/core/rules/support/verdict.js";

function v(status: Verdict["status"], subject: string, cause: Verdict["cause"] = null): Verdict {
  return { status, subject, cause, pin: null, assumed: null, detail: "", affectedVersions: [] };
}

describe("aggregate", () => {
  it.each`
    statuses                                    | expected      | subjects
    ${[]}                                       | ${"quiet"}    | ${[]}
    ${["affected"]}                             | ${"affected"} | ${["a0"]}
    ${["not_affected", "affected", "affected"]} | ${"affected"} | ${["a1", "a2"]}
    ${["unknown", "affected"]}                  | ${"affected"} | ${["a1"]}
    ${["unknown", "not_affected"]}              | ${"quiet"}    | ${[]}
    ${["not_affected"]}                         | ${"quiet"}    | ${[]}
    ${["unknown", "unknown"]}                   | ${"unknown"}  | ${["a0"]}
  `("$statuses -> $expected", ({ statuses, expected, subjects }) => {
    const result = aggregate((statuses as Verdict["status"][]).map((s, i) => v(s, `a${i}`)));
    expect(result.status).toBe(expected);
    const named =
      result.status === "affected"
        ? result.verdicts.map((x) => x.subject)
        : result.status === "unknown"
          ? [result.verdict.subject]
          : [];
    expect(named).toEqual(subjects);
  });

  it("drops 'nothing pinned' unknowns only when asked to", () => {
    const verdicts = [v("unknown", "bare", "unpinned"), v("unknown", "none", "none-found")];
    expect(aggregate(verdicts).status).toBe("unknown");
    expect(aggregate(verdicts, { quietWhenUnpinned: true }).status).toBe("quiet");
  });

  it("keeps other unknowns when 'nothing pinned' ones are dropped, naming the first one left", () => {
    const result = aggregate([v("unknown", "bare", "unpinned"), v("unknown", "range", "range")], {
      quietWhenUnpinned: true,
    });
    expect(result).toMatchObject({ status: "unknown", verdict: { subject: "range" } });
  });
});

describe("describeVersions", () => {
  it.each`
    versions                               | contiguous | text
    ${[]}                                  | ${true}    | ${""}
    ${["0.10.2"]}                          | ${true}    | ${"0.10.2"}
    ${["0.10.2", "0.12.6"]}                | ${true}    | ${"0.10.2–0.12.6"}
    ${["0.10.2", "0.12.6"]}                | ${false}   | ${"0.10.2, 0.12.6"}
    ${["1", "2", "3", "4", "5", "6", "7"]} | ${false}   | ${"1, 2, 3, 4, 5, 6, …"}
  `("$versions ($contiguous) -> $text", ({ versions, contiguous, text }) => {
    expect(describeVersions(versions as string[], contiguous as boolean)).toBe(text);
  });
});
