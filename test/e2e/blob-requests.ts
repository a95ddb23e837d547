import { isCandidatePath } from "../../src/core/analyze.js";
import type { GitHubStandin, RecordedRequest } from "../../demo/github-standin.js";

/** The blob SHAs a GraphQL request asked for (`alias: object(oid: "...")`), or [] for any other request. */
export function prefetchedOids(request: RecordedRequest): string[] {
  if (request.method !== "POST" || request.path !== "/graphql") return [];
  const query = (request.body as { query?: unknown } | null)?.query;
  if (typeof query !== "string") return [];
  return [...query.matchAll(/\w+: object\(oid: "(?<oid>[0-9a-f]+)"\)/g)].map((m) => m.groups?.oid ?? "");
}

/** How a run read file contents: its GraphQL blob prefetches and its REST blob reads. */
export function blobRequests(requests: RecordedRequest[]): {
  prefetches: RecordedRequest[];
  restReads: RecordedRequest[];
} {
  return {
    prefetches: requests.filter((r) => prefetchedOids(r).length > 0),
    restReads: requests.filter((r) => /\/git\/blobs\//.test(r.path)),
  };
}

/** The distinct blobs of every candidate file at the given commits: what a run reads, sorted. */
export function candidateBlobs(standin: GitHubStandin, repo: string, commits: string[]): string[] {
  const shas = new Set<string>();
  for (const commit of commits) {
    const files = standin.repo(repo).commits.get(commit)?.files ?? new Map<string, string>();
    for (const [path, sha] of files) if (isCandidatePath(path)) shas.add(sha);
  }
  return [...shas].sort();
}
