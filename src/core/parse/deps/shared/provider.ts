import type { PinKind, Provider, VcsRef } from "../../../model/index.js";

const GITHUB_HOSTS: ReadonlySet<string> = new Set(["github.com", "www.github.com"]);

/** Is `repo` EleutherAI's DeeperSpeed fork on GitHub (any case, with or without `.git`)? */
export function isDeeperSpeedRepo(repo: VcsRef["repo"]): boolean {
  return (
    repo !== null &&
    GITHUB_HOSTS.has(repo.host) &&
    repo.owner.toLowerCase() === "eleutherai" &&
    repo.name.toLowerCase() === "deeperspeed"
  );
}

/** Is `repo` upstream DeepSpeed on GitHub (`microsoft/DeepSpeed`, or its new home `deepspeedai/DeepSpeed`)? */
export function isUpstreamDeepSpeedRepo(repo: VcsRef["repo"]): boolean {
  if (repo === null || !GITHUB_HOSTS.has(repo.host) || repo.name.toLowerCase() !== "deepspeed") return false;
  const owner = repo.owner.toLowerCase();
  return owner === "microsoft" || owner === "deepspeedai";
}

/**
 * Who provides a `deepspeed` requirement (null for any other package):
 * - a git pin of EleutherAI/DeeperSpeed: `deeperspeed`; of microsoft/ or deepspeedai/DeepSpeed: `deepspeed-git`;
 * - any other git repository, URL or local path: `other` (a `#egg=deepspeed` on an unrelated repository);
 * - a version specifier or a bare name, and a lock entry from a package index: `pypi`.
 * `direct` marks a pin that names a URL or path without being of that kind (a lock entry's source).
 */
export function providerFor(
  name: string,
  kind: PinKind,
  vcs: VcsRef | null,
  direct: boolean = kind === "url" || kind === "path",
): Provider | null {
  if (name !== "deepspeed") return null;
  if (vcs !== null) {
    if (isDeeperSpeedRepo(vcs.repo)) return "deeperspeed";
    if (isUpstreamDeepSpeedRepo(vcs.repo)) return "deepspeed-git";
    return "other";
  }
  if (direct) return "other";
  return "pypi";
}
