import { z } from "zod";
import type { Pin } from "../../model/index.js";

/** Whether one candidate (a pin, or an `assume` value) lies inside an advisory's affected ranges. */
export type VerdictStatus = "affected" | "not_affected" | "unknown";

/**
 * Why a verdict is unknown. Rules whose affected window is long past may stay quiet on the
 * "nothing pinned" causes (`unpinned`, `none-found`), because a fresh install gets a release outside it.
 * - `unpinned`: a bare name, or a git URL without a ref (DeeperSpeed main).
 * - `none-found`: no requirement for the package anywhere, and no `assume`.
 * - `range`: a specifier that allows affected and unaffected versions.
 * - `no-release`: a specifier that allows no known release.
 * - `unresolved`: a git ref that could not be resolved (unknown commit, branch, resolver failure).
 * - `source`: a URL, a local path, an unrelated repository, or an upstream git commit.
 * - `disagree`: the repository's install paths pin DeepSpeeds that the advisory judges differently.
 */
export type UnknownCause =
  "unpinned" | "none-found" | "range" | "no-release" | "unresolved" | "source" | "disagree";

/** The verdict for one candidate, with what a message needs to say about it. */
export interface Verdict {
  status: VerdictStatus;
  /** The pin judged (kept when `assume` replaced its unknown verdict); null for `assume` alone or nothing. */
  pin: Pin | null;
  /** The `assume` value that decided this verdict, if one did. */
  assumed: { key: "deepspeed" | "deeperspeed" | "torch"; value: string } | null;
  /** What is in effect, for messages: `deepspeed==0.12.6`, `DeeperSpeed @ 22fda1e0`, `assume.deepspeed 0.12.6`. */
  subject: string;
  /** Why: for `unknown` what is unknown; otherwise how it was decided. */
  detail: string;
  /** For `unknown`, what kind of unknown; null otherwise. */
  cause: UnknownCause | null;
  /** For a range: the affected versions it allows (known releases), oldest first; for an exact pin, that version. */
  affectedVersions: string[];
}

/** What a rule reports for one config set (or the repository) after aggregating the verdicts. */
export type Aggregate =
  { status: "affected"; verdicts: Verdict[] } | { status: "unknown"; verdict: Verdict } | { status: "quiet" };

export interface AggregateOptions {
  /** Drop unknowns caused by nothing being pinned (`unpinned`, `none-found`) before deciding. */
  quietWhenUnpinned?: boolean;
}

/**
 * The options of a rule judged against a pinned version: `unpinned: warn` also warns when the package is
 * not pinned at all; `quiet` says nothing then (a fresh install gets a fixed release).
 */
export function unpinnedOptions(fallback: "warn" | "quiet") {
  return z.object({ unpinned: z.enum(["warn", "quiet"]).default(fallback) }).strict();
}

/** The unknown causes that mean "nothing pins a version". */
export function isUnpinnedCause(cause: UnknownCause | null): boolean {
  return cause === "unpinned" || cause === "none-found";
}

/**
 * Aggregates the verdicts of every candidate, to stay quiet unless there is something to say:
 * any affected -> only the affected ones; else any not affected -> quiet (something in the
 * repository pins a good version); else -> one unknown, the first one.
 */
export function aggregate(verdicts: Verdict[], options: AggregateOptions = {}): Aggregate {
  const affected = verdicts.filter((v) => v.status === "affected");
  if (affected.length > 0) return { status: "affected", verdicts: affected };
  if (verdicts.some((v) => v.status === "not_affected")) return { status: "quiet" };
  const unknown = verdicts.filter(
    (v) => v.status === "unknown" && !(options.quietWhenUnpinned === true && isUnpinnedCause(v.cause)),
  );
  const [first] = unknown;
  return first ? { status: "unknown", verdict: first } : { status: "quiet" };
}

/** The verdicts a non-quiet aggregate reports: every affected one, or the one unknown. */
export function reportedVerdicts(result: Exclude<Aggregate, { status: "quiet" }>): Verdict[] {
  return result.status === "affected" ? result.verdicts : [result.verdict];
}

/** `0.10.2–0.12.6` for a run of versions, `0.10.2` for one, `a, b, c` when `contiguous` is false. */
export function describeVersions(versions: string[], contiguous: boolean): string {
  const first = versions[0];
  const last = versions.at(-1);
  if (first === undefined || last === undefined) return "";
  if (first === last) return first;
  if (contiguous) return `${first}–${last}`;
  const shown = versions.slice(0, 6).join(", ");
  return versions.length > 6 ? `${shown}, …` : shown;
}
