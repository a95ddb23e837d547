import nock from "nock";
import { findingMarker, SUMMARY_MARKER } from "../../../src/report/index.js";
import { createAppState } from "../../../src/github/state.js";
import {
  API,
  BASE_SHA,
  CHECK_RUN_ID,
  CONFIG_PATH,
  FINETUNE,
  FINETUNE_LINE,
  PIN_LINE,
  changed,
  HEAD_SHA,
  REPO_PATH,
  REQUIREMENTS_PATH,
  capture,
  mockAnalysedPull,
  mockBlobPrefetch,
  mockCheckRun,
  mockExistingComments,
  mockExistingReviewComments,
  mockFirstPublish,
  mockNoConfig,
  mockPullFiles,
  mockPullGet,
  mockSnapshots,
  mockToken,
  neoxConfig,
  newProbot,
  payload,
  requirements,
  type Captured,
} from "../support.js";

/** The flagged change: finetune + load added to a bf16 config, deepspeed bumped into the affected range. */
const BASE_FILES = {
  "README.md": "# training\n",
  [CONFIG_PATH]: neoxConfig(),
  [REQUIREMENTS_PATH]: requirements("deepspeed==0.10.0"),
};
const FLAGGED_FILES = {
  ...BASE_FILES,
  [CONFIG_PATH]: neoxConfig(FINETUNE),
  [REQUIREMENTS_PATH]: requirements("deepspeed==0.12.6"),
};
const FIXED_FILES = { ...FLAGGED_FILES, [REQUIREMENTS_PATH]: requirements("deepspeed==0.13.0") };
const FLAGGED_PATCHES = [
  changed(CONFIG_PATH, BASE_FILES[CONFIG_PATH], FLAGGED_FILES[CONFIG_PATH]),
  changed(REQUIREMENTS_PATH, BASE_FILES[REQUIREMENTS_PATH], FLAGGED_FILES[REQUIREMENTS_PATH]),
];
/** The PR's diff stays the flagged one; the head is either still flagged or already fixed. */
const FLAGGED_RUN = { changes: FLAGGED_PATCHES, head: FLAGGED_FILES, base: BASE_FILES };
const FIXED_RUN = { ...FLAGGED_RUN, head: FIXED_FILES };

interface CheckUpdate {
  status?: string;
  conclusion?: string;
  output: { title: string; summary: string; annotations?: Array<{ path: string; start_line: number }> };
}

function lastUpdate(captured: Captured): CheckUpdate {
  return captured.updateCheck?.at(-1) as CheckUpdate;
}

describe("pull_request", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("flags finetune + bf16 on deepspeed 0.12.6: failing check with annotations, one summary comment, a review with a suggestion", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, FLAGGED_RUN);
    mockFirstPublish(scope, captured);

    const probot = await newProbot();
    await probot.receive({ name: "pull_request", id: "d-1", payload: payload("pull_request.opened") });

    expect(captured.createCheck).toEqual([
      expect.objectContaining({ name: "neox-check", head_sha: HEAD_SHA, status: "in_progress" }),
    ]);
    const done = lastUpdate(captured);
    expect(done.status).toBe("completed");
    expect(done.conclusion).toBe("failure");
    const annotated = (done.output.annotations ?? []).map((a) => `${a.path}:${a.start_line}`);
    expect(annotated).toEqual(
      expect.arrayContaining([`${CONFIG_PATH}:${FINETUNE_LINE}`, `${REQUIREMENTS_PATH}:${PIN_LINE}`]),
    );

    const comment = captured.comment?.[0] as { body: string };
    expect(captured.comment).toHaveLength(1);
    expect(comment.body).toContain(SUMMARY_MARKER);
    expect(comment.body).toContain("NXC101");

    const review = captured.review?.[0] as {
      event: string;
      commit_id: string;
      comments: Array<{ path: string; line: number; side: string; body: string }>;
    };
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(HEAD_SHA);
    const onPin = review.comments.find((c) => c.path === REQUIREMENTS_PATH && c.line === PIN_LINE);
    expect(onPin?.side).toBe("RIGHT");
    expect(onPin?.body).toContain("```suggestion\ndeepspeed==0.13.0\n```");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("after the fixing push: success, the summary edited to resolved, the outdated inline comment minimized, no new review", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockAnalysedPull(scope, captured, FIXED_RUN);
    mockExistingComments(scope, [
      { id: 11, body: "I like it", user: { type: "User" } },
      { id: 12, body: `${SUMMARY_MARKER}\nold findings` },
    ]);
    scope
      .patch(`${REPO_PATH}/issues/comments/12`)
      .reply(200, (uri, body) => (capture(captured, "edit")(uri, body), { id: 12 }));
    mockExistingReviewComments(scope, [
      { id: 21, node_id: "PRRC_21", body: `old finding\n${findingMarker("gone-fingerprint")}` },
      { id: 22, node_id: "PRRC_22", body: "a human reply", user: { type: "User" } },
    ]);
    scope
      .post("/graphql")
      .reply(
        200,
        (uri, body) => (
          capture(captured, "graphql")(uri, body),
          { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } }
        ),
      );

    const probot = await newProbot();
    await probot.receive({ name: "pull_request", id: "d-2", payload: payload("pull_request.synchronize") });

    expect(lastUpdate(captured).conclusion).toBe("success");
    const edit = captured.edit?.[0] as { body: string };
    expect(edit.body).toContain(SUMMARY_MARKER);
    expect(edit.body).not.toContain("old findings");
    expect(captured.graphql).toEqual([
      expect.objectContaining({
        query: expect.stringContaining("minimizeComment"),
        variables: { id: "PRRC_21" },
      }),
    ]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not comment again on a finding already commented, and leaves an unchanged summary alone", async () => {
    // First run, to learn exactly what the App writes.
    const first: Captured = {};
    let scope = nock(API);
    mockAnalysedPull(scope, first, FLAGGED_RUN);
    mockFirstPublish(scope, first);
    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-3", payload: payload("pull_request.opened") });
    expect(nock.pendingMocks()).toStrictEqual([]);

    const summary = (first.comment?.[0] as { body: string }).body;
    const inline = (first.review?.[0] as { comments: Array<{ body: string; path: string; line: number }> })
      .comments;

    // Same head again (a re-run): the comments exist, so nothing is posted or edited.
    const second: Captured = {};
    scope = nock(API);
    mockAnalysedPull(scope, second, FLAGGED_RUN);
    mockExistingComments(scope, [{ id: 1, body: summary }]);
    mockExistingReviewComments(
      scope,
      inline.map((c, i) => ({ id: 30 + i, node_id: `PRRC_${30 + i}`, body: c.body })),
    );
    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-4", payload: payload("pull_request.reopened") });

    expect(lastUpdate(second).conclusion).toBe("failure");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("completes a PR that touches nothing relevant as success, with no comment", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "README.md", patch: "@@ -1 +1 @@\n-# a\n+# b" }]);
    mockExistingComments(scope);

    const probot = await newProbot();
    await probot.receive({ name: "pull_request", id: "d-5", payload: payload("pull_request.opened") });

    expect(lastUpdate(captured)).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: { title: "Nothing to check" },
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.each([
    "pull_request.opened",
    "pull_request.synchronize",
    "pull_request.reopened",
    "pull_request.ready_for_review",
  ])("runs on %s", async (fixture) => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "docs/notes.md" }]);
    mockExistingComments(scope);
    const [name, action] = fixture.split(".") as [string, string];
    await (
      await newProbot()
    ).receive({ name: name as "pull_request", id: `d-${action}`, payload: payload(fixture) });
    expect(captured.createCheck).toHaveLength(1);
    expect(lastUpdate(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("runs on pull_request.edited when the base branch changed, and ignores other edits", async () => {
    const edited = (changes: object) => ({ ...payload("pull_request.opened"), action: "edited", changes });
    nock(API); // a title edit makes no request
    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-title", payload: edited({ title: { from: "x" } }) });
    expect(nock.pendingMocks()).toStrictEqual([]);

    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "docs/notes.md" }]);
    mockExistingComments(scope);
    const retarget = edited({ base: { ref: { from: "release" }, sha: { from: BASE_SHA } } });
    await (await newProbot()).receive({ name: "pull_request", id: "d-base", payload: retarget });
    expect(captured.createCheck).toHaveLength(1);
    expect(lastUpdate(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("ignores closed pull requests", async () => {
    nock(API); // no request may be made
    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-6", payload: payload("pull_request.closed") });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("ignores a duplicate delivery of the same event", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "README.md" }]);
    mockExistingComments(scope);

    const probot = await newProbot();
    await probot.receive({
      name: "pull_request",
      id: "same-delivery",
      payload: payload("pull_request.opened"),
    });
    await probot.receive({
      name: "pull_request",
      id: "same-delivery",
      payload: payload("pull_request.opened"),
    });

    expect(captured.createCheck).toHaveLength(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not publish results for a head that is no longer the PR's head", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, FLAGGED_PATCHES);
    mockNoConfig(scope);
    mockSnapshots(scope, FLAGGED_FILES, BASE_FILES);
    mockPullGet(scope, "0000000000000000000000000000000000000001");

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-7", payload: payload("pull_request.synchronize") });

    expect(lastUpdate(captured)).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "Superseded by a newer push" },
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("ends the check run failed (on_error), with the GitHub request id and a Re-run button, when the API fails", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    scope
      .get(`${REPO_PATH}/pulls/2/files`)
      .query(true)
      .reply(502, { message: "Server Error" }, { "x-github-request-id": "ABCD:1234:5678" });

    const probot = await newProbot();
    await probot.receive({ name: "pull_request", id: "d-8", payload: payload("pull_request.opened") });

    const done = lastUpdate(captured);
    expect(done).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "neox-check could not finish" },
      actions: [{ identifier: "rerun", label: "Re-run" }],
    });
    expect(done.output.summary).toContain("`ABCD:1234:5678`");
    expect(done.output.summary).toContain("`d-8`");
    expect(nock.pendingMocks()).toStrictEqual([]);

    // The failed delivery may be redelivered: it runs again.
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "README.md" }]);
    mockExistingComments(scope);
    await probot.receive({ name: "pull_request", id: "d-8", payload: payload("pull_request.opened") });
    expect(lastUpdate(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("ends the check run failed even when the first completion request fails", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, { id: CHECK_RUN_ID });
    mockPullFiles(scope, [{ filename: "README.md" }]);
    scope
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`)
      .reply(422, { message: "Invalid request" }, { "x-github-request-id": "EEEE:1" });
    scope
      .patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`)
      .reply(200, (uri, body) => (capture(captured, "updateCheck")(uri, body), { id: CHECK_RUN_ID }));

    await (
      await newProbot()
    ).receive({
      name: "pull_request",
      id: "d-8b",
      payload: payload("pull_request.opened"),
    });

    expect(lastUpdate(captured)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(lastUpdate(captured).output.summary).toContain("`EEEE:1`");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("reads a fork PR through the base repository, at the head SHA", async () => {
    const fork = payload("pull_request.opened");
    fork.pull_request.head.repo = {
      ...fork.pull_request.head.repo,
      id: 999,
      name: "Hello-World",
      full_name: "mallory/Hello-World",
      fork: true,
      owner: { login: "mallory", id: 9, type: "User" },
    };
    const captured: Captured = {};
    const scope = nock(API); // only Codertocat/Hello-World paths are mocked: a read from the fork would fail
    mockAnalysedPull(scope, captured, FIXED_RUN);
    mockExistingComments(scope);
    mockExistingReviewComments(scope);

    await (await newProbot()).receive({ name: "pull_request", id: "d-9", payload: fork });

    expect(lastUpdate(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("lists a truncated tree directory by directory", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: REQUIREMENTS_PATH, patch: "@@ -1 +1 @@\n-x\n+deepspeed" }]);
    mockNoConfig(scope);
    scope
      .get(`${REPO_PATH}/compare/${BASE_SHA}...${HEAD_SHA}`)
      .query(true)
      .reply(200, { status: "ahead", merge_base_commit: { sha: BASE_SHA } });
    const text = "deepspeed==0.13.0\n";
    const blob = "b".repeat(40);
    for (const sha of [HEAD_SHA, BASE_SHA]) {
      scope
        .get(`${REPO_PATH}/git/trees/${sha}`)
        .query({ recursive: "true" })
        .reply(200, { sha, truncated: true, tree: [] });
      scope.get(`${REPO_PATH}/git/trees/${sha}`).reply(200, {
        sha,
        truncated: false,
        tree: [{ path: "requirements", mode: "040000", type: "tree", sha: "d".repeat(40) }],
      });
    }
    scope
      .get(`${REPO_PATH}/git/trees/${"d".repeat(40)}`)
      .times(2)
      .reply(200, {
        truncated: false,
        tree: [{ path: "requirements.txt", mode: "100644", type: "blob", sha: blob, size: text.length }],
      });
    mockBlobPrefetch(scope, new Map([[blob, text]]));
    mockPullGet(scope);
    mockExistingComments(scope);
    mockExistingReviewComments(scope);

    await (
      await newProbot()
    ).receive({ name: "pull_request", id: "d-10", payload: payload("pull_request.opened") });

    expect(lastUpdate(captured).conclusion).toBe("success");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("serialises runs of one PR so two deliveries at once create one summary comment", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockCheckRun(scope, captured, 1);
    mockCheckRun(scope, captured, 1);
    for (let i = 0; i < 2; i++) {
      mockPullFiles(scope, FLAGGED_PATCHES);
      mockNoConfig(scope);
      mockSnapshots(scope, FLAGGED_FILES, BASE_FILES);
      mockPullGet(scope);
    }
    mockExistingComments(scope);
    scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (uri, body) => {
      capture(captured, "comment")(uri, body);
      // From now on the comment exists.
      mockExistingComments(scope, [{ id: 1, body: (body as { body: string }).body }]);
      return { id: 1 };
    });
    mockExistingReviewComments(scope);
    scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (uri, body) => {
      capture(captured, "review")(uri, body);
      const comments = (body as { comments: Array<{ body: string }> }).comments;
      mockExistingReviewComments(
        scope,
        comments.map((c, i) => ({ id: 40 + i, node_id: `PRRC_${40 + i}`, body: c.body })),
      );
      return { id: 5 };
    });

    const probot = await newProbot(createAppState({ today: () => "2026-01-15" }));
    await Promise.all([
      probot.receive({ name: "pull_request", id: "d-11", payload: payload("pull_request.opened") }),
      probot.receive({ name: "pull_request", id: "d-12", payload: payload("pull_request.reopened") }),
    ]);

    expect(captured.comment).toHaveLength(1);
    expect(captured.review).toHaveLength(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
