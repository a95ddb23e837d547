import type { ResolvedCommit } from "../model/index.js";
import type { RangeEvent } from "./schema.js";

type Answer = boolean | undefined;

/** Whether `commit` contains `ancestor` (ancestor-or-self); undefined when nobody asked or answered. */
function containsCommit(commit: ResolvedCommit, ancestor: string): Answer {
  const wanted = ancestor.toLowerCase();
  if (commit.sha.toLowerCase() === wanted) return true;
  for (const [sha, answer] of Object.entries(commit.contains)) {
    if (sha.toLowerCase() === wanted) return answer;
  }
  return undefined;
}

/** What a `GIT` range says about one commit. */
export type GitRangeVerdict = "affected" | "not_affected" | "unknown";

/** One introduced..limit window; `limit` null means open-ended. */
function evaluateWindow(commit: ResolvedCommit, introduced: string, limit: RangeEvent | null): GitRangeVerdict {
  const hasIntroduced: Answer = introduced === "0" ? true : containsCommit(commit, introduced);
  if (hasIntroduced === false) return "not_affected";
  let beyondLimit: Answer = false;
  if (limit && "fixed" in limit) beyondLimit = containsCommit(commit, limit.fixed);
  if (limit && "last_affected" in limit) {
    // Inclusive: the last affected commit itself is affected, its descendants are not.
    const hasLast = containsCommit(commit, limit.last_affected);
    const isLast = commit.sha.toLowerCase() === limit.last_affected.toLowerCase();
    beyondLimit = hasLast === undefined ? undefined : hasLast && !isLast;
  }
  if (beyondLimit === true) return "not_affected";
  if (hasIntroduced === undefined || beyondLimit === undefined) return "unknown";
  return "affected";
}

/**
 * Decides an OSV `GIT` range by ancestry: a commit is affected when it contains an `introduced`
 * commit (`"0"`: the beginning) and not the `fixed` commit that follows it (or is a strict descendant
 * of its `last_affected` commit). Events are read in the order written, each `introduced` paired
 * with the next `fixed`/`last_affected`. Ancestry comes only from `commit.contains` (and a commit
 * contains itself); when an answer that matters is missing the result is `unknown`, never a guess.
 */
export function evaluateGitRange(commit: ResolvedCommit, events: RangeEvent[]): GitRangeVerdict {
  const verdicts: GitRangeVerdict[] = [];
  for (const [i, event] of events.entries()) {
    if (!("introduced" in event)) continue;
    const limit = events.slice(i + 1).find((e) => !("introduced" in e)) ?? null;
    verdicts.push(evaluateWindow(commit, event.introduced, limit));
  }
  if (verdicts.includes("affected")) return "affected";
  if (verdicts.includes("unknown")) return "unknown";
  return "not_affected";
}
