import { z } from "zod";

const ruleId = z.string().regex(/^NXC\d{3}$/, "a rule id looks like NXC101");
const severity = z.enum(["error", "warning", "info"]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date looks like 2026-12-31");

const ruleSetting = z.union([
  z.enum(["off", "error", "warning", "info"]),
  z
    .object({
      enabled: z.boolean().default(true),
      severity: severity.optional(),
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
]);

/** `.github/neox-check.yml`. Everything has a default; no file is needed. */
export const repoConfigSchema = z
  .object({
    /** Per rule: `off`, a severity, or `{ enabled, severity, options }`. */
    rules: z.record(ruleId, ruleSetting).default({}),
    /** Globs of files to look at (default: everything) and to leave out. */
    include: z.array(z.string()).default(["**"]),
    exclude: z.array(z.string()).default([]),
    /** Files NeoX merges for one run, in the order `deepy.py` gets them. */
    config_sets: z
      .array(
        z.object({ name: z.string().min(1).optional(), files: z.array(z.string().min(1)).min(1) }).strict(),
      )
      .default([]),
    ignore: z
      .array(
        z
          .object({
            rule: z.union([ruleId, z.literal("*")]),
            path: z.string().default("**"),
            reason: z.string().min(1, "say why the finding is ignored"),
            until: isoDate.optional(),
          })
          .strict(),
      )
      .default([]),
    /** What a cluster really runs, for pins that cannot be resolved from the files. */
    assume: z
      .object({
        /** A PyPI DeepSpeed version (`0.13.1`). */
        deepspeed: z.string().min(1).optional(),
        /** A DeeperSpeed commit or tag (`91d1c55b`, `v3.0`). */
        deeperspeed: z.string().min(1).optional(),
        /** A torch version (`2.1.0`). */
        torch: z.string().min(1).optional(),
        /** The GPT-NeoX release in use: `v1.0`, `v2.0`, or `head` (current main). */
        neox: z.enum(["v1.0", "v2.0", "head"]).optional(),
      })
      .strict()
      .default({}),
    fail_on: z.enum(["error", "warning", "never"]).default("error"),
    scope: z.enum(["new", "all"]).default("new"),
    /**
     * The App's conclusion when a run cannot finish (GitHub unreachable, analysis over its limits):
     * both block a required check; `neutral` is not offered, GitHub treats it as passing.
     */
    on_error: z.enum(["failure", "action_required"]).default("failure"),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

/** The configuration used when a repository has none. */
export const defaultRepoConfig: RepoConfig = repoConfigSchema.parse({});
