import { isCandidatePath } from "../core/analyze.js";
import { decodeText, MAX_TEXT_BYTES } from "../core/parse/decode-text.js";
import type { BlobStore, FileEntry } from "./api-workspace.js";
import { summarizeError } from "./errors.js";
import type { GitHubClient, Log, RepoRef } from "./types.js";

/** Blobs asked for in one GraphQL query. */
export const PREFETCH_CHUNK = 100;

/** Blob bytes (by the trees' sizes) asked for in one query at most, so one answer stays small and quick. */
export const PREFETCH_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * GitHub cuts `Blob.text` past about 512,000 bytes and says so with `isTruncated` (observed, not
 * documented). A larger blob is not asked for: the REST read, which has no such cut, fetches it if needed.
 */
export const GRAPHQL_TEXT_LIMIT = 512_000;

/** A full git object id: only these go into a query (they are spliced into its text). */
const GIT_OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** What a prefetch did, for logs and tests. */
export interface PrefetchResult {
  /** Distinct blobs asked for. */
  wanted: number;
  /** GraphQL requests made. */
  requests: number;
  /** Blobs cached from the answers. */
  filled: number;
  /** Blobs left to the REST read: left out or cut by the answer, or their request failed. */
  left: number;
}

interface BlobRef {
  sha: string;
  size: number | undefined;
}

/**
 * Caches the blobs of every candidate file (configs, pins, NeoX's arguments) of the given snapshots
 * with one GraphQL query per chunk, so that analysis reads them without a REST request each. Blobs
 * already cached, over the size limits or with an odd id are skipped; whatever the answers do not
 * give, the store's REST read still fetches on demand. A failed query is logged, never thrown.
 */
export async function prefetchCandidateBlobs(
  octokit: GitHubClient,
  repo: RepoRef,
  blobs: BlobStore,
  snapshots: ReadonlyArray<{ files(): Promise<FileEntry[]> }>,
  log: Log,
): Promise<PrefetchResult> {
  const listed = await Promise.all(snapshots.map((snapshot) => snapshot.files()));
  const wanted = new Map<string, BlobRef>();
  for (const file of listed.flat()) {
    if (!isCandidatePath(file.path) || wanted.has(file.sha) || blobs.has(file.sha)) continue;
    if (!GIT_OID.test(file.sha) || (file.size ?? 0) > GRAPHQL_TEXT_LIMIT) continue;
    wanted.set(file.sha, { sha: file.sha, size: file.size });
  }
  return prefetchBlobs(octokit, repo, blobs, [...wanted.values()], log);
}

async function prefetchBlobs(
  octokit: GitHubClient,
  repo: RepoRef,
  blobs: BlobStore,
  wanted: BlobRef[],
  log: Log,
): Promise<PrefetchResult> {
  const result: PrefetchResult = { wanted: wanted.length, requests: 0, filled: 0, left: 0 };
  let failed = false;
  for (const chunk of chunksOf(wanted)) {
    let answers: Record<string, unknown> | null = null;
    // After one failure (rate limit, GraphQL off, an outage) the next query would most likely fail too.
    if (!failed) {
      result.requests += 1;
      answers = await askChunk(octokit, repo, chunk, log);
      failed = answers === null;
    }
    const left: string[] = [];
    for (const [index, ref] of chunk.entries()) {
      const text = answers === null ? undefined : blobTextOf(answers[aliasOf(index)]);
      if (text === undefined) {
        left.push(ref.sha);
        continue;
      }
      blobs.prime(ref.sha, text);
      result.filled += 1;
    }
    result.left += left.length;
    if (answers !== null && left.length > 0) {
      log.debug({ left: left.length, shas: left.slice(0, 5) }, "blob prefetch left blobs to the REST API");
    }
  }
  if (result.wanted > 0) log.debug({ ...result }, "blobs prefetched");
  return result;
}

/** The answer's objects by alias, or null when the request failed in any way (logged). */
async function askChunk(
  octokit: GitHubClient,
  repo: RepoRef,
  chunk: BlobRef[],
  log: Log,
): Promise<Record<string, unknown> | null> {
  try {
    const data = await octokit.graphql<{ repository: Record<string, unknown> | null }>(
      blobQuery(chunk.map((ref) => ref.sha)),
      { owner: repo.owner, name: repo.repo },
    );
    return data.repository ?? {};
  } catch (error) {
    // Not the error object: a GraphQL error carries the whole query.
    log.warn(
      { ...summarizeError(error), blobs: chunk.length },
      "blob prefetch failed; reading those blobs one by one",
    );
    return null;
  }
}

/** Chunks of at most `PREFETCH_CHUNK` blobs and, past the first blob, `PREFETCH_CHUNK_BYTES` bytes. */
function chunksOf(refs: BlobRef[]): BlobRef[][] {
  const chunks: BlobRef[][] = [];
  let current: BlobRef[] = [];
  let bytes = 0;
  for (const ref of refs) {
    const size = ref.size ?? GRAPHQL_TEXT_LIMIT;
    if (current.length > 0 && (current.length >= PREFETCH_CHUNK || bytes + size > PREFETCH_CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(ref);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function aliasOf(index: number): string {
  return `b${index}`;
}

/** One query for many blobs: an aliased `object(oid:)` per blob (`GitObjectID` literals, checked hex). */
export function blobQuery(shas: readonly string[]): string {
  const objects = shas.map(
    (sha, index) =>
      `    ${aliasOf(index)}: object(oid: "${sha}") { ... on Blob { byteSize isBinary isTruncated text } }`,
  );
  return [
    "query neoxCheckBlobs($owner: String!, $name: String!) {",
    "  repository(owner: $owner, name: $name) {",
    ...objects,
    "  }",
    "}",
  ].join("\n");
}

/**
 * A blob's text as the REST read would give it (null: binary, not UTF-8 or too large), or undefined
 * when the answer cannot say for sure: missing, not a blob, truncated, or text GitHub re-encoded.
 */
export function blobTextOf(answer: unknown): string | null | undefined {
  if (answer === null || typeof answer !== "object") return undefined;
  const { byteSize, isBinary, isTruncated, text } = answer as {
    byteSize?: unknown;
    isBinary?: unknown;
    isTruncated?: unknown;
    text?: unknown;
  };
  if (typeof byteSize !== "number" || isTruncated !== false) return undefined;
  if (byteSize > MAX_TEXT_BYTES || isBinary === true) return null;
  if (typeof text !== "string") return undefined;
  const bytes = Buffer.from(text, "utf8");
  // GitHub converts text it takes for another encoding to UTF-8; the REST read judges the bytes
  // themselves, so a length that differs leaves the blob to it.
  if (bytes.length !== byteSize) return undefined;
  const decoded = decodeText(bytes);
  return decoded.ok ? decoded.text : null;
}
