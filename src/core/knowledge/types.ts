import type { ResolvedCommit } from "../model/index.js";
import type { Advisory } from "./schema.js";

export interface DeepSpeedRelease {
  version: string;
  date: string;
}

/** The knowledge base as the rules see it. Built once from the shipped data. */
export interface Knowledge {
  advisories: Advisory[];
  /** The advisory with this id; throws for an id that is not shipped (a programming error). */
  advisory(id: string): Advisory;
  /** Known PyPI DeepSpeed releases, oldest first. */
  deepspeedReleases: DeepSpeedRelease[];
  /** The shipped DeeperSpeed commit table. */
  deeperspeedCommits: ResolvedCommit[];
}
