import { z } from "zod";

const sha = z.string().regex(/^[0-9a-f]{40}$/, "a full lowercase 40-hex commit SHA");
const change = z
  .object({
    commit: sha,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    pr: z.string().min(1).nullable(),
  })
  .strict();

/** One NeoX check (an assert or raise at start) a rule quotes, with the upstream commits that added and removed it. */
export const neoxCheckSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    rules: z.array(z.string().regex(/^NXC\d{3}$/)).min(1),
    /** The message as NeoX writes it, for people. */
    text: z.string().min(1),
    /** A regular expression searched in the repository's own code (comments removed). */
    match: z.string().min(1),
    /** Base names of the files the check lives in (`arguments.py`, `training.py`). */
    files: z.array(z.string().min(1)).min(1),
    added: change,
    removed: change.nullable(),
    sources: z.array(z.url()).min(1),
  })
  .strict();

export type NeoxCheck = z.infer<typeof neoxCheckSchema>;
export const neoxChecksFileSchema = z.array(neoxCheckSchema).min(1);

/** One row of the dating table: an upstream change that added argument fields still declared today. */
export const neoxDatingRowSchema = z
  .object({
    change: z.string().min(1),
    fields: z.array(z.string().min(1)).min(1),
    commit: sha,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    pr: z.string().min(1),
  })
  .strict();

export type NeoxDatingRow = z.infer<typeof neoxDatingRowSchema>;
export const neoxDatingFileSchema = z.array(neoxDatingRowSchema).min(1);
