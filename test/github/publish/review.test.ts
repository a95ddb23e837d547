import nock from "nock";
import { LRUCache } from "lru-cache";
import { publishReview } from "../../../src/github/publish/review.js";
import { testOctokit } from "../octokit.js";

const REPO = { owner: "acme", repo: "models" };
const PATH = "/repos/acme/models";

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
