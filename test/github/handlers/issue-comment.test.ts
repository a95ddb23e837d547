import nock from "nock";
import { renderHelp } from "../../../src/report/index.js";
import {
  API,
  PULL_NUMBER,
  REPO_PATH,
  capture,
  mockCheckRun,
  mockExistingComments,
  mockPullFiles,
  mockToken,
  newProbot,
  payload,
  type Payload,
  type Captured,
} from "../support.js";

/** `issue_comment.created` on PR #2 by `user` with `body`. */
function commentEvent(
  body: string,
  user: { login: string; type: string } = { login: "maria", type: "User" },
): Payload {
  const event = payload("issue_comment.created");
  event.issue.number = PULL_NUMBER;
  event.comment.body = body;
  event.comment.user = { ...event.comment.user, ...user };
  event.sender = { ...event.sender, ...user };
  return event;
}

function mockRole(scope: nock.Scope, login: string, permission: string, roleName: string): nock.Scope {
  return scope
    .get(`${REPO_PATH}/collaborators/${login}/permission`)
    .reply(200, { permission, role_name: roleName, user: { login } });
}

/** The App's reply comment on the PR, its body captured as `reply`. */
function mockReply(scope: nock.Scope, captured: Captured): nock.Scope {
  return scope
    .post(`${REPO_PATH}/issues/${PULL_NUMBER}/comments`)
    .reply(201, (uri, body) => (capture(captured, "reply")(uri, body), { id: 9 }));
}

describe("issue_comment /neox-check", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    ["admin", "admin"],
    ["write", "maintain"],
    ["write", "write"],
  ])("runs for permission %s (role %s): reaction first, then the check", async (permission, role) => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", permission, role);
    scope
      .post(`${REPO_PATH}/issues/comments/492700400/reactions`)
      .reply(201, (uri, body) => (capture(captured, "reaction")(uri, body), { id: 1 }));
    scope.get(`${REPO_PATH}/pulls/${PULL_NUMBER}`).reply(200, {
      number: PULL_NUMBER,
      state: "open",
      head: { sha: "a".repeat(40) },
      base: { sha: "b".repeat(40) },
    });
    mockCheckRun(scope, captured);
    mockPullFiles(scope, [{ filename: "README.md" }]);
    mockExistingComments(scope);

    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: `c-${role}`, payload: commentEvent("/neox-check") });

    expect(captured.reaction).toEqual([{ content: "eyes" }]);
    expect(captured.createCheck).toEqual([expect.objectContaining({ head_sha: "a".repeat(40) })]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.each([
    ["read", "read"],
    ["read", "triage"],
    ["none", "none"],
  ])("refuses permission %s (role %s) with one short reply, and runs nothing", async (permission, role) => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", permission, role);
    mockReply(scope, captured);

    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: `r-${role}`, payload: commentEvent("/neox-check run") });

    expect(captured.reply).toEqual([
      { body: "@maria only people with write access to this repository can run `/neox-check`." },
    ]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("refuses someone who is not a collaborator (404)", async () => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(`${REPO_PATH}/collaborators/maria/permission`).reply(404, { message: "Not Found" });
    scope.post(`${REPO_PATH}/issues/${PULL_NUMBER}/comments`).reply(201, { id: 9 });
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "r-404", payload: commentEvent("/NEOX-CHECK") });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("replies to help with the commands", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", "write", "write");
    mockReply(scope, captured);
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "h", payload: commentEvent("/neox-check help\nthanks!") });
    expect(captured.reply).toEqual([{ body: renderHelp() }]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("replies to explain NXC101 with the rule and its references", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", "write", "write");
    mockReply(scope, captured);
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "e", payload: commentEvent("/neox-check explain nxc101") });
    const reply = (captured.reply?.[0] as { body: string }).body;
    expect(reply).toContain("NXC101");
    expect(reply).toContain("finetune-bf16-stale-master-weights");
    expect(reply).toMatch(/github\.com\/(microsoft|deepspeedai)\/DeepSpeed\/pull\/4141/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.each([
    ["/neox-check explain NXC999", "Which rule?"],
    ["/neox-check explain", "Which rule?"],
    ["/neox-check frobnicate", "Unknown command `frobnicate`."],
  ])("answers %s with guidance", async (body, expected) => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", "admin", "admin");
    mockReply(scope, captured);
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: `g-${body}`, payload: commentEvent(body) });
    expect((captured.reply?.[0] as { body: string }).body).toContain(expected);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does nothing for comments that are not commands", async () => {
    nock(API);
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "n1", payload: commentEvent("LGTM /neox-check") });
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "n2", payload: commentEvent("/neox-checker run") });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does nothing for comments by bots, including this App's own", async () => {
    nock(API);
    const own = commentEvent("/neox-check", { login: "neox-check[bot]", type: "Bot" });
    await (await newProbot()).receive({ name: "issue_comment", id: "b1", payload: own });
    const other = commentEvent("/neox-check run", { login: "renovate[bot]", type: "Bot" });
    await (await newProbot()).receive({ name: "issue_comment", id: "b2", payload: other });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does nothing for comments on issues that are not pull requests", async () => {
    nock(API);
    const event = commentEvent("/neox-check");
    delete event.issue.pull_request;
    await (await newProbot()).receive({ name: "issue_comment", id: "i1", payload: event });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does nothing for edited comments", async () => {
    nock(API);
    const event = payload("issue_comment.edited");
    event.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" };
    event.comment.body = "/neox-check";
    await (await newProbot()).receive({ name: "issue_comment", id: "ed1", payload: event });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("answers a run on a closed PR without running", async () => {
    const captured: Captured = {};
    const scope = nock(API);
    mockToken(scope);
    mockRole(scope, "maria", "write", "write");
    scope.post(`${REPO_PATH}/issues/comments/492700400/reactions`).reply(201, { id: 1 });
    scope.get(`${REPO_PATH}/pulls/${PULL_NUMBER}`).reply(200, {
      number: PULL_NUMBER,
      state: "closed",
      head: { sha: "a".repeat(40) },
      base: { sha: "b".repeat(40) },
    });
    mockReply(scope, captured);
    await (
      await newProbot()
    ).receive({ name: "issue_comment", id: "closed", payload: commentEvent("/neox-check") });
    expect((captured.reply?.[0] as { body: string }).body).toContain("closed");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
