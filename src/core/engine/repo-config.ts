import { z } from "zod";
import { SEVERITIES } from "./severity.js";

const ruleId = z.string().regex(/^NXC\d{3}$/, "a rule id looks like NXC101");
const severity = z.enum(SEVERITIES);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date looks like 2026-12-31");

/** A rule's setting: `off`, a severity, or `{ enabled, severity, options }` with that rule's options. */
function ruleSetting(options: z.ZodType) {
  return z.union([
    z.enum(["off", ...SEVERITIES]),
    z
      .object({
        enabled: z.boolean().default(true),
        severity: severity.optional(),
        options: options.default({}),
      })
      .strict(),
  ]);
}

/** An `ignore` entry, for rules matched by `rule` and paths matched by the glob `path`. */
function ignoreEntry(rule: z.ZodType<string>, glob: z.ZodType<string> = z.string()) {
  return z
    .object({
      rule: z.union([rule, z.literal("*")]).describe("The rule id to ignore, or `*` for every rule."),
      path: glob.default("**").describe("A glob of the files the entry covers (default: every file)."),
      reason: z.string().min(1, "say why the finding is ignored").describe("Why the finding is ignored."),
      until: isoDate
        .optional()
        .describe("YYYY-MM-DD: the entry stops applying after this date (NXC001 then says so)."),
    })
    .strict();
}

/** `.github/neox-check.yml`. Everything has a default; no file is needed. */
export const repoConfigSchema = z
  .object({
    /** Probot's `_extends`: `repo`, `owner/repo` or `owner/repo:path.yml`, whose keys this file's keys override. */
    _extends: z
      .string()
      .optional()
      .describe(
        "Inherit the keys of another config file: `repo`, `owner/repo` or `owner/repo:path.yml` (Probot's `_extends`); keys in this file win.",
      ),
    /** Per rule: `off`, a severity, or `{ enabled, severity, options }`. */
    rules: z
      .record(ruleId, ruleSetting(z.record(z.string(), z.unknown())))
      .default({})
      .describe("Per rule id: `off`, a severity, or `{ enabled, severity, options }`."),
    /** Globs of files to look at (default: everything) and to leave out. */
    include: z.array(z.string()).default(["**"]).describe("Globs of the files to look at."),
    exclude: z.array(z.string()).default([]).describe("Globs of the files to leave out."),
    /** Files NeoX merges for one run, in the order `deepy.py` gets them. */
    config_sets: z
      .array(
        z.object({ name: z.string().min(1).optional(), files: z.array(z.string().min(1)).min(1) }).strict(),
      )
      .default([])
      .describe("Files NeoX merges for one run, in the order deepy.py gets them."),
    ignore: z
      .array(ignoreEntry(ruleId))
      .default([])
      .describe("Findings to ignore, with a reason and an optional expiry date."),
    /** What a cluster really runs, for pins that cannot be resolved from the files. */
    assume: z
      .object({
        /** A PyPI DeepSpeed version (`0.13.1`). */
        deepspeed: z.string().min(1).optional().describe("A PyPI DeepSpeed version (`0.13.1`)."),
        /** A DeeperSpeed commit or tag (`91d1c55b`, `v3.0`). */
        deeperspeed: z
          .string()
          .min(1)
          .optional()
          .describe("A DeeperSpeed commit or tag (`91d1c55b`, `v3.0`)."),
        /** A torch version (`2.1.0`). */
        torch: z.string().min(1).optional().describe("A torch version (`2.1.0`)."),
        /** The GPT-NeoX release in use: `v1.0`, `v2.0`, or `head` (current main). */
        neox: z
          .enum(["v1.0", "v2.0", "head"])
          .optional()
          .describe("The GPT-NeoX release the configs run on: `v1.0`, `v2.0` or `head`."),
      })
      .strict()
      .default({})
      .describe("What your cluster really runs, for pins that cannot be resolved from the files."),
    fail_on: z
      .enum(["error", "warning", "never"])
      .default("error")
      .describe("When the check fails: on errors, on warnings too, or never."),
    scope: z
      .enum(["new", "all"])
      .default("new")
      .describe("What counts toward failing: findings the change introduces, or all findings."),
    on_error: z
      .enum(["failure", "action_required"])
      .default("failure")
      .describe(
        "The conclusion when a run cannot finish (GitHub unreachable, analysis over its limits); both block a required check.",
      ),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

/** The configuration used when a repository has none. */
export const defaultRepoConfig: RepoConfig = repoConfigSchema.parse({});

/** What the repo config must know of a rule to validate its settings. */
export interface RuleSettingsInfo {
  id: string;
  /** The rule's options schema (strict: an option name with a typo is an error, not silently ignored). */
  options: z.ZodType;
  /** One line for editors (`finetune-bf16-stale-master-weights: ...`). */
  description?: string;
}

/** Checks a glob: a message saying what is wrong with it, or null when it is fine. */
export type GlobCheck = (pattern: string) => string | null;

/**
 * The schema for the rules of this build: a rule id that does not exist (in `rules` or `ignore`),
 * options a rule does not take, and (with `globError`) globs that do not parse are errors, at their
 * line, instead of being ignored.
 */
export function repoConfigSchemaFor(
  rules: readonly RuleSettingsInfo[],
  checks: { globError?: GlobCheck } = {},
) {
  const [first, ...others] = rules.map((r) => r.id);
  const known = z.enum([first ?? "NXC001", ...others], {
    error: (issue) => `no such rule: ${String(issue.input)} (\`neox-check rules\` lists them)`,
  });
  const settings = Object.fromEntries(
    rules.map((r) => {
      const setting = ruleSetting(r.options).optional();
      return [r.id, r.description === undefined ? setting : setting.describe(r.description)];
    }),
  );
  const glob = z.string().superRefine((pattern, ctx) => {
    const problem = checks.globError?.(pattern) ?? null;
    if (problem !== null) ctx.addIssue({ code: "custom", message: `not a valid glob: ${problem}` });
  });
  const globs = (shape: z.ZodDefault<z.ZodArray<z.ZodString>>) =>
    z
      .array(glob)
      .default(shape.def.defaultValue)
      .describe(shape.description ?? "");
  return repoConfigSchema.extend({
    include: globs(repoConfigSchema.shape.include),
    exclude: globs(repoConfigSchema.shape.exclude),
    rules: z
      .object(settings)
      .strict()
      .default({})
      .describe(repoConfigSchema.shape.rules.description ?? ""),
    ignore: z
      .array(ignoreEntry(known, glob))
      .default([])
      .describe(repoConfigSchema.shape.ignore.description ?? ""),
  });
}
