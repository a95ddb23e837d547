/** What is known about one git commit of a DeepSpeed fork (DeeperSpeed), offline or online. */
export interface ResolvedCommit {
  /** The full 40-hex SHA. */
  sha: string;
  /** What the commit's `version.txt` says, when known (it does not identify fixes in DeeperSpeed). */
  versionTxt: string | null;
  tags: string[];
  /**
   * For each commit asked about (full SHA): whether `sha` contains it (is it an ancestor-or-self).
   * Missing means not known.
   */
  contains: Record<string, boolean>;
  /** `table`: the shipped table; `github`: GitHub's compare API. */
  via: "table" | "github";
}

/** A ref that could not be resolved, and why (shown to users as the unknown part of a finding). */
export interface UnresolvedRef {
  reason: string;
}

export type RefResolution = { ok: true; commit: ResolvedCommit } | { ok: false; reason: string };

/**
 * Resolves a git ref of a fork to a commit and its ancestry against given commits.
 * The offline implementation reads the shipped table; the App adds GitHub's compare API behind it.
 */
export interface CommitResolver {
  resolve(repo: string, ref: string, ancestors: string[]): Promise<RefResolution>;
}
