import type { Pin } from "./pin.js";

/**
 * What runs a repository's configs (DESIGN.md §3, "Environment"): its NeoX, or a framework derived from
 * it, and the DeepSpeed each install path installs. Rules judge configs against this, never against
 * today's upstream by default.
 */
export interface Environment {
  neox: NeoxEnvironment;
  deepspeed: DeepSpeedEnvironment;
}

/**
 * - `repository`: the repository has NeoX argument code of its own (upstream, a fork, a vendored copy or a
 *   submodule): its argument list and checks are read from it.
 * - `derived`: a NeoX-derived framework with its own argument classes (savanna's `GlobalConfig`).
 * - `none`: no training code found (a config-only repository): which NeoX runs the configs is unknown.
 */
export type NeoxKind = "repository" | "derived" | "none";

export interface NeoxEnvironment {
  kind: NeoxKind;
  /** For messages: `GPT-NeoX`, `savanna`, ... */
  name: string;
  /**
   * The files the arguments and checks were read from; for `none`, the training entry points found
   * whose arguments could not be read (empty for a config-only repository).
   */
  sources: string[];
  /**
   * NeoX checks (ids from the knowledge data) and whether this repository's own code has them. A check
   * that is absent from the record is unknown (no code was read, or the code could not be judged).
   */
  checks: Record<string, boolean>;
  /**
   * The `pipe_parallel_size` from which this framework builds a DeepSpeed PipelineEngine (upstream NeoX:
   * 1, savanna: 2); null when unknown.
   */
  pipelineFromPp: number | null;
  /** Evidence that dates the tree: upstream changes (knowledge: neox-versions) present or absent in it. */
  dating: Array<{ change: string; present: boolean; evidence: string }>;
  /** One line for reports: what the configs were judged against (`this repository's own (savanna)`). */
  summary: string;
}

/** One way the repository installs DeepSpeed: a dependency file and the `deepspeed` pins it reaches. */
export interface DeepSpeedInstallPath {
  /** The file an install starts from (`requirements/requirements.txt`, `pyproject.toml`, `Dockerfile`). */
  source: string;
  /** The `deepspeed` pins this path installs (through `-r` includes too); empty when it installs none. */
  pins: Pin[];
}

export interface DeepSpeedEnvironment {
  paths: DeepSpeedInstallPath[];
  /** True when every path that pins DeepSpeed pins the same thing (or there is at most one). */
  agree: boolean;
  /** One line for reports (`DeeperSpeed 91d1c55b (requirements/requirements.txt)`, `unpinned`). */
  summary: string;
}
