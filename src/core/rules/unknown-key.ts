import { defineRule } from "../engine/define-rule.js";
import type { Certainty, ConfigEntry, Fix, NeoxArgsInfo, Span, TextEdit } from "../model/index.js";
import { removedNeoxArgs, type RemovedNeoxArg } from "../parse/neox-args.js";
import { closestNames, squash } from "./support/edit-distance.js";

/** What to do about a removed or renamed argument, in this project's words. */
interface Advice {
  /** What happened, in words (`renamed to \`checkpoint_factor\``). */
  change: string;
  advice: string;
  /** The key that replaces it one for one, when renaming the key is the whole fix. */
  renameTo: string | null;
}

/** Advice for the removed keys knowledge/pitfalls.md §3 and item 8 name. */
const ADVICE: ReadonlyMap<string, Advice> = new Map([
  [
    "save_interval",
    {
      change: "renamed to `checkpoint_factor`",
      advice: "Rename it to `checkpoint_factor` (same meaning with the default `checkpoint_scale: linear`).",
      renameTo: "checkpoint_factor",
    },
  ],
  [
    "gas",
    {
      change: "removed (it duplicated `gradient_accumulation_steps`)",
      // Older NeoX set `gas` from the derived gradient_accumulation_steps in calculate_derived, so a
      // rename would start using a value that was ignored so far: deleting keeps the old behaviour.
      advice:
        "Delete it: the NeoX versions that accepted it overwrote it with the `gradient_accumulation_steps` they derive from the batch sizes, so the value written here was never used. Set `gradient_accumulation_steps` to choose the accumulation.",
      renameTo: null,
    },
  ],
  ["detect_nvlink_pairs", { change: "removed", advice: "Delete it.", renameTo: null }],
  [
    "zero_allow_untested_optimizer",
    {
      change: "dropped as an argument when `deepspeed_extra_args` was added",
      advice:
        "Move it under `deepspeed_extra_args` (`deepspeed_extra_args: {zero_allow_untested_optimizer: true}`), which NeoX passes to DeepSpeed as is.",
      renameTo: null,
    },
  ],
  [
    "save_iters",
    {
      change: "made internal (NeoX derives it from `checkpoint_factor` and `extra_save_iters`)",
      advice: "Delete it and set `checkpoint_factor` or `extra_save_iters` instead.",
      renameTo: null,
    },
  ],
]);

/** The date GPT-NeoX v2.0 was tagged (knowledge/seed-bug.md §2): keys removed later were still in it. */
const V2_TAG_DATE = "2023-03-09";

/** A removed key's history and advice, merged from the shipped data and the table above. */
interface KeyChange extends Advice {
  /** The upstream change, for messages (` (gpt-neox#1144, 2024-02-05)`), or empty. */
  ref: string;
  presentAtV1: boolean;
  presentAtV2: boolean;
}

function keyChange(removed: RemovedNeoxArg): KeyChange {
  const advice = ADVICE.get(removed.name) ?? {
    change: removed.change === "renamed" ? `renamed to \`${removed.replacement ?? "?"}\`` : "removed",
    advice: `${removed.note.charAt(0).toUpperCase()}${removed.note.slice(1)}.`,
    renameTo: removed.change === "renamed" ? removed.replacement : null,
  };
  const pr = removed.pr?.replace(/^EleutherAI\//, "") ?? null;
  const where = [pr, removed.date].filter((x): x is string => x !== null).join(", ");
  const ref = where === "" ? "" : ` (${where})`;
  // The shipped data records v1.0 only; a key removed after v2.0 was tagged was still in v2.0.
  const presentAtV2 = removed.presentAtV1 && (removed.date === null || removed.date > V2_TAG_DATE);
  return { ...advice, ref, presentAtV1: removed.presentAtV1, presentAtV2 };
}

/** The key's text inside its span, without quotes; null when the span is not exactly the key. */
function keyTextSpan(entry: ConfigEntry): Span | null {
  const s = entry.keySpan;
  if (s.line !== s.endLine) return null;
  const width = s.endColumn - s.column;
  if (width === entry.spelling.length) return s;
  if (width === entry.spelling.length + 2) return { ...s, column: s.column + 1, endColumn: s.endColumn - 1 };
  return null;
}

/** `checkpoint_factor` written in the user's style (`checkpoint-factor` when they used hyphens). */
function inStyleOf(entry: ConfigEntry, name: string): string {
  return entry.spelling.includes("-") && !entry.spelling.includes("_") ? name.replace(/_/g, "-") : name;
}

function renameFix(entry: ConfigEntry, name: string, description: string): Fix {
  const span = keyTextSpan(entry);
  const edits: TextEdit[] = span === null ? [] : [{ span, replacement: inStyleOf(entry, name) }];
  return { description, edits };
}

/** Where the argument list comes from, for the message. */
function argSource(info: NeoxArgsInfo): string {
  if (info.source === "repository" && info.framework !== undefined)
    return `per this repository's own ${info.framework} arguments: ${info.paths.join(", ")}`;
  if (info.source === "repository")
    return `per this repository's ${info.paths[0] ?? "megatron/neox_arguments"}`;
  return "per GPT-NeoX's current argument list";
}

/**
 * Is the NeoX that runs these configs known to lack `key`? True for the repository's own NeoX and
 * for `assume.neox: head`; for an assumed release, whether that release had the key.
 */
function knownToReject(
  info: NeoxArgsInfo,
  assumed: "v1.0" | "v2.0" | "head" | undefined,
  change: KeyChange,
): boolean | null {
  if (info.source === "repository") return true;
  if (assumed === "head") return true;
  if (assumed === "v1.0") return !change.presentAtV1;
  if (assumed === "v2.0") return !change.presentAtV2;
  return null;
}

/**
 * NXC207: a top-level key NeoX does not know. NeoX hands every key to its argument dataclass, so an
 * unknown one stops the run at startup with a TypeError (knowledge/pitfalls.md item 8). Removed
 * and renamed keys get their history; a key an older NeoX release still accepts is an error only
 * when the NeoX in use is known, otherwise a warning that names the change.
 */
export const unknownKeyRule = defineRule(
  {
    id: "NXC207",
    name: "unknown-key",
    severity: "error",
    description: "A top-level config key that GPT-NeoX does not know (it stops at startup).",
    messages: {
      unknown:
        "`{{spelling}}` is not a GPT-NeoX argument ({{source}}): NeoX passes every top-level key to its argument dataclass, so the run stops at startup with `TypeError: __init__() got an unexpected keyword argument '{{key}}'`.{{hint}}",
      changed:
        "`{{spelling}}` was {{change}}{{ref}}, and {{which}}: the run stops at startup with `TypeError: __init__() got an unexpected keyword argument '{{key}}'`. {{advice}}",
      olderOnly:
        "`{{spelling}}` was {{change}}{{ref}}: older NeoX ({{accepting}}) accepts it, but newer NeoX stops at startup with `TypeError: __init__() got an unexpected keyword argument '{{key}}'`. Which NeoX runs this config is not known; set `assume.neox` in .github/neox-check.yml to make this certain. {{advice}}",
      tooNew:
        "`{{spelling}}` is an argument of current GPT-NeoX but not of NeoX {{release}}, which this repository assumes (`assume.neox`): that release stops at startup with `TypeError: __init__() got an unexpected keyword argument '{{key}}'`. Remove it, or move to a NeoX release that has it.",
    },
  },
  (ctx) => {
    const info = ctx.head.neoxArgs;
    const args = info.args;
    const names = Object.keys(args);
    const assumed = ctx.assume.neox;
    const changes = new Map(removedNeoxArgs().map((r) => [r.name, keyChange(r)]));
    const seen = new Set<string>();
    // Training code of the repository's own whose arguments could not be read: unknown keys are a guess
    // against upstream's list, so one warning per key, never an error per file.
    const env = ctx.head.environment.neox;
    const unread = env.kind === "none" && env.sources.length > 0;
    const warned = new Set<string>();
    for (const file of ctx.head.configs) {
      for (const entry of Object.values(file.keys)) {
        const key = entry.key;
        const id = `${file.path}\u0000${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const data = { spelling: entry.spelling, key };
        if (Object.hasOwn(args, key)) {
          const arg = args[key];
          // An assumed older release lacks arguments added since (the shipped list is current NeoX's).
          if (arg === undefined || info.source !== "shipped" || (assumed !== "v1.0" && assumed !== "v2.0"))
            continue;
          const present = assumed === "v1.0" ? arg.presentAtV1 : arg.presentAtV2;
          if (present) continue;
          ctx.report({
            messageId: "tooNew",
            data: { ...data, release: assumed },
            location: entry.keySpan,
            key,
          });
          continue;
        }
        const change = changes.get(key);
        if (change !== undefined) {
          const rejects = knownToReject(info, assumed, change);
          if (rejects === false) continue;
          const fix =
            change.renameTo !== null && !Object.hasOwn(file.keys, change.renameTo)
              ? renameFix(entry, change.renameTo, change.advice)
              : { description: change.advice, edits: [] };
          const accepting = [change.presentAtV1 ? "v1.0" : null, change.presentAtV2 ? "v2.0" : null].filter(
            (v): v is string => v !== null,
          );
          if (rejects === true || accepting.length === 0) {
            const which =
              info.source === "repository"
                ? `this repository's NeoX (${info.paths.join(", ")}) does not have it`
                : assumed !== undefined
                  ? `NeoX ${assumed} (set as \`assume.neox\`) does not have it`
                  : "no NeoX release since then (not even v1.0) has it";
            ctx.report({
              messageId: "changed",
              data: { ...data, change: change.change, ref: change.ref, which, advice: change.advice },
              location: entry.keySpan,
              fix,
              key,
            });
            continue;
          }
          const certainty: Certainty = {
            level: "unknown",
            detail:
              "which GPT-NeoX runs these configs is not known (the repository has no megatron/neox_arguments, and `assume.neox` is not set)",
          };
          ctx.report({
            messageId: "olderOnly",
            data: {
              ...data,
              change: change.change,
              ref: change.ref,
              accepting: accepting.join(" and "),
              advice: change.advice,
            },
            location: entry.keySpan,
            severity: "warning",
            certainty,
            fix,
            key,
          });
          continue;
        }
        const suggestions = closestNames(key, names);
        const hint =
          suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(" or ")}?` : "";
        const only = suggestions.length === 1 ? suggestions[0] : undefined;
        const fix =
          only !== undefined && squash(only) === squash(key)
            ? renameFix(
                entry,
                only,
                `Write \`${only}\`: NeoX argument names are lower case, with \`_\` (or \`-\`) between words.`,
              )
            : only !== undefined
              ? { description: `If you meant \`${only}\`, rename the key.`, edits: [] }
              : {
                  description: "Remove the key, or check the spelling against configs/neox_arguments.md.",
                  edits: [],
                };
        if (unread && warned.has(key)) continue;
        warned.add(key);
        ctx.report({
          messageId: "unknown",
          data: { ...data, source: argSource(info), hint },
          location: entry.keySpan,
          fix,
          key,
          ...(unread
            ? {
                severity: "warning" as const,
                certainty: {
                  level: "unknown" as const,
                  detail: `this repository has training code of its own (${env.sources.join(", ")}) whose argument definitions could not be read; judged against upstream GPT-NeoX's list`,
                },
              }
            : {}),
        });
      }
    }
  },
);
