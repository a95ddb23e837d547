import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { isCandidatePath } from "../../src/core/analyze.js";
import { createApp } from "../../src/github/app.js";
import { createAppState, type AppState } from "../../src/github/state.js";
import { graphqlBlob } from "../../demo/github-standin.js";
import { generateAppKey } from "../../demo/harness.js";
import { unifiedPatch } from "../../demo/unified-diff.js";

/** The repository of the `@octokit/webhooks-examples` pull_request and issue_comment payloads. */
export const REPO = { owner: "Codertocat", repo: "Hello-World" } as const;
export const API = "https://api.github.com";
export const REPO_PATH = `/repos/${REPO.owner}/${REPO.repo}`;
/** The example PR's head and base (pull_request.opened.json). */
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const PULL_NUMBER = 2;
export const CHECK_RUN_ID = 77;

const { privateKey } = generateAppKey();

/**
 * Retries and throttling off. A function, not an object: Probot passes its own `throttle` options to
 * the constructor, and an object default would lose to them (throttling writes by a second each).
 */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A Probot with the App loaded, retries and throttling off (a test sees every request once). */
export async function newProbot(
  state: AppState = createAppState({ today: () => "2026-01-15" }),
): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey,
    logLevel: "fatal",
    Octokit: TestOctokit,
  });
  await probot.load(createApp(state));
  return probot;
}

/** A webhook payload as tests edit it freely (Probot's types would demand every field). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Payload = any;

/** A trimmed real payload from `test/fixtures/payloads/<event>.<action>.json`, fresh for each call. */
export function payload(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}.json`, import.meta.url), "utf8"));
}

/** git's blob id for `text`: the same content on base and head is the same blob. */
export function blobSha(content: string | Buffer): string {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest("hex");
}

/** The installation token Probot asks for before the first API request of an event. */
export function mockToken(scope: nock.Scope): nock.Scope {
  return scope
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

/** Request bodies a test wants to look at, by a name it chooses. */
export type Captured = Record<string, unknown[]>;

export function capture(into: Captured, name: string) {
  return (_uri: string, body: nock.Body): void => {
    (into[name] ??= []).push(body);
  };
}

/** `POST /check-runs` (in progress) and the completing `PATCH`es, bodies captured. */
export function mockCheckRun(scope: nock.Scope, into: Captured, patches = 1): nock.Scope {
  scope.post(`${REPO_PATH}/check-runs`).reply(201, (uri, body) => {
    capture(into, "createCheck")(uri, body);
    return { id: CHECK_RUN_ID };
  });
  for (let i = 0; i < patches; i++) {
    scope.patch(`${REPO_PATH}/check-runs/${CHECK_RUN_ID}`).reply(200, (uri, body) => {
      capture(into, "updateCheck")(uri, body);
      return { id: CHECK_RUN_ID };
    });
  }
  return scope;
}

export interface FileChange {
  filename: string;
  status?: "added" | "modified" | "removed" | "renamed";
  patch?: string;
  previous_filename?: string;
}

export function mockPullFiles(scope: nock.Scope, files: FileChange[]): nock.Scope {
  return scope
    .get(`${REPO_PATH}/pulls/${PULL_NUMBER}/files`)
    .query(true)
    .reply(
      200,
      files.map((f) => ({ status: "modified", ...f })),
    );
}

/** No `.github/neox-check.yml` in the repository nor in the owner's `.github` repository. */
export function mockNoConfig(scope: nock.Scope): nock.Scope {
  scope.get(`${REPO_PATH}/contents/.github%2Fneox-check.yml`).reply(404, { message: "Not Found" });
  return scope
    .get(`/repos/${REPO.owner}/.github/contents/.github%2Fneox-check.yml`)
    .reply(404, { message: "Not Found" });
}

/**
 * What an analysis reads: the merge base (compare), the head and base trees, and every distinct blob of
 * a candidate file (shared between head and base) in one GraphQL prefetch. With `prefetch: "fails"` the
 * GraphQL request fails and each blob is read over REST instead.
 */
export function mockSnapshots(
  scope: nock.Scope,
  head: Record<string, string>,
  base: Record<string, string>,
  options: { headSha?: string; baseSha?: string; prefetch?: "graphql" | "fails" } = {},
): nock.Scope {
  const headSha = options.headSha ?? HEAD_SHA;
  const baseSha = options.baseSha ?? BASE_SHA;
  scope
    .get(`${REPO_PATH}/compare/${BASE_SHA}...${headSha}`)
    .query(true)
    .reply(200, { status: "ahead", merge_base_commit: { sha: baseSha } });
  mockTree(scope, headSha, head);
  if (baseSha !== headSha) mockTree(scope, baseSha, base);
  const blobs = new Map<string, string>();
  for (const files of [head, base]) {
    for (const [path, text] of Object.entries(files))
      if (isCandidatePath(path)) blobs.set(blobSha(text), text);
  }
  if (blobs.size === 0) return scope;
  if (options.prefetch !== "fails") return mockBlobPrefetch(scope, blobs);
  scope
    .post("/graphql", (body: GraphqlBody) => isBlobQuery(body))
    .reply(200, { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] });
  for (const [sha, text] of blobs) mockRestBlob(scope, sha, text);
  return scope;
}

/** A GraphQL request body as Octokit sends it. */
export interface GraphqlBody {
  query?: string;
  variables?: Record<string, unknown>;
}

/** The `alias: object(oid: "...")` pairs of a blob prefetch query, in order. */
export function queriedOids(query: string): Array<{ alias: string; oid: string }> {
  return [...query.matchAll(/(?<alias>\w+): object\(oid: "(?<oid>[^"]*)"\)/g)].map((m) => ({
    alias: m.groups?.alias ?? "",
    oid: m.groups?.oid ?? "",
  }));
}

/** A blob prefetch for this test's repository (any other GraphQL request, `minimizeComment`, is not). */
export function isBlobQuery(body: GraphqlBody): boolean {
  return (
    typeof body.query === "string" &&
    queriedOids(body.query).length > 0 &&
    body.variables?.owner === REPO.owner &&
    body.variables.name === REPO.repo
  );
}

/** GraphQL's `Blob` as the stand-in models it (the same answers for nock mocks and the stand-in). */
export { graphqlBlob };

/**
 * One GraphQL blob prefetch that must ask for exactly the blobs in `blobs` (in any order), answered
 * from them; `answer` may replace what an object says (`undefined`: the alias is left out). The oids
 * asked for are pushed to `asked` when given.
 */
export function mockBlobPrefetch(
  scope: nock.Scope,
  blobs: ReadonlyMap<string, string | Buffer>,
  options: { answer?: (oid: string, object: unknown) => unknown; asked?: string[][] } = {},
): nock.Scope {
  const expected = [...blobs.keys()].sort();
  return scope
    .post("/graphql", (body: GraphqlBody) => {
      if (!isBlobQuery(body)) return false;
      const oids = queriedOids(body.query ?? "").map((q) => q.oid);
      return JSON.stringify([...oids].sort()) === JSON.stringify(expected);
    })
    .reply(200, (_uri, body) => {
      const queried = queriedOids((body as GraphqlBody).query ?? "");
      options.asked?.push(queried.map((q) => q.oid));
      const repository: Record<string, unknown> = {};
      for (const { alias, oid } of queried) {
        const content = blobs.get(oid);
        const object = content === undefined ? null : graphqlBlob(content);
        const answered = options.answer ? options.answer(oid, object) : object;
        if (answered !== undefined) repository[alias] = answered;
      }
      return { data: { repository } };
    });
}

/** `GET git/blobs/:sha` (the REST read a prefetch falls back to). */
export function mockRestBlob(scope: nock.Scope, sha: string, content: string | Buffer): nock.Scope {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return scope
    .get(`${REPO_PATH}/git/blobs/${sha}`)
    .reply(200, { sha, size: bytes.length, encoding: "base64", content: bytes.toString("base64") });
}

export function mockTree(scope: nock.Scope, sha: string, files: Record<string, string | Buffer>): nock.Scope {
  return scope
    .get(`${REPO_PATH}/git/trees/${sha}`)
    .query({ recursive: "true" })
    .reply(200, {
      sha,
      truncated: false,
      tree: Object.entries(files).map(([path, content]) => ({
        path,
        mode: "100644",
        type: "blob",
        sha: blobSha(content),
        size: Buffer.byteLength(content),
      })),
    });
}

/** The PR as `pulls.get` returns it just before publishing (`headSha` differs when superseded). */
export function mockPullGet(scope: nock.Scope, headSha = HEAD_SHA, state = "open"): nock.Scope {
  return scope
    .get(`${REPO_PATH}/pulls/${PULL_NUMBER}`)
    .reply(200, { number: PULL_NUMBER, state, head: { sha: headSha }, base: { sha: BASE_SHA } });
}

/**
 * A run that gets as far as publishing: the token, the check run (bodies captured), the PR's changed
 * files, no repo config, the snapshots, and the PR asked again just before publishing.
 */
export function mockAnalysedPull(
  scope: nock.Scope,
  captured: Captured,
  run: {
    changes: FileChange[];
    head: Record<string, string>;
    base: Record<string, string>;
    prefetch?: "graphql" | "fails";
  },
): nock.Scope {
  mockToken(scope);
  mockCheckRun(scope, captured);
  mockPullFiles(scope, run.changes);
  mockNoConfig(scope);
  mockSnapshots(scope, run.head, run.base, { prefetch: run.prefetch });
  return mockPullGet(scope);
}

/** Publishing on a PR without the bot's comments yet: one summary comment and one review, bodies captured. */
export function mockFirstPublish(scope: nock.Scope, captured: Captured): nock.Scope {
  mockExistingComments(scope);
  scope
    .post(`${REPO_PATH}/issues/${PULL_NUMBER}/comments`)
    .reply(201, (uri, body) => (capture(captured, "comment")(uri, body), { id: 1 }));
  mockExistingReviewComments(scope);
  return scope
    .post(`${REPO_PATH}/pulls/${PULL_NUMBER}/reviews`)
    .reply(200, (uri, body) => (capture(captured, "review")(uri, body), { id: 5 }));
}

/** The bot's issue comments and review comments already on the PR. */
export function mockExistingComments(
  scope: nock.Scope,
  comments: Array<{ id: number; body: string; user?: { type: string } }> = [],
): nock.Scope {
  return scope
    .get(`/repos/${REPO.owner}/${REPO.repo}/issues/${PULL_NUMBER}/comments`)
    .query(true)
    .reply(
      200,
      comments.map((c) => ({ user: { login: "neox-check[bot]", type: "Bot" }, ...c })),
    );
}

export function mockExistingReviewComments(
  scope: nock.Scope,
  comments: Array<{ id: number; node_id: string; body: string; user?: { type: string } }> = [],
): nock.Scope {
  return scope
    .get(`${REPO_PATH}/pulls/${PULL_NUMBER}/comments`)
    .query(true)
    .reply(
      200,
      comments.map((c) => ({ user: { login: "neox-check[bot]", type: "Bot" }, ...c })),
    );
}

/** A minimal GPT-NeoX repository: a bf16 config and the pins. */
export const CONFIG_PATH = "configs/finetune.yml";
export const REQUIREMENTS_PATH = "requirements/requirements.txt";

export function neoxConfig(extra = ""): string {
  const lines = [
    "{",
    '  "num_layers": 12,',
    '  "hidden_size": 768,',
    '  "num_attention_heads": 12,',
    '  "seq_length": 2048,',
    '  "max_position_embeddings": 2048,',
    '  "pos_emb": "rotary",',
    '  "optimizer": { "type": "Adam", "params": { "lr": 0.0001 } },',
    '  "train_micro_batch_size_per_gpu": 8,',
    '  "zero_optimization": { "stage": 1 },',
    '  "precision": "bfloat16",',
    '  "bf16": { "enabled": true },',
    '  "train_iters": 1000,',
  ];
  if (extra !== "") lines.push(extra);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export function requirements(deepspeed: string): string {
  return `einops==0.6.1\n${deepspeed}\ntransformers==4.36.2\n`;
}

/** The finetune lines the flagged PR adds (`FINETUNE_LINE` and the next, in `neoxConfig(FINETUNE)`). */
export const FINETUNE = '  "finetune": true,\n  "load": "checkpoints/pythia-160m",';
export const FINETUNE_LINE = 14;
/** The deepspeed pin's line in `requirements(...)`. */
export const PIN_LINE = 2;

/** A PR file entry with GitHub's `patch` for the change from `before` to `after`. */
export function changed(filename: string, before: string | null, after: string | null): FileChange {
  const status = before === null ? "added" : after === null ? "removed" : "modified";
  return { filename, status, patch: unifiedPatch(before, after) };
}
