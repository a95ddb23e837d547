import type { RuleContext } from "../../engine/types.js";
import type { Advisory } from "../../knowledge/schema.js";
import type { RelatedLocation, Span } from "../../model/index.js";
import { assumedVerdicts, deepspeedVerdicts, type VersionContext } from "./deepspeed.js";
import { deepspeedFix, fixWords } from "./fix.js";
import { aggregate, reportedVerdicts, type Aggregate, type Verdict } from "./verdict.js";

/** `requirements/requirements.txt` installs DeeperSpeed @ 91d1c55b (not affected), for messages. */
function candidateWords(v: Verdict): string {
  const where = v.pin ? `\`${v.pin.includedFrom ?? v.pin.path}\` installs ` : "";
  return `${where}${v.subject} (${v.status === "affected" ? "affected" : "not affected"})`;
}

/**
 * The DeepSpeed verdicts for an advisory, aggregated under the rule's `unpinned` option. When the
 * repository's install paths disagree (some candidates affected, others not), the answer is one
 * unknown verdict (cause `disagree`) naming both sides, unless `assume` says what the cluster runs.
 */
export function aggregateDeepSpeed(
  ctx: VersionContext & { options: { unpinned: "warn" | "quiet" } },
  advisory: Advisory,
): Aggregate {
  const verdicts = deepspeedVerdicts(ctx, advisory);
  const options = { quietWhenUnpinned: ctx.options.unpinned === "quiet" };
  const affected = verdicts.filter((v) => v.status === "affected" && v.assumed === null);
  const fine = verdicts.filter((v) => v.status === "not_affected" && v.assumed === null);
  const [first] = affected;
  if (first === undefined || fine.length === 0) return aggregate(verdicts, options);
  const assumed = assumedVerdicts(ctx, advisory);
  if (assumed.some((v) => v.status !== "unknown")) return aggregate(assumed, options);
  const detail = `the install paths disagree: ${[...affected, ...fine].map(candidateWords).join("; ")}; which one runs depends on the file an environment was built from (NXC302). Make them pin the same DeepSpeed, or set \`assume.deepspeed\` / \`assume.deeperspeed\` in .github/neox-check.yml to what the cluster runs`;
  return {
    status: "unknown",
    verdict: {
      ...first,
      status: "unknown",
      subject: "DeepSpeed",
      detail,
      cause: "disagree",
      affectedVersions: [],
    },
  };
}

/** "pinned here" for a verdict that judged a pin (none for `assume` alone). */
export function pinRelated(verdict: Verdict): RelatedLocation[] {
  return verdict.pin ? [{ label: "pinned here", location: verdict.pin.span }] : [];
}

/** What a config x DeepSpeed rule established about one config set. */
export interface ConfigSide {
  /** Where the finding points (the key that anchors the rule). */
  location: Span;
  /** Parts the set leaves unknown, in words ("the precision (not set in this file)"). */
  unknowns: string[];
  related: RelatedLocation[];
}

/** The fingerprint key: the anchoring key path, the package, and the pin's file (or the assume key). */
export function versionKey(keyPath: string, verdict: Verdict): string {
  const where = verdict.pin?.path ?? (verdict.assumed ? `assume.${verdict.assumed.key}` : "none");
  return `${keyPath}|pkg:deepspeed|${where}`;
}

/**
 * Reports one config set against the aggregated DeepSpeed verdicts: `affected` (the rule's severity,
 * certain) when every part is established and the DeepSpeed is affected; otherwise `unknown` (a
 * warning naming each unknown part). The rule's messages need `affected` with `{{deepspeed}}`,
 * `{{why}}`, `{{fix}}` (plus `extra` data) and `unknown` with `{{unknown}}`, `{{fix}}`.
 */
export function reportConfigAgainstDeepSpeed(
  ctx: Pick<RuleContext<unknown>, "report" | "knowledge">,
  args: {
    advisory: Advisory;
    result: Exclude<Aggregate, { status: "quiet" }>;
    side: ConfigSide;
    keyPath: string;
    extra?: Record<string, string>;
  },
): void {
  const { advisory, result, side } = args;
  for (const v of reportedVerdicts(result)) {
    const words = fixWords(advisory, v, ctx.knowledge);
    const unknowns =
      v.status === "affected"
        ? side.unknowns
        : [...side.unknowns, `which DeepSpeed is installed (${v.subject}: ${v.detail})`];
    const related = [...side.related, ...pinRelated(v)];
    const common = {
      location: side.location,
      advisory: advisory.id,
      related,
      fix: deepspeedFix(v, advisory, ctx.knowledge),
      key: versionKey(args.keyPath, v),
    };
    if (unknowns.length > 0) {
      ctx.report({
        ...common,
        messageId: "unknown",
        data: { ...args.extra, unknown: unknowns.join("; "), fix: words },
        severity: "warning",
        certainty: { level: "unknown", detail: unknowns.join("; ") },
      });
    } else {
      ctx.report({
        ...common,
        messageId: "affected",
        data: { ...args.extra, deepspeed: v.subject, why: v.detail, fix: words },
        certainty: { level: "certain" },
      });
    }
  }
}
