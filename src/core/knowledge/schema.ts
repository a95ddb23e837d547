import { z } from "zod";
import type { RangeEvent } from "../versioning/range.js";

/** An OSV-style range event. Exactly one field per event. */
const eventSchema = z.union([
  z.object({ introduced: z.string().min(1) }).strict(),
  z.object({ fixed: z.string().min(1) }).strict(),
  z.object({ last_affected: z.string().min(1) }).strict(),
]);
export type { RangeEvent };
// The schema accepts exactly the events the versioning layer defines.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventSchemaIsRangeEvent: Same<z.infer<typeof eventSchema>, RangeEvent> = true;

const rangeSchema = z
  .object({
    /**
     * `ECOSYSTEM`: PEP 440 versions, evaluated with OSV semantics (`versioning/inRange`). On a `GIT`
     * package (`EleutherAI/DeeperSpeed`) an `ECOSYSTEM` range is evaluated against the commit's
     * `version.txt` (`ResolvedCommit.versionTxt`): use it only for facts that follow upstream numbering,
     * such as "code older than upstream 0.8.2 imports `torch._six`" (a DeeperSpeed commit whose
     * version.txt says 0.3.15 has that old code). It never decides a bug that the fork fixed on its
     * own, because the fork's version.txt does not move with its fixes.
     * `GIT`: commits, decided by ancestry (`knowledge/evaluateGitRange`): `introduced`/`fixed` are full
     * SHAs, and a commit is affected when it contains an `introduced` commit and not its `fixed` one.
     */
    type: z.enum(["ECOSYSTEM", "GIT"]),
    events: z.array(eventSchema).min(1),
  })
  .strict();
export type AdvisoryRange = z.infer<typeof rangeSchema>;

const packageSchema = z
  .object({
    /** `PyPI` for a package name, `GIT` for a repository (`EleutherAI/DeeperSpeed`). */
    ecosystem: z.enum(["PyPI", "GIT"]),
    name: z.string().min(1),
  })
  .strict();

const sha = z.string().regex(/^[0-9a-f]{40}$/, "a full lowercase 40-hex commit SHA");

/**
 * A per-commit verdict table for a `GIT` package (a fork such as DeeperSpeed), established by reading
 * the source at each commit. It decides before any range: a listed commit is affected or not, whatever
 * its ancestry (a squash merge carries an upstream fix without having it as an ancestor). A commit the
 * table does not list is judged by its `version.txt` against the advisory's PyPI range, with certainty
 * unknown (a fork's version string does not move with its own fixes).
 */
const commitTableSchema = z
  .object({
    affected: z.array(sha).default([]),
    not_affected: z.array(sha).default([]),
  })
  .strict();
export type CommitTable = z.infer<typeof commitTableSchema>;

const affectedSchema = z
  .object({
    package: packageSchema,
    ranges: z.array(rangeSchema).default([]),
    /** For `GIT` packages: the verdict per commit, read from the source (decides before `ranges`). */
    commits: commitTableSchema.optional(),
    /** Versions or commits known to be affected, listed for readers; the ranges decide. */
    versions: z.array(z.string()).default([]),
  })
  .strict()
  .refine((a) => a.ranges.length > 0 || a.commits !== undefined, "an affected package needs ranges or commits");
export type AffectedPackage = z.infer<typeof affectedSchema>;

const referenceSchema = z
  .object({
    type: z.enum(["REPORT", "INTRODUCED", "FIX", "WORKAROUND", "DISCUSSION", "SOURCE"]),
    url: z.url(),
    title: z.string().min(1),
  })
  .strict();

/**
 * The config side of an advisory, as data: each field is one condition on the effective values of a
 * config set (DESIGN.md §3), all of which must hold. Evaluated by one generic mechanism
 * (`knowledge/config-condition.ts`), so a new "DeepSpeed X broke Y" needs an advisory, not a rule.
 * - `precision`: the effective precision is one of these.
 * - `zero_stage`: the effective ZeRO stage is within `min`..`max` (inclusive).
 * - `pipeline`: NeoX builds a DeepSpeed PipelineEngine (`pipe_parallel_size` at or above the
 *   environment's `pipelineFromPp`: 1 for upstream NeoX, 2 for savanna) — or does not, for `false`.
 * - `grad_accum_fp32`: `data_types.grad_accum_dtype` is fp32 (any of DeepSpeed's spellings) — or not.
 * - `finetune`: `finetune: true` or `no_load_optim: true` — or neither.
 * - `load`: a checkpoint is loaded (`load` set) — or not.
 * `anchor` names the condition a finding points at when it is written in the config.
 */
export const configConditionSchema = z
  .object({
    precision: z.array(z.enum(["bfloat16", "fp16", "fp32"])).min(1).optional(),
    zero_stage: z
      .object({ min: z.number().int().min(0).max(3).optional(), max: z.number().int().min(0).max(3).optional() })
      .strict()
      .optional(),
    pipeline: z.boolean().optional(),
    grad_accum_fp32: z.boolean().optional(),
    finetune: z.boolean().optional(),
    load: z.boolean().optional(),
    anchor: z.enum(["precision", "zero_stage", "pipeline", "grad_accum_fp32", "finetune", "load"]).optional(),
  })
  .strict();
export type ConfigCondition = z.infer<typeof configConditionSchema>;

/** One known-bad combination, as data. Adding one needs no code when an existing rule consumes it. */
export const advisorySchema = z
  .object({
    id: z.string().regex(/^NXA-\d{4}-\d{4}$/, "an advisory id looks like NXA-2024-0001"),
    title: z.string().min(1),
    summary: z.string().min(1),
    /** Markdown: the mechanism, in training terms. */
    details: z.string().min(1),
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The rules that apply this advisory. */
    rules: z.array(z.string().regex(/^NXC\d{3}$/)).min(1),
    affected: z.array(affectedSchema).min(1),
    /** When it bites, in words, and the structured parts the rules read. */
    condition: z
      .object({
        description: z.string().min(1),
        precision: z.array(z.enum(["bfloat16", "fp16", "fp32"])).optional(),
        zero_stages: z.array(z.number().int().min(0).max(3)).optional(),
        /** The config values under which it bites, as a predicate the generic mechanism evaluates. */
        config: configConditionSchema.optional(),
        /**
         * Other packages that must also be installed inside the given ranges for the advisory to bite
         * (all of them, together with an affected package): e.g. `torch` >= 2.0 for a DeepSpeed old
         * enough to import `torch._six`. Same range semantics as `affected`.
         */
        requires: z
          .array(z.object({ package: packageSchema, ranges: z.array(rangeSchema).min(1) }).strict())
          .optional(),
      })
      .strict(),
    fix: z
      .object({
        description: z.string().min(1),
        /** The PyPI version to move to (`0.13.0`). */
        upgrade_to: z.string().optional(),
        /** A known-good older PyPI version (`0.10.0`). */
        downgrade_to: z.string().optional(),
        /** A fixed commit of the fork, for git pins. */
        fork_commit: z.string().regex(/^[0-9a-f]{40}$/).optional(),
        /** A config change that avoids it on the affected versions, in words (`data_types: {grad_accum_dtype: fp32}`). */
        config: z.string().min(1).optional(),
      })
      .strict(),
    /** Parts of the advisory that come from reading code, not from a report. */
    inferred: z.array(z.string()).default([]),
    references: z.array(referenceSchema).min(1),
  })
  .strict();

export type Advisory = z.infer<typeof advisorySchema>;
