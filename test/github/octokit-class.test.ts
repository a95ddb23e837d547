import nock from "nock";
import { ProbotOctokit } from "probot";
import { octokitClassFor } from "../../src/github/octokit-class.js";
import { withRunBudget } from "../../src/github/retry.js";

const FAST = { baseMs: 1, timeoutMs: 2000 };

function client(env: Record<string, string> = {}) {
  const Octokit = octokitClassFor(env, FAST);
  return new Octokit({ auth: { token: "ghs_test" } } as ConstructorParameters<typeof ProbotOctokit>[0]);
}

describe("octokitClassFor: retries", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    // A delayed answer the client stopped waiting for still has its timer: abort it, or it keeps the
    // worker alive after the file ("a worker process has failed to exit gracefully").
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("is a subclass of Probot's Octokit", () => {
    expect(octokitClassFor({})).not.toBe(ProbotOctokit);
    expect(new (octokitClassFor({}))({ auth: { token: "t" } } as never)).toBeInstanceOf(ProbotOctokit);
  });

  it.each([
    ["500", 500, {}],
    ["502", 502, {}],
    ["503", 503, {}],
    ["429 with retry-after", 429, { "retry-after": "0" }],
    ["403 secondary rate limit with retry-after", 403, { "retry-after": "0" }],
    ["403 with the quota spent", 403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0" }],
  ])("retries a read after %s", async (_name, status, headers) => {
    nock("https://api.github.com")
      .get("/repos/o/r/pulls/1")
      .times(3)
      .reply(status, { message: "You have exceeded a secondary rate limit" }, headers)
      .get("/repos/o/r/pulls/1")
      .reply(200, { number: 1 });
    const { data } = await client({ NEOX_CHECK_THROTTLE: "off" }).rest.pulls.get({
      owner: "o",
      repo: "r",
      pull_number: 1,
    });
    expect(data.number).toBe(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("retries a reset connection and a slow answer", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/pulls/1")
      .replyWithError({ code: "ECONNRESET", message: "socket hang up" })
      .get("/repos/o/r/pulls/1")
      .delay(5000)
      .reply(200, { number: 0 })
      .get("/repos/o/r/pulls/1")
      .reply(200, { number: 1 });
    const Octokit = octokitClassFor({ NEOX_CHECK_THROTTLE: "off" }, { baseMs: 1, timeoutMs: 200 });
    const octokit = new Octokit({ auth: { token: "t" } } as never);
    const { data } = await octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(data.number).toBe(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not retry a 403 that is a missing permission, nor a plain 404", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/pulls/1")
      .reply(403, { message: "Resource not accessible by integration" })
      .get("/repos/o/r/pulls/2")
      .reply(404, { message: "Not Found" });
    const octokit = client({ NEOX_CHECK_THROTTLE: "off" });
    await expect(octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })).rejects.toMatchObject({
      status: 403,
    });
    await expect(octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 2 })).rejects.toMatchObject({
      status: 404,
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("retries a 404 on a read that asks for it (a ref just pushed), a limited number of times", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/git/trees/abc")
      .times(3)
      .reply(404, { message: "Not Found" });
    const octokit = client({ NEOX_CHECK_THROTTLE: "off" });
    await expect(
      octokit.rest.git.getTree({ owner: "o", repo: "r", tree_sha: "abc", request: { retryNotFound: true } }),
    ).rejects.toMatchObject({ status: 404 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not retry a POST answered 502 (it may have happened), but does after a rate limit", async () => {
    nock("https://api.github.com")
      .post("/repos/o/r/issues/1/comments")
      .reply(502, { message: "Bad Gateway" })
      .post("/repos/o/r/issues/1/comments")
      .reply(429, { message: "slow down" }, { "retry-after": "0" })
      .post("/repos/o/r/issues/1/comments")
      .reply(201, { id: 9 });
    const octokit = client({ NEOX_CHECK_THROTTLE: "off" });
    const comment = { owner: "o", repo: "r", issue_number: 1, body: "x" };
    await expect(octokit.rest.issues.createComment(comment)).rejects.toMatchObject({ status: 502 });
    const { data } = await octokit.rest.issues.createComment(comment);
    expect(data.id).toBe(9);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("never waits past the run budget: a long retry-after fails at once", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/pulls/1")
      .reply(403, { message: "secondary rate limit" }, { "retry-after": "30" });
    const octokit = client({ NEOX_CHECK_THROTTLE: "off" });
    await expect(
      withRunBudget(1000, () => octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })),
    ).rejects.toMatchObject({ status: 403 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
