import nock from "nock";
import { MAX_TEXT_BYTES } from "../../src/core/parse/decode-text.js";
import { createApiWorkspace, createBlobStore } from "../../src/github/api-workspace.js";
import { testOctokit } from "./octokit.js";

const REPO = { owner: "acme", repo: "models" };
const PATH = "/repos/acme/models";

function blob(scope: nock.Scope, sha: string, bytes: Buffer): nock.Scope {
  return scope
    .get(`${PATH}/git/blobs/${sha}`)
    .reply(200, { sha, size: bytes.length, encoding: "base64", content: bytes.toString("base64") });
}

describe("the API workspace", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("lists regular files only and reads each blob once, shared between snapshots", async () => {
    const scope = nock("https://api.github.com");
    const tree = [
      { path: "configs", mode: "040000", type: "tree", sha: "t1" },
      { path: "configs/a.yml", mode: "100644", type: "blob", sha: "b1", size: 6 },
      { path: "link.yml", mode: "120000", type: "blob", sha: "b2", size: 13 },
      { path: "vendor/neox", mode: "160000", type: "commit", sha: "c1" },
    ];
    scope.get(`${PATH}/git/trees/head`).query({ recursive: "true" }).reply(200, { truncated: false, tree });
    scope.get(`${PATH}/git/trees/base`).query({ recursive: "true" }).reply(200, { truncated: false, tree });
    blob(scope, "b1", Buffer.from("a: 1\n"));
    const blobs = createBlobStore(testOctokit(), REPO);
    const head = createApiWorkspace(testOctokit(), REPO, "head", blobs);
    const base = createApiWorkspace(testOctokit(), REPO, "base", blobs);

    expect(await head.list()).toEqual(["configs/a.yml"]);
    expect(await head.files()).toEqual([{ path: "configs/a.yml", sha: "b1", size: 6 }]);
    expect(await head.read("configs/a.yml")).toBe("a: 1\n");
    expect(await base.read("configs/a.yml")).toBe("a: 1\n");
    expect(await head.read("link.yml")).toBeNull();
    expect(await head.read("missing.yml")).toBeNull();
    expect(blobs.fetched).toBe(1);
    expect(head.incomplete).toBe(false);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("does not fetch a blob over 1 MiB", async () => {
    const scope = nock("https://api.github.com");
    scope
      .get(`${PATH}/git/trees/head`)
      .query(true)
      .reply(200, {
        truncated: false,
        tree: [{ path: "big.yml", mode: "100644", type: "blob", sha: "b9", size: MAX_TEXT_BYTES + 1 }],
      });
    const ws = createApiWorkspace(testOctokit(), REPO, "head", createBlobStore(testOctokit(), REPO));
    expect(await ws.read("big.yml")).toBeNull();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("reads a primed blob without a request (the GraphQL prefetch fills the store this way)", async () => {
    const blobs = createBlobStore(testOctokit(), REPO);
    expect(blobs.has("b1")).toBe(false);
    blobs.prime("b1", "a: 1\n");
    blobs.prime("b2", null);
    expect(blobs.has("b1")).toBe(true);
    expect(await blobs.read("b1")).toBe("a: 1\n");
    expect(await blobs.read("b2")).toBeNull();
    expect(blobs.fetched).toBe(0);
  });

  it("does not cache a failed read", async () => {
    const scope = nock("https://api.github.com");
    scope.get(`${PATH}/git/blobs/b1`).reply(500, { message: "boom" });
    blob(scope, "b1", Buffer.from("ok"));
    const blobs = createBlobStore(testOctokit(), REPO);
    await expect(blobs.read("b1")).rejects.toThrow();
    expect(await blobs.read("b1")).toBe("ok");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("stops listing a truncated tree at its request budget and says so", async () => {
    const scope = nock("https://api.github.com");
    scope
      .get(`${PATH}/git/trees/head`)
      .query({ recursive: "true" })
      .reply(200, { truncated: true, tree: [] });
    // Every level holds one file and one subdirectory, forever.
    scope
      .get(/\/repos\/acme\/models\/git\/trees\/[^?]+$/)
      .times(200)
      .reply(200, (uri) => {
        const sha = uri.split("/").pop() as string;
        return {
          truncated: false,
          tree: [
            { path: "f.txt", mode: "100644", type: "blob", sha: `${sha}f`, size: 1 },
            { path: "d", mode: "040000", type: "tree", sha: `${sha}d` },
          ],
        };
      });
    const ws = createApiWorkspace(testOctokit(), REPO, "head", createBlobStore(testOctokit(), REPO));
    const paths = await ws.list();
    expect(paths).toHaveLength(200);
    expect(paths[1]).toBe("d/f.txt");
    expect(ws.incomplete).toBe(true);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
