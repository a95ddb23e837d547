import {
  RERUN_ACTION,
  renderBrokenConfig,
  renderNothingToCheck,
  renderRunFailure,
  renderSuperseded,
  type RunFailure,
} from "../../src/report/check-run-outcomes.js";

const failure: RunFailure = {
  message: "Server Error <b>`x`</b>",
  status: 502,
  requestId: "ABCD:1234",
  deliveryId: "d-1",
  overLimits: false,
  conclusion: "action_required",
};

describe("check run outcomes without a report", () => {
  it("passes a pull request with nothing to check, and is neutral when superseded", () => {
    expect(renderNothingToCheck()).toMatchObject({ title: "Nothing to check", conclusion: "success" });
    expect(renderSuperseded()).toMatchObject({ title: "Superseded by a newer push", conclusion: "neutral" });
  });

  it("fails on a broken configuration and quotes the reason on one line", () => {
    const out = renderBrokenConfig("line 3: bad\nfail_on: must be error");
    expect(out).toMatchObject({ title: "Invalid neox-check configuration", conclusion: "failure" });
    expect(out.summary).toContain("\n> line 3: bad fail_on: must be error\n");
  });

  it("says why a run could not finish, with the ids, the repository's conclusion and a Re-run button", () => {
    const out = renderRunFailure(failure);
    expect(out.title).toBe("neox-check could not finish");
    expect(out.conclusion).toBe("action_required");
    expect(out.summary).toContain("- Reason: Server Error bx/b (HTTP 502)");
    expect(out.summary).toContain("- GitHub request id: `ABCD:1234`");
    expect(out.summary).toContain("- Delivery: `d-1`");
    expect(out.actions).toEqual([RERUN_ACTION]);
  });

  it("names a run over its limits, and an error without a status or request id", () => {
    const out = renderRunFailure({
      ...failure,
      overLimits: true,
      status: null,
      requestId: null,
      conclusion: "failure",
    });
    expect(out.title).toBe("neox-check stopped: analysis over its limits");
    expect(out.conclusion).toBe("failure");
    expect(out.summary).toContain("- Reason: Server Error bx/b\n");
    expect(out.summary).toContain("- GitHub request id: none");
  });
});
