import type { Knowledge } from "../../knowledge/types.js";
import { eventVersion, inRange } from "../../versioning/index.js";

/**
 * The version boundaries of an advisory that rule texts state, read from the knowledge data (their one
 * home, knowledge/advisories/*.yml), so a message never carries a copy that can drift from the verdicts.
 */
export interface AdvisoryFacts {
  /** The known PyPI DeepSpeed releases inside the advisory's ranges, first to last: `0.10.2–0.12.6`. */
  affectedReleases: string;
  /** The first fixed PyPI release (the advisory's `fix.upgrade_to`): `0.13.0`. */
  fixedRelease: string;
  /** DeeperSpeed's affected `GIT` range as short commits, `3362dad8..a48c6493`, when the advisory has one. */
  forkRange: string | null;
  /** The last DeeperSpeed commit of the advisory's per-commit table (listed in order): `02e2ebf7`. */
  forkLastAffected: string | null;
  /** The fixed DeeperSpeed commit to move to, with its tag when the commit table has one: `v3.0 (91d1c55b)`. */
  forkFix: string | null;
}

const short = (sha: string): string => sha.slice(0, 8);

/** The facts of advisory `id` in `knowledge`; throws when a PyPI boundary the texts need is missing (a data error). */
export function advisoryFacts(knowledge: Knowledge, id: string): AdvisoryFacts {
  const advisory = knowledge.advisory(id);
  const pypi = advisory.affected.filter(
    (p) => p.package.ecosystem === "PyPI" && p.package.name === "deepspeed",
  );
  const inside = knowledge.deepspeedReleases
    .map((r) => r.version)
    .filter((v) => pypi.some((p) => p.ranges.some((r) => r.type === "ECOSYSTEM" && inRange(v, r.events))));
  const first = inside[0];
  const last = inside.at(-1);
  const fixed = advisory.fix.upgrade_to;
  if (first === undefined || last === undefined || fixed === undefined) {
    throw new Error(`advisory ${id} has no affected or fixed DeepSpeed release`);
  }
  const fork = advisory.affected.filter((p) => p.package.ecosystem === "GIT");
  const git = fork.flatMap((p) => p.ranges).find((r) => r.type === "GIT");
  const forkRange = git ? git.events.map((e) => short(eventVersion(e))).join("..") : null;
  const lastListed = fork.flatMap((p) => p.commits?.affected ?? []).at(-1);
  const fixSha = advisory.fix.fork_commit;
  const tag = knowledge.deeperspeedCommits.find((c) => c.sha === fixSha)?.tags[0];
  return {
    affectedReleases: first === last ? first : `${first}–${last}`,
    fixedRelease: fixed,
    forkRange,
    forkLastAffected: lastListed === undefined ? null : short(lastListed),
    forkFix: fixSha === undefined ? null : tag === undefined ? short(fixSha) : `${tag} (${short(fixSha)})`,
  };
}
