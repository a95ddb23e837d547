import { defineRule } from "../engine/define-rule.js";
import type { Advisory } from "../knowledge/schema.js";
import type { Knowledge } from "../knowledge/types.js";
import { compareVersions } from "../versioning/index.js";
import { specifierAt } from "./support/fix.js";
import type { ConfigSet, Fix, RelatedLocation, Severity, Span } from "../model/index.js";
import { attentionTypes, written } from "./support/config-values.js";
import { packageVerdicts } from "./support/package-version.js";
import { aggregate, reportedVerdicts, unpinnedOptions, type Verdict } from "./support/verdict.js";

/** flash + sliding_window_width needs flash-attn >= 2.3.0 (error). */
const SLIDING_WINDOW = "NXA-2026-0005";
/** flash + ALiBi wants flash-attn >= 2.4.0.post1 (warning: GPT-NeoX falls back to Triton). */
const ALIBI = "NXA-2026-0006";

interface Trigger {
  advisory: string;
  /** The key whose value makes the config need the newer flash-attn. */
  key: "sliding_window_width" | "pos_emb";
  at: Span;
  severity: Severity;
  what: string;
}

function triggers(set: ConfigSet): { flash: Span; found: Trigger[] } | null {
  const flash = attentionTypes(set).find((t) => t.type === "flash");
  if (!flash) return null;
  const found: Trigger[] = [];
  const window = written(set, "sliding_window_width");
  if (window)
    found.push({
      advisory: SLIDING_WINDOW,
      key: "sliding_window_width",
      at: window.node.span,
      severity: "error",
      what: "flash attention with a sliding window (`sliding_window_width`)",
    });
  const pos = set.keys.pos_emb;
  if (pos && typeof pos.node.value === "string" && pos.node.value.toLowerCase() === "alibi")
    found.push({
      advisory: ALIBI,
      key: "pos_emb",
      at: pos.node.span,
      severity: "warning",
      what: "flash attention with ALiBi (`pos_emb: alibi`)",
    });
  return { flash: flash.span, found };
}

/**
 * The flash-attn release every flash feature of the repository's configs needs: the pin is shared, so a
 * fix for one feature that another still finds too old would be a second edit to the same line.
 */
function highestNeed(
  perSet: ReadonlyArray<{ found: Trigger[] } | null>,
  knowledge: Knowledge,
): string | undefined {
  let highest: string | undefined;
  for (const t of perSet) {
    for (const trigger of t?.found ?? []) {
      const up = knowledge.advisory(trigger.advisory).fix.upgrade_to;
      if (up !== undefined && (highest === undefined || compareVersions(up, highest) > 0)) highest = up;
    }
  }
  return highest;
}

function fixFor(advisory: Advisory, v: Verdict, target: string | undefined): Fix {
  const up = target ?? advisory.fix.upgrade_to;
  const edits = [];
  const pin = v.assumed === null ? v.pin : null;
  if (
    up !== undefined &&
    pin &&
    (pin.kind === "exact" || pin.kind === "range") &&
    pin.specifierSpan &&
    pin.specifier !== null
  ) {
    const span = pin.specifierSpan;
    const replacement = specifierAt(pin, up);
    if (span.line === span.endLine && span.endColumn - span.column === pin.specifier.length)
      edits.push({ span, replacement });
  }
  const also =
    up !== undefined && up !== advisory.fix.upgrade_to
      ? ` Another flash-attention feature of these configs needs ${up}, so the pin goes there.`
      : "";
  return { description: `${advisory.fix.description}${also}`, edits };
}

/** NXC105: flash attention features that need a newer flash-attn (advisories NXA-2026-0005, -0006). */
export const flashAttentionVersionRule = defineRule(
  {
    id: "NXC105",
    name: "flash-attention-version",
    severity: "error",
    description:
      "`flash` attention with `sliding_window_width` needs flash-attn >= 2.3.0 (error); with `pos_emb: alibi` it wants >= 2.4.0.post1 (warning).",
    messages: {
      affected:
        "{{what}} needs flash-attn {{needed}} or later, but {{flashAttn}} ({{why}}). {{consequence}} Require `flash-attn>={{needed}}` (GPT-NeoX pins 2.5.6 in requirements/requirements-flashattention.txt, gpt-neox#1170).",
      unknown:
        "{{what}} needs flash-attn {{needed}} or later. {{consequence}} Not established: {{unknown}}. Require `flash-attn>={{needed}}` (GPT-NeoX pins 2.5.6, gpt-neox#1170).",
    },
    options: unpinnedOptions("quiet"),
  },
  (ctx) => {
    // Each set's triggers, found once: the fix's target needs all of them, each finding its set's own.
    const perSet = ctx.head.configSets.map(triggers);
    const target = highestNeed(perSet, ctx.knowledge);
    const verdicts = new Map<string, ReturnType<typeof aggregate>>();
    for (const t of perSet) {
      if (t === null) continue;
      for (const trigger of t.found) {
        const advisory = ctx.knowledge.advisory(trigger.advisory);
        const affected = advisory.affected.find((a) => a.package.name.toLowerCase() === "flash-attn");
        if (!affected) continue;
        const needed = advisory.fix.upgrade_to ?? "";
        const consequence =
          trigger.severity === "error"
            ? "With an older flash-attn GPT-NeoX stops at start-up."
            : "With an older flash-attn GPT-NeoX falls back to a Triton implementation of ALiBi instead of the flash-attn kernel and only logs a warning.";
        // The pins are the repository's, not the set's: judged once per advisory.
        let result = verdicts.get(advisory.id);
        if (result === undefined) {
          result = aggregate(packageVerdicts(ctx, "flash-attn", affected.ranges, { whenSome: "unknown" }), {
            quietWhenUnpinned: ctx.options.unpinned === "quiet",
          });
          verdicts.set(advisory.id, result);
        }
        if (result.status === "quiet") continue;
        for (const v of reportedVerdicts(result)) {
          const related: RelatedLocation[] = [
            { label: "flash attention configured here", location: t.flash },
          ];
          if (v.pin) related.push({ label: "pinned here", location: v.pin.span });
          const common = {
            location: trigger.at,
            advisory: advisory.id,
            related,
            fix: fixFor(advisory, v, target),
            key: `${trigger.key}|pkg:flash-attn|${v.pin?.path ?? "none"}`,
          };
          if (v.status === "affected") {
            ctx.report({
              ...common,
              messageId: "affected",
              data: { what: trigger.what, needed, flashAttn: v.subject, why: v.detail, consequence },
              severity: trigger.severity,
              certainty: { level: "certain" },
            });
          } else {
            const unknown = `which flash-attn is installed (${v.subject}: ${v.detail})`;
            ctx.report({
              ...common,
              messageId: "unknown",
              data: { what: trigger.what, needed, unknown, consequence },
              // One step below the established severity: error -> warning, warning -> info.
              severity: trigger.severity === "error" ? "warning" : "info",
              certainty: { level: "unknown", detail: unknown },
            });
          }
        }
      }
    }
  },
);
