import { inRange, type RangeEvent } from "./range.js";
import { parseSpecifier, satisfies } from "./specifier.js";
import { compareVersions, isPrerelease, parseVersion } from "./version.js";

/** How a specifier set relates to an advisory range, over the releases the knowledge base knows. */
export interface RangeClassification {
  /** Known releases the specifier allows, oldest first. */
  allowed: string[];
  /** The allowed releases that are inside the range, oldest first. */
  affected: string[];
  /**
   * `all`: every allowed release is affected; `some`: some are; `none`: none is; `no-release`: the
   * specifier allows no known release (a version newer than the data, a typo, a local-only pin), so
   * nothing can be said from the release list.
   */
  verdict: "all" | "some" | "none" | "no-release";
}

function sortedValid(releases: string[]): string[] {
  return [...new Set(releases.filter((r) => parseVersion(r) !== null))].sort(compareVersions);
}

/**
 * The known releases that pip would accept for `specifier`, oldest first. Pre-releases count only
 * when the specifier names one; for the empty specifier (any version) pip falls back to
 * pre-releases when there is nothing else, and so does this. Invalid specifier: none.
 */
export function allowedReleases(specifier: string, releases: string[]): string[] {
  const clauses = parseSpecifier(specifier);
  if (!clauses) return [];
  const known = sortedValid(releases);
  const allowed = known.filter((r) => satisfies(r, specifier));
  if (allowed.length === 0 && clauses.length === 0) return known.filter(isPrerelease);
  return allowed;
}

/**
 * The release pip picks today for `specifier` from `releases`: the newest allowed final release;
 * a pre-release only when no final release fits and the specifier names a pre-release (or is empty,
 * where pip falls back the same way). Null when nothing fits.
 */
export function newestAllowed(specifier: string, releases: string[]): string | null {
  const allowed = allowedReleases(specifier, releases);
  const finals = allowed.filter((r) => !isPrerelease(r));
  return finals.at(-1) ?? allowed.at(-1) ?? null;
}

/** Classifies `specifier` against an OSV `ECOSYSTEM` range over the known `releases`. */
export function classifyAgainstRange(
  specifier: string,
  events: RangeEvent[],
  releases: string[],
): RangeClassification {
  const allowed = allowedReleases(specifier, releases);
  const affected = allowed.filter((r) => inRange(r, events));
  let verdict: RangeClassification["verdict"];
  if (allowed.length === 0) verdict = "no-release";
  else if (affected.length === allowed.length) verdict = "all";
  else if (affected.length > 0) verdict = "some";
  else verdict = "none";
  return { allowed, affected, verdict };
}

/** Whether `specifier` allows at least one known release inside the range. */
export function allowsAnyIn(specifier: string, events: RangeEvent[], releases: string[]): boolean {
  return classifyAgainstRange(specifier, events, releases).affected.length > 0;
}
