import nock from "nock";
import { createCompareCache, createCompareResolver } from "../../src/github/compare-resolver.js";
import { testOctokit } from "./octokit.js";

const DS = "/repos/EleutherAI/DeeperSpeed";
const BUG = "3362dad87d1a8c1a5e9414e02a5d09b38064c064";
const FIX = "a48c6493f1fc6a1652723ab5542f7703be6f03a5";
const PINNED = "1234567890abcdef1234567890abcdef12345678";

function compare(scope: nock.Scope, ancestor: string, sha: string, status: string): nock.Scope {
  return scope.get(`${DS}/compare/${ancestor}...${sha}`).query(true).reply(200, { status });
}

describe("createCompareResolver", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each([
    ["ahead", "ahead", true],
    ["identical", "identical", true],
    ["behind", "behind", false],
    ["diverged", "diverged", false],
  ])("compare status %s means contains = %s", async (_name, status, expected) => {
    const scope = nock("https://api.github.com");
    compare(scope, BUG, PINNED, status);
    const resolver = createCompareResolver(testOctokit(), createCompareCache());
    const result = await resolver.resolve("EleutherAI/DeeperSpeed", PINNED, [BUG]);
    expect(result).toEqual({
      ok: true,
      commit: { sha: PINNED, versionTxt: null, tags: [], contains: { [BUG]: expected }, via: "github" },
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("resolves a short SHA to the full one first, and caches both answers", async () => {
    const scope = nock("https://api.github.com");
    scope.get(`${DS}/commits/1234567`).query(true).reply(200, { sha: PINNED });
    compare(scope, BUG, PINNED, "ahead");
    compare(scope, FIX, PINNED, "diverged");
    const cache = createCompareCache();
    const first = await createCompareResolver(testOctokit(), cache).resolve(
      "eleutherai/deeperspeed",
      "1234567",
      [BUG, FIX],
    );
    // A second run (another installation's client) asks GitHub nothing.
    const second = await createCompareResolver(testOctokit(), cache).resolve(
      "EleutherAI/DeeperSpeed",
      "1234567",
      [BUG, FIX],
    );
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      ok: true,
      commit: { sha: PINNED, contains: { [BUG]: true, [FIX]: false } },
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not cache a tag or branch name: it can move", async () => {
    const scope = nock("https://api.github.com");
    scope.get(`${DS}/commits/main`).query(true).times(2).reply(200, { sha: PINNED });
    compare(scope, BUG, PINNED, "ahead");
    const cache = createCompareCache();
    await createCompareResolver(testOctokit(), cache).resolve("EleutherAI/DeeperSpeed", "main", [BUG]);
    await createCompareResolver(testOctokit(), cache).resolve("EleutherAI/DeeperSpeed", "main", [BUG]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("an unknown ref is unresolved, with the reason", async () => {
    const scope = nock("https://api.github.com");
    scope
      .get(`${DS}/commits/deadbee`)
      .query(true)
      .reply(422, { message: "No commit found for SHA: deadbee" });
    const result = await createCompareResolver(testOctokit(), createCompareCache()).resolve(
      "EleutherAI/DeeperSpeed",
      "deadbee",
      [BUG],
    );
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toContain("HTTP 422");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a failed compare leaves that ancestor unknown (missing), the others answered", async () => {
    const scope = nock("https://api.github.com");
    compare(scope, BUG, PINNED, "ahead");
    scope.get(`${DS}/compare/${FIX}...${PINNED}`).query(true).reply(500, { message: "boom" });
    const result = await createCompareResolver(testOctokit(), createCompareCache()).resolve(
      "EleutherAI/DeeperSpeed",
      PINNED,
      [BUG, FIX],
    );
    expect(result).toMatchObject({ ok: true, commit: { contains: { [BUG]: true } } });
    expect(result.ok && Object.keys(result.commit.contains)).toEqual([BUG]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not ask GitHub about other repositories", async () => {
    nock("https://api.github.com");
    const result = await createCompareResolver(testOctokit(), createCompareCache()).resolve(
      "someone/DeepSpeed",
      PINNED,
      [BUG],
    );
    expect(result.ok).toBe(false);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
