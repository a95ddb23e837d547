import nock from "nock";
import {
  API,
  HEAD_SHA,
  PULL_NUMBER,
  REPO_PATH,
  mockCheckRun,
  mockExistingComments,
  mockPullFiles,
  mockToken,
  newProbot,
  payload,
  type Payload,
  type Captured,
} from "../support.js";

/** The check_run example is from github/hello-world; point it at the PR the other fixtures use. */
function checkRunEvent(pullRequests: Array<{ number: number }>): Payload {
  const event = payload("check_run.rerequested");
  const pr = payload("pull_request.opened");
  event.repository = pr.repository;
  event.check_run.name = "neox-check";
  event.check_run.head_sha = HEAD_SHA;
  event.check_run.pull_requests = pullRequests;
  return event;
}

function mockOpenPull(scope: nock.Scope, headSha = HEAD_SHA): nock.Scope {
  return scope.get(`${REPO_PATH}/pulls/${PULL_NUMBER}`).reply(200, {
    number: PULL_NUMBER,
    state: "open",
    head: { sha: headSha },
    base: { sha: "b".repeat(40) },
  });
}

function mockNothingToCheck(scope: nock.Scope, captured: Captured): void {
  mockCheckRun(scope, captured);
  mockPullFiles(scope, [{ filename: "README.md" }]);
  mockExistingComments(scope);
}

describe("re-run buttons", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("check_run.rerequested re-runs the PRs listed in the payload", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockOpenPull(scope);
    mockNothingToCheck(scope, captured);
    await (
      await newProbot()
    ).receive({ name: "check_run", id: "cr1", payload: checkRunEvent([{ number: PULL_NUMBER }]) });
    expect(captured.createCheck).toEqual([
      expect.objectContaining({ head_sha: HEAD_SHA, name: "neox-check" }),
    ]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("check_run.rerequested from a fork PR (no PRs in the payload) finds the open PR by head SHA", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    scope
      .get(`${REPO_PATH}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [
        { number: 7, state: "open", head: { sha: "c".repeat(40) }, base: { sha: "b".repeat(40) } },
        { number: PULL_NUMBER, state: "open", head: { sha: HEAD_SHA }, base: { sha: "b".repeat(40) } },
      ]);
    mockNothingToCheck(scope, captured);
    await (await newProbot()).receive({ name: "check_run", id: "cr2", payload: checkRunEvent([]) });
    expect(captured.createCheck).toHaveLength(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("check_run.rerequested for a commit that is no longer the PR's head runs nothing", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockOpenPull(scope, "d".repeat(40));
    await (
      await newProbot()
    ).receive({ name: "check_run", id: "cr3", payload: checkRunEvent([{ number: PULL_NUMBER }]) });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("ignores re-runs of other apps' check runs", async () => {
    nock(API);
    const event = checkRunEvent([{ number: PULL_NUMBER }]);
    event.check_run.name = "ci/build";
    await (await newProbot()).receive({ name: "check_run", id: "cr4", payload: event });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("check_suite.rerequested re-runs the PRs of the suite", async () => {
    const captured: Captured = {};
    const event = payload("check_suite.rerequested");
    event.installation.id = 1;
    const scope = nock(API);
    mockToken(scope);
    mockOpenPull(scope);
    mockNothingToCheck(scope, captured);
    await (await newProbot()).receive({ name: "check_suite", id: "cs1", payload: event });
    expect(captured.createCheck).toEqual([expect.objectContaining({ head_sha: HEAD_SHA })]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
