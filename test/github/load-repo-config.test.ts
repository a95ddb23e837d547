import nock from "nock";
import {
  API,
  BASE_SHA,
  CONFIG_PATH,
  FINETUNE,
  changed,
  REPO,
  REPO_PATH,
  REQUIREMENTS_PATH,
  capture,
  mockCheckRun,
  mockExistingComments,
  mockExistingReviewComments,
  mockPullFiles,
  mockPullGet,
  mockSnapshots,
  mockToken,
  neoxConfig,
  newProbot,
  payload,
  requirements,
  type Captured,
} from "./support.js";

const CONFIG_FILE = ".github/neox-check.yml";
const OWN = `${REPO_PATH}/contents/.github%2Fneox-check.yml`;
const ORG = `/repos/${REPO.owner}/.github/contents/.github%2Fneox-check.yml`;
const RAW = { "content-type": "text/plain; charset=utf-8" };

const BASE_FILES = { [CONFIG_PATH]: neoxConfig(), [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0") };
const FLAGGED_FILES = {
  [CONFIG_PATH]: neoxConfig(FINETUNE),
  [REQUIREMENTS_PATH]: requirements("deepspeed==0.12.6"),
};
const CHANGES = [
  changed(CONFIG_PATH, BASE_FILES[CONFIG_PATH], FLAGGED_FILES[CONFIG_PATH]),
  changed(REQUIREMENTS_PATH, BASE_FILES[REQUIREMENTS_PATH], FLAGGED_FILES[REQUIREMENTS_PATH]),
];

interface CheckUpdate {
  conclusion?: string;
  output: {
    title: string;
    summary: string;
    annotations?: Array<{ path: string; start_line: number; message: string }>;
  };
}

/**
 * Everything after the config is loaded, for a run that analyses and publishes: a summary comment
 * (there is always something new to say here), and a review when a new finding is on the diff.
 */
function mockAnalysedRun(
  scope: nock.Scope,
  head: Record<string, string>,
  captured: Captured,
  options: { review: boolean },
): void {
  mockSnapshots(scope, head, BASE_FILES);
  mockPullGet(scope);
  mockExistingComments(scope);
  scope
    .post(`${REPO_PATH}/issues/2/comments`)
    .reply(201, (uri, body) => (capture(captured, "comment")(uri, body), { id: 1 }));
  mockExistingReviewComments(scope);
  if (options.review) {
    scope
      .post(`${REPO_PATH}/pulls/2/reviews`)
      .reply(200, (uri, body) => (capture(captured, "review")(uri, body), { id: 2 }));
  }
}

describe(".github/neox-check.yml", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("invalid YAML in the repository's own file fails the check with the parser's message at its line", async () => {
    const broken = "# neox-check settings\nfail_on: [error\nscope: new\n";
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, CHANGES);
    scope.get(OWN).times(2).reply(200, broken, RAW); // context.config, then the raw text for positions
    mockAnalysedRun(scope, { ...BASE_FILES, [CONFIG_FILE]: broken }, captured, {
      review: false,
    });

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "cfg-1", payload: payload("pull_request.opened") });

    const done = captured.updateCheck?.at(-1) as CheckUpdate;
    expect(done.conclusion).toBe("failure");
    const onConfig = done.output.annotations?.find((a) => a.path === CONFIG_FILE);
    expect(onConfig?.start_line).toBeGreaterThanOrEqual(2);
    expect(onConfig?.message).toMatch(/not valid YAML/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a value the schema rejects is reported at its line in the file", async () => {
    const invalid = "# neox-check settings\nfail_on: sometimes\n";
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, CHANGES);
    scope.get(OWN).times(2).reply(200, invalid, RAW);
    mockAnalysedRun(scope, { ...BASE_FILES, [CONFIG_FILE]: invalid }, captured, {
      review: false,
    });

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "cfg-2", payload: payload("pull_request.opened") });

    const done = captured.updateCheck?.at(-1) as CheckUpdate;
    expect(done.conclusion).toBe("failure");
    const onConfig = done.output.annotations?.find((a) => a.path === CONFIG_FILE);
    expect(onConfig?.start_line).toBe(2);
    expect(onConfig?.message).toContain("fail_on");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a broken file in the organisation's .github repository fails the check, naming the file", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, CHANGES);
    scope.get(OWN).times(2).reply(404, { message: "Not Found" });
    scope.get(ORG).reply(200, "rules: {NXC101: off\n", RAW);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "cfg-3", payload: payload("pull_request.opened") });

    const done = captured.updateCheck?.at(-1) as CheckUpdate;
    expect(done).toMatchObject({
      conclusion: "failure",
      output: { title: "Invalid neox-check configuration" },
    });
    expect(done.output.summary).toContain("/repos/Codertocat/.github/contents/.github%2Fneox-check.yml");
    expect(done.output.summary).toContain("invalid YAML");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.each([
    [
      "the organisation's .github repository",
      (scope: nock.Scope) => {
        scope.get(OWN).reply(404, { message: "Not Found" });
        scope.get(ORG).reply(200, "fail_on: never\n", RAW);
      },
    ],
    [
      "_extends",
      (scope: nock.Scope) => {
        scope.get(OWN).reply(200, "_extends: shared-settings\n", RAW);
        scope
          .get(`/repos/${REPO.owner}/shared-settings/contents/.github%2Fneox-check.yml`)
          .reply(200, "fail_on: never\n", RAW);
      },
    ],
  ])("settings from %s apply (fail_on: never turns a failure into success)", async (_name, mockConfig) => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, CHANGES);
    mockConfig(scope);
    mockAnalysedRun(scope, FLAGGED_FILES, captured, { review: true });

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: `cfg-${_name}`, payload: payload("pull_request.opened") });

    const done = captured.updateCheck?.at(-1) as CheckUpdate;
    expect(done.conclusion).toBe("success");
    expect(done.output.annotations?.some((a) => a.path === CONFIG_PATH)).toBe(true);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("reads the merge base, not the moving base branch tip", async () => {
    // Covered by mockSnapshots: the base tree requested is the compare API's merge_base_commit.
    const captured: Captured = {};
    const scope = nock(API);
    const mergeBase = "9".repeat(40);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, CHANGES);
    scope.get(OWN).reply(404, { message: "Not Found" });
    scope.get(ORG).reply(404, { message: "Not Found" });
    mockSnapshots(scope, BASE_FILES, BASE_FILES, { baseSha: mergeBase });
    mockPullGet(scope);
    mockExistingComments(scope);
    mockExistingReviewComments(scope);
    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "cfg-mb", payload: payload("pull_request.opened") });
    expect((captured.updateCheck?.at(-1) as CheckUpdate).conclusion).toBe("success");
    expect(mergeBase).not.toBe(BASE_SHA);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
