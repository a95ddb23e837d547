import nock from "nock";
import { publishSummaryComment } from "../../../src/github/publish/summary-comment.js";
import { testOctokit } from "../octokit.js";

const REPO = { owner: "acme", repo: "models" };
const PATH = "/repos/acme/models";
const MARKER = "<!-- neox-check:summary -->";

describe("publishSummaryComment", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function list(comments: Array<{ id: number; body: string; type?: string }>): void {
    nock("https://api.github.com")
      .get(`${PATH}/issues/4/comments`)
      .query(true)
      .reply(
        200,
        comments.map((c) => ({ id: c.id, body: c.body, user: { type: c.type ?? "Bot" } })),
      );
  }

  it("posts nothing when there is nothing to say and no comment yet", async () => {
    list([]);
    expect(
      await publishSummaryComment(testOctokit(), REPO, 4, {
        marker: MARKER,
        body: null,
        resolvedBody: `${MARKER} ok`,
      }),
    ).toBe("none");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("creates the comment when there is something to say", async () => {
    list([{ id: 1, body: `quoting ${MARKER}`, type: "User" }]);
    nock("https://api.github.com")
      .post(`${PATH}/issues/4/comments`, { body: `${MARKER} bad` })
      .reply(201, { id: 2 });
    expect(
      await publishSummaryComment(testOctokit(), REPO, 4, {
        marker: MARKER,
        body: `${MARKER} bad`,
        resolvedBody: "",
      }),
    ).toBe("created");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("edits the existing comment in place, and only when the text changes", async () => {
    list([{ id: 3, body: `${MARKER} bad` }]);
    nock("https://api.github.com")
      .patch(`${PATH}/issues/comments/3`, { body: `${MARKER} resolved` })
      .reply(200, { id: 3 });
    expect(
      await publishSummaryComment(testOctokit(), REPO, 4, {
        marker: MARKER,
        body: null,
        resolvedBody: `${MARKER} resolved`,
      }),
    ).toBe("updated");
    list([{ id: 3, body: `${MARKER} resolved` }]);
    expect(
      await publishSummaryComment(testOctokit(), REPO, 4, {
        marker: MARKER,
        body: null,
        resolvedBody: `${MARKER} resolved`,
      }),
    ).toBe("unchanged");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("finds the comment on a later page", async () => {
    const scope = nock("https://api.github.com");
    scope
      .get(`${PATH}/issues/4/comments`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, body: "hi", user: { type: "User" } }], {
        link: `<https://api.github.com${PATH}/issues/4/comments?per_page=100&page=2>; rel="next"`,
      });
    scope
      .get(`${PATH}/issues/4/comments`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [{ id: 7, body: `${MARKER} old`, user: { type: "Bot" } }]);
    scope.patch(`${PATH}/issues/comments/7`).reply(200, { id: 7 });
    expect(
      await publishSummaryComment(testOctokit(), REPO, 4, {
        marker: MARKER,
        body: `${MARKER} new`,
        resolvedBody: "",
      }),
    ).toBe("updated");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
