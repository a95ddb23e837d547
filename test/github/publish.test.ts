import nock from "nock";
import { LRUCache } from "lru-cache";
import { completeCheckRun, type CheckAnnotation } from "../../src/github/publish/check-run.js";
import { publishReview } from "../../src/github/publish/review.js";
import { publishSummaryComment } from "../../src/github/publish/summary-comment.js";
import { testOctokit } from "./octokit.js";

const REPO = { owner: "acme", repo: "models" };
const PATH = "/repos/acme/models";
const MARKER = "<!-- neox-check:summary -->";

function annotations(count: number): CheckAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: "configs/a.yml",
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: "warning" as const,
    message: `finding ${i + 1}`,
  }));
}

describe("completeCheckRun", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    [0, [0]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
    [700, [50, 50, 50, 50, 50, 50, 50, 50, 50, 50]],
  ])("sends %i annotations as batches of %j, the conclusion with the last", async (count, batches) => {
    const bodies: Array<{
      status?: string;
      conclusion?: string;
      output: { annotations?: unknown[]; summary: string };
    }> = [];
    nock("https://api.github.com")
      .patch(`${PATH}/check-runs/9`)
      .times(batches.length)
      .reply(200, (_uri, body) => {
        bodies.push(body as (typeof bodies)[number]);
        return { id: 9 };
      });
    const result = await completeCheckRun(testOctokit(), REPO, 9, {
      title: "t",
      summary: "s",
      conclusion: "failure",
      annotations: annotations(count),
    });
    expect(bodies.map((b) => b.output.annotations?.length ?? 0)).toEqual(batches);
    expect(bodies.map((b) => b.conclusion ?? null)).toEqual([...batches.slice(1).map(() => null), "failure"]);
    expect(bodies.at(-1)?.status).toBe("completed");
    expect(result.requests).toBe(batches.length);
    if (count > 500) expect(bodies.at(-1)?.output.summary).toContain("200 more annotations were not added");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});

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

describe("publishReview", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const parseMarker = (body: string): string | null => /fp:(\w+)/.exec(body)?.[1] ?? null;

  it("posts nothing and minimizes nothing when there is nothing new or gone", async () => {
    nock("https://api.github.com")
      .get(`${PATH}/pulls/4/comments`)
      .query(true)
      .reply(200, [{ id: 1, node_id: "N1", body: "fp:aaa", user: { type: "Bot" } }]);
    const outcome = await publishReview(testOctokit(), REPO, 4, {
      headSha: "h",
      comments: [{ path: "a.yml", line: 1, body: "fp:aaa", fingerprint: "aaa" }],
      current: new Set(["aaa"]),
      parseMarker,
      reviewBody: "r",
      minimized: new LRUCache<string, true>({ max: 10 }),
    });
    expect(outcome).toEqual({ posted: 0, alreadyCommented: 1, minimized: 0 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("minimizes each outdated comment once per process", async () => {
    const scope = nock("https://api.github.com");
    scope
      .get(`${PATH}/pulls/4/comments`)
      .query(true)
      .times(2)
      .reply(200, [
        { id: 1, node_id: "N1", body: "fp:gone", user: { type: "Bot" } },
        { id: 2, node_id: "N2", body: "fp:gone but a person wrote it", user: { type: "User" } },
      ]);
    scope
      .post("/graphql", (body: { variables: { id: string } }) => body.variables.id === "N1")
      .reply(200, { data: {} });
    const minimized = new LRUCache<string, true>({ max: 10 });
    const input = {
      headSha: "h",
      comments: [],
      current: new Set<string>(),
      parseMarker,
      reviewBody: "r",
      minimized,
    };
    expect((await publishReview(testOctokit(), REPO, 4, input)).minimized).toBe(1);
    expect((await publishReview(testOctokit(), REPO, 4, input)).minimized).toBe(0);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
