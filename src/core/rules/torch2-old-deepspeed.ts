import { defineRule } from "../engine/define-rule.js";
import type { RelatedLocation, Span } from "../model/index.js";
import { deepspeedFix } from "./support/fix.js";
import { packageVerdicts } from "./support/package-version.js";
import { aggregateDeepSpeed } from "./support/report-config-deepspeed.js";
import { aggregate, reportedVerdicts, unpinnedOptions, type Verdict } from "./support/verdict.js";

/** DeepSpeed older than 0.8.2 imports torch._six, which torch 2.0 removed. */
const ADVISORY = "NXA-2026-0004";

function locationOf(v: Verdict): Span | null {
  return v.pin ? (v.pin.specifierSpan ?? v.pin.span) : null;
}

/** NXC104: torch >= 2.0 allowed together with DeepSpeed < 0.8.2 (advisory NXA-2026-0004). */
export const torch2OldDeepspeedRule = defineRule(
  {
    id: "NXC104",
    name: "torch2-old-deepspeed",
    severity: "error",
    description:
      "torch 2.0 or later allowed together with DeepSpeed older than 0.8.2 (including DeeperSpeed 0.3.x): `import deepspeed` fails on `torch._six`.",
    messages: {
      affected:
        "{{deepspeed}} ({{why}}) imports `torch._six`, which torch 2.0 removed, and {{torch}} ({{torchWhy}}): `import deepspeed` fails with `ModuleNotFoundError: No module named 'torch._six'` before training starts (DeepSpeed#2845, fixed by DeepSpeed#2863 in 0.8.2). {{fix}}",
      unknown:
        "DeepSpeed older than 0.8.2 imports `torch._six`, which torch 2.0 removed, so `import deepspeed` fails on torch 2 (DeepSpeed#2845, fixed by DeepSpeed#2863 in 0.8.2). Not established: {{unknown}}. {{fix}}",
    },
    options: unpinnedOptions("quiet"),
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const ds = aggregateDeepSpeed(ctx, advisory);
    if (ds.status === "quiet") return;
    const requirement = advisory.condition.requires?.find((r) => r.package.name.toLowerCase() === "torch");
    if (requirement === undefined) return;
    // A range that allows torch 1.x and 2.x (`torch>=1.8`) does not establish torch 2: an environment
    // that already has torch 1.x keeps it. Like a bare `torch`, that is unknown (DESIGN.md §4).
    const torch = aggregate(
      packageVerdicts(ctx, "torch", requirement.ranges, { whenSome: "unknown", assumeKey: "torch" }),
    );
    if (torch.status === "quiet") return;
    const fixWords = `Require \`deepspeed>=${advisory.fix.upgrade_to ?? "0.8.2"}\`, or keep torch below 2.0 (\`torch<2.0\`).`;
    const torchVerdicts = reportedVerdicts(torch);
    const [firstTorch] = torchVerdicts;
    for (const v of reportedVerdicts(ds)) {
      const location = locationOf(v) ?? (firstTorch ? locationOf(firstTorch) : null);
      if (location === null) continue; // nothing written to point at: only `assume` values
      const unknowns: string[] = [];
      if (v.status !== "affected") unknowns.push(`which DeepSpeed is installed (${v.subject}: ${v.detail})`);
      if (torch.status === "unknown")
        unknowns.push(`which torch is installed (${torch.verdict.subject}: ${torch.verdict.detail})`);
      const related: RelatedLocation[] = [];
      if (v.pin && locationOf(v) !== location) related.push({ label: "pinned here", location: v.pin.span });
      for (const t of torchVerdicts)
        if (t.pin) related.push({ label: "torch allowed here", location: t.pin.span });
      const common = {
        location,
        advisory: advisory.id,
        related,
        fix: deepspeedFix(v, advisory, ctx.knowledge),
        key: `pkg:deepspeed|pkg:torch|${v.pin?.path ?? "assume"}`,
      };
      if (unknowns.length > 0) {
        ctx.report({
          ...common,
          messageId: "unknown",
          data: { unknown: unknowns.join("; "), fix: fixWords },
          severity: "warning",
          certainty: { level: "unknown", detail: unknowns.join("; ") },
        });
        continue;
      }
      const t = firstTorch;
      ctx.report({
        ...common,
        messageId: "affected",
        data: {
          deepspeed: v.subject,
          why: v.detail,
          torch: t?.subject ?? "torch",
          torchWhy: t?.detail ?? "",
          fix: fixWords,
        },
        certainty: { level: "certain" },
      });
    }
  },
);
