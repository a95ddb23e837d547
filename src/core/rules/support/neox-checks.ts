import { neoxChecks } from "../../knowledge/neox-checks.generated.js";
import type { NeoxCheck } from "../../knowledge/neox-check-schema.js";
import type { Certainty, NeoxEnvironment } from "../../model/index.js";
import type { ReportDescriptor, RuleContext } from "../../engine/types.js";

/** The release dates `assume.neox` can name (knowledge/neox-versions.md). */
const RELEASE_DATES: Record<"v1.0" | "v2.0", string> = { "v1.0": "2023-03-07", "v2.0": "2023-03-09" };

/** Does the NeoX that runs these configs have this check? `unknown` carries what would settle it. */
export type CheckState =
  { state: "present" } | { state: "absent" } | { state: "unknown"; certainty: Certainty };

export function neoxCheck(id: string): NeoxCheck {
  const found = neoxChecks.find((c) => c.id === id);
  if (!found) throw new Error(`no NeoX check ${id} in knowledge/neox-checks.yml`);
  return found;
}

function inRange(check: NeoxCheck, date: string): boolean {
  return check.added.date <= date && (check.removed === null || check.removed.date > date);
}

/**
 * Whether the NeoX running these configs has the check `id` (knowledge/neox-checks.yml):
 * 1. the repository's own code says (present or absent);
 * 2. else `assume.neox` names a release: inside the check's upstream range or not;
 * 3. else the argument fields date the tree (docs/environment.md): inside, outside or unknown;
 * 4. a check every NeoX since v1.0 has (added before it, never removed) is present;
 * 5. else unknown: a rule reports a warning saying what would settle it.
 */
export function neoxCheckState(
  env: NeoxEnvironment,
  assumed: "v1.0" | "v2.0" | "head" | undefined,
  id: string,
): CheckState {
  const check = neoxCheck(id);
  const own = env.checks[id];
  if (own !== undefined) return { state: own ? "present" : "absent" };
  if (env.kind === "none" && assumed !== undefined) {
    const present = assumed === "head" ? check.removed === null : inRange(check, RELEASE_DATES[assumed]);
    return { state: present ? "present" : "absent" };
  }
  if (env.kind !== "none") {
    const after =
      env.dating
        .filter((d) => d.present)
        .map(dateOf)
        .sort()
        .pop() ?? null;
    const before =
      env.dating
        .filter((d) => !d.present)
        .map(dateOf)
        .sort()[0] ?? null;
    if (before !== null && before <= check.added.date) return { state: "absent" };
    if (check.removed !== null && after !== null && after >= check.removed.date) return { state: "absent" };
    if (
      after !== null &&
      after >= check.added.date &&
      (check.removed === null || (before !== null && before <= check.removed.date))
    )
      return { state: "present" };
  }
  if (check.added.date < RELEASE_DATES["v1.0"] && check.removed === null) return { state: "present" };
  const range = `${check.added.pr ?? check.added.commit.slice(0, 8)} (${check.added.date})${check.removed ? ` until ${check.removed.pr ?? check.removed.commit.slice(0, 8)} (${check.removed.date})` : ""}`;
  const detail =
    env.kind === "none"
      ? `upstream GPT-NeoX has this check from ${range}, and which NeoX runs these configs is not known: set \`assume.neox\` in .github/neox-check.yml, or keep the NeoX code in the repository`
      : `upstream GPT-NeoX has this check from ${range}; this repository's ${env.name} code does not include ${check.files.join(" or ")}, and its arguments do not date it`;
  return { state: "unknown", certainty: { level: "unknown", detail } };
}

function dateOf(d: NeoxEnvironment["dating"][number]): string {
  return /(\d{4}-\d{2}-\d{2})\)$/.exec(d.change)?.[1] ?? "";
}

/**
 * `ctx.report`, less the findings that quote a check the repository's own NeoX code does not have
 * (`messageId` to check id). Used by rules whose quoted check came with the keys it is about
 * (`num_kv_heads` and its assert in gpt-neox#1131), so only the repository's code can rule it out.
 */
export function reportUnlessCheckAbsent(
  ctx: RuleContext<unknown>,
  checksByMessage: Record<string, string>,
): (descriptor: ReportDescriptor) => void {
  const absent = new Set(
    Object.entries(checksByMessage)
      .filter(([, id]) => neoxCheckState(ctx.head.environment.neox, ctx.assume.neox, id).state === "absent")
      .map(([messageId]) => messageId),
  );
  return (descriptor) => {
    if (!absent.has(descriptor.messageId)) ctx.report(descriptor);
  };
}
