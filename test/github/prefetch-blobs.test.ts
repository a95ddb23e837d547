import nock from "nock";
import { MAX_TEXT_BYTES } from "../../src/core/parse/decode-text.js";
import { createApiWorkspace, createBlobStore } from "../../src/github/api-workspace.js";
import {
  blobQuery,
  blobTextOf,
  GRAPHQL_TEXT_LIMIT,
  PREFETCH_CHUNK,
  prefetchCandidateBlobs,
} from "../../src/github/prefetch-blobs.js";
import type { Log } from "../../src/github/types.js";
import { testOctokit } from "./octokit.js";
import {
  API,
  BASE_SHA,
  HEAD_SHA,
  REPO,
  REPO_PATH,
  blobSha,
  graphqlBlob,
  isBlobQuery,
  mockBlobPrefetch,
  mockRestBlob,
  mockTree,
  queriedOids,
  type GraphqlBody,
} from "./support.js";

interface LogRecord {
  level: string;
  meta: unknown;
  msg: string;
}

/** A logger that keeps what it is told (the prefetch logs a static message plus metadata). */
function recordingLog(): { log: Log; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: string) => (meta: unknown, msg: string) => {
    records.push({ level, meta, msg });
  };
  const log = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { log: log as unknown as Log, records };
}

/** Head and base workspaces over one shared store, as a run builds them. */
function snapshots() {
  const octokit = testOctokit();
  const blobs = createBlobStore(octokit, REPO);
  const head = createApiWorkspace(octokit, REPO, HEAD_SHA, blobs);
  const base = createApiWorkspace(octokit, REPO, BASE_SHA, blobs);
  return { octokit, blobs, head, base };
}

function configs(count: number, prefix = "configs/c"): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${prefix}${i}.yml`] = `{ "num_layers": ${i} }\n`;
  return files;
}

function blobMap(files: Record<string, string | Buffer>): Map<string, string | Buffer> {
  return new Map(Object.values(files).map((content) => [blobSha(content), content]));
}

/** Answers any number of blob prefetches from `blobs`, recording the oids each one asked for. */
function mockAnyPrefetches(
  scope: nock.Scope,
  blobs: Map<string, string | Buffer>,
  times: number,
  asked: string[][],
): void {
  scope
    .post("/graphql", (body: GraphqlBody) => isBlobQuery(body))
    .times(times)
    .reply(200, (_uri, body) => {
      const queried = queriedOids((body as GraphqlBody).query ?? "");
      asked.push(queried.map((q) => q.oid));
      const repository: Record<string, unknown> = {};
      for (const { alias, oid } of queried) {
        const content = blobs.get(oid);
        repository[alias] = content === undefined ? null : graphqlBlob(content);
      }
      return { data: { repository } };
    });
}

describe("prefetchCandidateBlobs", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("reads every candidate blob of head and base in one GraphQL request, a blob both share once", async () => {
    const base = {
      ...configs(40),
      "requirements/requirements.txt": "deepspeed==0.10.0\n",
      "megatron/neox_arguments/neox_args.py": "class NeoXArgs:\n    pass\n",
      "README.md": "# not a candidate\n",
      "src/train.py": "print('not a candidate')\n",
    };
    const head = { ...base, "configs/c0.yml": "{ changed: true }\n", "configs/new.yml": "{ a: 1 }\n" };
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, head);
    mockTree(scope, BASE_SHA, base);
    const notCandidates = new Set(["README.md", "src/train.py"]);
    const candidates = (files: Record<string, string>) =>
      blobMap(Object.fromEntries(Object.entries(files).filter(([path]) => !notCandidates.has(path))));
    const asked: string[][] = [];
    mockBlobPrefetch(scope, new Map([...candidates(base), ...candidates(head)]), { asked });
    const { octokit, blobs, head: headWs, base: baseWs } = snapshots();
    const { log } = recordingLog();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [headWs, baseWs], log);

    // 40 configs + requirements + args in the base, 2 more blobs in the head.
    expect(result).toEqual({ wanted: 44, requests: 1, filled: 44, left: 0 });
    expect(asked).toHaveLength(1);
    expect(new Set(asked[0]).size).toBe(asked[0]?.length);
    for (const [path, text] of Object.entries(head)) {
      if (!notCandidates.has(path)) expect(await headWs.read(path)).toBe(text);
    }
    expect(await baseWs.read("configs/c0.yml")).toBe('{ "num_layers": 0 }\n');
    expect(blobs.fetched).toBe(0);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it(`asks at most ${PREFETCH_CHUNK} blobs per request`, async () => {
    const files = configs(250);
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, files);
    const asked: string[][] = [];
    mockAnyPrefetches(scope, blobMap(files), 3, asked);
    const { octokit, blobs, head, base } = snapshots();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], recordingLog().log);

    expect(result).toEqual({ wanted: 250, requests: 3, filled: 250, left: 0 });
    expect(asked.map((oids) => oids.length)).toEqual([100, 100, 50]);
    expect(new Set(asked.flat()).size).toBe(250);
    expect(await head.read("configs/c249.yml")).toBe(files["configs/c249.yml"]);
    expect(blobs.fetched).toBe(0);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("keeps a request's blobs under 4 MiB by the trees' sizes", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`configs/big${i}.yml`] = `# ${i}\n`.padEnd(500_000, "x");
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, {});
    const asked: string[][] = [];
    mockAnyPrefetches(scope, blobMap(files), 2, asked);
    const { octokit, blobs, head, base } = snapshots();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], recordingLog().log);

    expect(asked.map((oids) => oids.length)).toEqual([8, 2]);
    expect(result).toMatchObject({ requests: 2, filled: 10, left: 0 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.each([
    ["an errors array", 200, { data: null, errors: [{ type: "RATE_LIMITED", message: "rate limit" }] }, {}],
    ["an HTTP error", 502, { message: "Server Error" }, {}],
    ["the rate limit", 403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0" }],
  ])("falls back to one REST read per blob on %s", async (_name, status, body, headers) => {
    const files = { "configs/a.yml": "a: 1\n", "requirements.txt": "torch==2.1.0\n" };
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, files);
    scope.post("/graphql", (b: GraphqlBody) => isBlobQuery(b)).reply(status, body, headers);
    for (const text of Object.values(files)) mockRestBlob(scope, blobSha(text), text);
    const { octokit, blobs, head, base } = snapshots();
    const { log, records } = recordingLog();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], log);

    expect(result).toEqual({ wanted: 2, requests: 1, filled: 0, left: 2 });
    expect(records).toContainEqual({
      level: "warn",
      meta: expect.objectContaining({ blobs: 2 }),
      msg: "blob prefetch failed; reading those blobs one by one",
    });
    expect(await head.read("configs/a.yml")).toBe("a: 1\n");
    expect(await base.read("requirements.txt")).toBe("torch==2.1.0\n");
    expect(blobs.fetched).toBe(2);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("asks no further chunk after a failed one", async () => {
    const files = configs(PREFETCH_CHUNK + 1);
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, {});
    scope.post("/graphql", (b: GraphqlBody) => isBlobQuery(b)).reply(502, { message: "Server Error" });
    const { octokit, blobs, head, base } = snapshots();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], recordingLog().log);

    expect(result).toEqual({ wanted: 101, requests: 1, filled: 0, left: 101 });
    expect(blobs.has(blobSha(files["configs/c100.yml"] as string))).toBe(false);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("reads over REST only the blobs the answer left out, gave as null, cut, or re-encoded", async () => {
    const latin1 = Buffer.from("name: caf\xe9\n", "latin1");
    const files: Record<string, string | Buffer> = {
      "configs/ok.yml": "ok: 1\n",
      "configs/left-out.yml": "left: 1\n",
      "configs/null.yml": "null: 1\n",
      "configs/cut.yml": "cut: 1\n",
      "configs/not-a-blob.yml": "tree: 1\n",
      "configs/latin1.yml": latin1,
    };
    const sha = (path: string) => blobSha(files[path] as string | Buffer);
    const special: Record<string, unknown> = {
      [sha("configs/left-out.yml")]: undefined,
      [sha("configs/null.yml")]: null,
      [sha("configs/cut.yml")]: { ...graphqlBlob("cut: 1\n"), isTruncated: true, text: "cu" },
      [sha("configs/not-a-blob.yml")]: {},
      // GitHub answers such text converted to UTF-8: one byte longer than the blob.
      [sha("configs/latin1.yml")]: {
        byteSize: latin1.length,
        isBinary: false,
        isTruncated: false,
        text: "name: café\n",
      },
    };
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, {});
    mockBlobPrefetch(scope, blobMap(files), {
      answer: (oid, object) => (oid in special ? special[oid] : object),
    });
    for (const path of Object.keys(files)) {
      if (path !== "configs/ok.yml") mockRestBlob(scope, sha(path), files[path] as string | Buffer);
    }
    const { octokit, blobs, head, base } = snapshots();
    const { log, records } = recordingLog();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], log);

    expect(result).toEqual({ wanted: 6, requests: 1, filled: 1, left: 5 });
    expect(records).toContainEqual(
      expect.objectContaining({ level: "debug", msg: "blob prefetch left blobs to the REST API" }),
    );
    expect(await head.read("configs/ok.yml")).toBe("ok: 1\n");
    expect(await head.read("configs/left-out.yml")).toBe("left: 1\n");
    expect(await head.read("configs/null.yml")).toBe("null: 1\n");
    expect(await head.read("configs/cut.yml")).toBe("cut: 1\n");
    expect(await head.read("configs/not-a-blob.yml")).toBe("tree: 1\n");
    // Not UTF-8: the REST read decides, as it always did.
    expect(await head.read("configs/latin1.yml")).toBeNull();
    expect(blobs.fetched).toBe(5);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("caches a binary blob as null, and does not ask for blobs over the text or size limits", async () => {
    const binary = "\u0000\u0001\u0002binary";
    const between = "a: 1\n".padEnd(GRAPHQL_TEXT_LIMIT + 1, "#");
    const files = {
      "configs/binary.yml": binary,
      "configs/between.yml": between,
      "configs/huge.yml": "x".repeat(MAX_TEXT_BYTES + 1),
      "configs/small.yml": "small: 1\n",
    };
    const scope = nock(API);
    mockTree(scope, HEAD_SHA, files);
    mockTree(scope, BASE_SHA, {});
    mockBlobPrefetch(scope, blobMap({ binary, small: files["configs/small.yml"] }));
    // Over what GraphQL's text gives but within the limit: read over REST when analysis asks.
    mockRestBlob(scope, blobSha(between), between);
    const { octokit, blobs, head, base } = snapshots();

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], recordingLog().log);

    expect(result).toEqual({ wanted: 2, requests: 1, filled: 2, left: 0 });
    expect(await head.read("configs/binary.yml")).toBeNull();
    expect(await head.read("configs/huge.yml")).toBeNull();
    expect(await head.read("configs/small.yml")).toBe("small: 1\n");
    expect(blobs.fetched).toBe(0);
    expect(await head.read("configs/between.yml")).toBe(between);
    expect(blobs.fetched).toBe(1);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("skips blobs already cached and odd ids, and makes no request when nothing is left", async () => {
    const scope = nock(API);
    const cached = "cached: 1\n";
    mockTree(scope, HEAD_SHA, { "configs/cached.yml": cached, "README.md": "# hi\n" });
    scope
      .get(`${REPO_PATH}/git/trees/${BASE_SHA}`)
      .query({ recursive: "true" })
      .reply(200, {
        truncated: false,
        tree: [{ path: "configs/odd.yml", mode: "100644", type: "blob", sha: "not-a-sha", size: 3 }],
      });
    const { octokit, blobs, head, base } = snapshots();
    blobs.prime(blobSha(cached), cached);

    const result = await prefetchCandidateBlobs(octokit, REPO, blobs, [head, base], recordingLog().log);

    expect(result).toEqual({ wanted: 0, requests: 0, filled: 0, left: 0 });
    expect(await head.read("configs/cached.yml")).toBe(cached);
    expect(blobs.fetched).toBe(0);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});

describe("blobQuery", () => {
  it("asks for each blob under an alias, with the owner and name as variables", () => {
    const a = "a".repeat(40);
    const b = "b".repeat(40);
    const query = blobQuery([a, b]);
    expect(query).toContain("repository(owner: $owner, name: $name)");
    expect(query).toContain(`b0: object(oid: "${a}") { ... on Blob { byteSize isBinary isTruncated text } }`);
    expect(query).toContain(`b1: object(oid: "${b}")`);
    expect(queriedOids(query)).toEqual([
      { alias: "b0", oid: a },
      { alias: "b1", oid: b },
    ]);
  });
});

describe("blobTextOf", () => {
  const blob = (text: string | null, extra: Record<string, unknown> = {}) => ({
    byteSize: text === null ? 3 : Buffer.byteLength(text),
    isBinary: false,
    isTruncated: false,
    text,
    ...extra,
  });
  it.each([
    ["text", blob("a: 1\n"), "a: 1\n"],
    ["empty text", blob(""), ""],
    ["a byte-order mark is dropped, as the REST read does", blob("\ufeffa: 1"), "a: 1"],
    ["binary", blob(null, { isBinary: true }), null],
    ["a NUL byte GitHub did not call binary", blob("a\u0000b"), null],
    ["larger than the limit", blob("x", { byteSize: MAX_TEXT_BYTES + 1 }), null],
    ["truncated", blob("a: 1", { isTruncated: true }), undefined],
    ["no truncation flag", blob("a: 1", { isTruncated: undefined }), undefined],
    ["no text and encoding unknown", blob(null, { isBinary: null }), undefined],
    ["text GitHub re-encoded (length differs)", blob("café", { byteSize: 4 }), undefined],
    ["null (no such object)", null, undefined],
    ["not a blob", {}, undefined],
    ["not an object", "text", undefined],
  ])("%s", (_name, answer, expected) => {
    expect(blobTextOf(answer)).toBe(expected);
  });
});
