import type { CommitResolver, RefResolution } from "../model/index.js";
import type { RepoConfig } from "../engine/repo-config.js";
import { refKey, type WorkspaceModel } from "../engine/types.js";
import { chainResolvers, createTableResolver } from "../knowledge/index.js";
import { DEEPERSPEED_REPO } from "../knowledge/repositories.js";
import type { Knowledge } from "../knowledge/types.js";
import { eventVersion } from "../versioning/index.js";

/** Every fork ref named by a pin or by `assume`, resolved against the ancestors the advisories ask about. */
export async function resolveRefs(
  pins: WorkspaceModel["pins"],
  config: RepoConfig,
  knowledge: Knowledge,
  extra: CommitResolver | undefined,
): Promise<Record<string, RefResolution>> {
  const table = createTableResolver(knowledge.deeperspeedCommits);
  const resolver = extra ? chainResolvers(table, extra) : table;
  const wanted = new Map<string, { repo: string; ref: string }>();
  for (const pin of pins) {
    if (pin.provider !== "deeperspeed" || pin.vcs?.ref == null || pin.vcs.repo === null) continue;
    const repo = `${pin.vcs.repo.owner}/${pin.vcs.repo.name}`;
    wanted.set(refKey(repo, pin.vcs.ref), { repo, ref: pin.vcs.ref });
  }
  if (config.assume.deeperspeed !== undefined) {
    wanted.set(refKey(DEEPERSPEED_REPO, config.assume.deeperspeed), {
      repo: DEEPERSPEED_REPO,
      ref: config.assume.deeperspeed,
    });
  }
  const refs: Record<string, RefResolution> = {};
  for (const [key, { repo, ref }] of wanted) {
    const ancestors = gitAncestorsFor(knowledge, repo);
    try {
      refs[key] = await resolver.resolve(repo, ref, ancestors);
    } catch (error) {
      refs[key] = {
        ok: false,
        reason: `could not resolve ${ref}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  return refs;
}

/** The commits of `repo` that the advisories' GIT ranges name: what a resolver checks ancestry against. */
function gitAncestorsFor(knowledge: Knowledge, repo: string): string[] {
  const commits = new Set<string>();
  for (const advisory of knowledge.advisories) {
    for (const affected of advisory.affected) {
      if (affected.package.ecosystem !== "GIT" || affected.package.name.toLowerCase() !== repo.toLowerCase())
        continue;
      for (const range of affected.ranges) {
        if (range.type !== "GIT") continue;
        for (const event of range.events) {
          const sha = eventVersion(event);
          if (sha !== "0") commits.add(sha);
        }
      }
    }
  }
  return [...commits];
}
