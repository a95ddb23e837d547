import type { RuleContext } from "../../engine/types.js";
import {
  combineParts,
  evaluateConfigCondition,
  type ConditionPart,
} from "../../knowledge/config-condition.js";
import type { Advisory } from "../../knowledge/schema.js";
import type { ConfigSet, RelatedLocation, Span } from "../../model/index.js";
import {
  aggregateDeepSpeed,
  reportConfigAgainstDeepSpeed,
  type ConfigSide,
} from "./report-config-deepspeed.js";

/** What the generic mechanism needs of a rule's context. */
export type ConfigAdvisoryContext = Pick<
  RuleContext<{ unpinned: "warn" | "quiet" }>,
  "head" | "knowledge" | "assume" | "options" | "report"
>;

/** The config side of one set against an advisory's `condition.config`, as the rules report it. */
export interface ConfigMatch {
  parts: ConditionPart[];
  /** The part that is not established (not set in this file), when exactly one is not. */
  missing: ConditionPart | null;
  /** The anchor part's location (written in the config). */
  location: Span;
  related: RelatedLocation[];
}

/**
 * Does this set match the advisory's config condition? null when it is ruled out, or when the anchor
 * (`condition.config.anchor`, else the first condition) is not written in this set's files.
 */
export function matchConfig(
  set: ConfigSet,
  advisory: Advisory,
  pipelineFromPp: number | null,
  anchorFallback: "first-written" | "anchor-only" = "anchor-only",
): ConfigMatch | null {
  const condition = advisory.condition.config;
  if (condition === undefined) return null;
  const parts = evaluateConfigCondition(set, condition, pipelineFromPp);
  const combined = combineParts(set, parts);
  if (combined.status === "no") return null;
  const anchor = parts.find((p) => p.name === (condition.anchor ?? parts[0]?.name));
  const location =
    anchor?.at ??
    (anchorFallback === "first-written" ? parts.find((p) => p.at !== undefined)?.at : undefined);
  if (location === undefined) return null;
  const related = parts.flatMap((p) =>
    p.at === undefined || p.at === location ? [] : [{ label: p.label, location: p.at }],
  );
  return { parts, missing: combined.status === "unknown" ? combined.missing : null, location, related };
}

/**
 * The one generic mechanism for an advisory about config values x DeepSpeed version: for every config
 * set its `condition.config` matches (DESIGN.md §3), judged against the DeepSpeed the repository
 * installs (`aggregateDeepSpeed`). Inside the range and known: the rule's severity, certain. Not
 * established (a value another file may set, the DeepSpeed version, install paths that disagree): a
 * warning with certainty unknown, saying what would settle it. Outside: nothing. The rule's messages
 * need `affected` ({{title}}, {{deepspeed}}, {{why}}, {{summary}}, {{fix}}) and `unknown` ({{title}},
 * {{summary}}, {{unknown}}, {{fix}}).
 */
export function reportConfigAdvisory(ctx: ConfigAdvisoryContext, advisory: Advisory): void {
  if (advisory.condition.config === undefined) return;
  const result = aggregateDeepSpeed(ctx, advisory);
  if (result.status === "quiet") return;
  const pipelineFromPp = ctx.head.environment.neox.pipelineFromPp;
  for (const set of ctx.head.configSets) {
    const match = matchConfig(set, advisory, pipelineFromPp);
    if (match === null) continue;
    const side: ConfigSide = {
      location: match.location,
      unknowns: match.missing ? [`${match.missing.words} (not set in this file)`] : [],
      related: match.related,
    };
    const anchor = advisory.condition.config.anchor ?? match.parts[0]?.name ?? "config";
    reportConfigAgainstDeepSpeed(ctx, {
      advisory,
      result,
      side,
      keyPath: `${advisory.id}|${anchor}`,
      extra: { title: advisory.title, summary: advisory.summary },
    });
  }
}
