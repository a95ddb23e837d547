import nock from "nock";
import { ProbotOctokit } from "probot";
import { octokitClassFor } from "../../src/github/octokit-class.js";

describe("octokitClassFor", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("keeps Probot's throttled Octokit unless NEOX_CHECK_THROTTLE=off", () => {
    expect(octokitClassFor({})).toBe(ProbotOctokit);
    expect(octokitClassFor({ NEOX_CHECK_THROTTLE: "on" })).toBe(ProbotOctokit);
    expect(octokitClassFor({ NEOX_CHECK_THROTTLE: "OFF" })).not.toBe(ProbotOctokit);
  });

  it.each([
    ["on (Probot's default)", {}, 1],
    ["off", { NEOX_CHECK_THROTTLE: "off" }, 0],
  ])(
    "throttling %s: a secondary rate limit reaches the throttle handler only when on",
    async (_name, env, calls) => {
      nock("https://api.github.com")
        .post("/repos/o/r/issues/1/comments")
        .reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" });
      const Octokit = octokitClassFor(env);
      let handled = 0;
      // Probot constructs its Octokit with its own `throttle` options: an object default would lose to them.
      const octokit = new Octokit({
        auth: { token: "ghs_test" },
        retry: { enabled: false },
        throttle: {
          enabled: true,
          onRateLimit: () => false,
          onSecondaryRateLimit: () => {
            handled += 1;
            return false;
          },
        },
      } as ConstructorParameters<typeof Octokit>[0]);
      await expect(
        octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 1, body: "x" }),
      ).rejects.toThrow(/secondary rate limit/);
      expect(handled).toBe(calls);
      expect(nock.pendingMocks()).toStrictEqual([]);
    },
  );
});
