import { defineRule } from "../engine/define-rule.js";
import type { AdvisoryRange } from "../knowledge/schema.js";
import type { Pin, RelatedLocation } from "../model/index.js";
import { describePin, deepspeedVerdicts } from "./support/deepspeed.js";
import { judgePackagePin, packageVerdicts, pinsOf } from "./support/package-version.js";
import { aggregate, reportedVerdicts, type Verdict } from "./support/verdict.js";

/** DeepSpeed 0.5.7-0.14.3 imports numpy.BUFSIZE, which NumPy 2 removed. */
const DEEPSPEED_ADVISORY = "NXA-2026-0111";
/** torch before 2.3.0 was built against the NumPy 1 C API. */
const TORCH_ADVISORY = "NXA-2026-0112";

/** How a `numpy` requirement relates to NumPy 2. */
type NumpyReach = "only" | "allows" | "excludes" | "unknown";

function reach(pin: Pin, ranges: AdvisoryRange[]): NumpyReach {
  if (pin.kind === "unpinned") return "allows";
  const strict = judgePackagePin(pin, ranges, { whenSome: "unknown" });
  if (strict.status === "affected") return "only";
  if (strict.status === "not_affected") return "excludes";
  const loose = judgePackagePin(pin, ranges, { whenSome: "affected" });
  return loose.status === "affected" ? "allows" : "unknown";
}

/**
 * NXC306: a `numpy` requirement that admits NumPy 2 (released 2024-06-16) next to a torch or a DeepSpeed
 * built for NumPy 1: torch before 2.3 cannot exchange arrays with NumPy 2, and DeepSpeed 0.5.7-0.14.3
 * cannot even be launched (`from numpy import BUFSIZE`). Advisories NXA-2026-0111 and NXA-2026-0112.
 */
export const numpy2AbiRule = defineRule(
  {
    id: "NXC306",
    name: "numpy2-abi",
    severity: "error",
    description:
      "A `numpy` requirement that admits NumPy 2 next to torch older than 2.3 or DeepSpeed 0.5.7-0.14.3, both built for NumPy 1.",
    messages: {
      only: "`{{numpy}}` installs NumPy 2, but {{partners}}. Keep NumPy below 2 (`numpy<2`) or upgrade {{upgrade}}.",
      allows:
        "`{{numpy}}` allows NumPy 2 (released 2024-06-16), which a fresh `pip install` picks as the newest, but {{partners}}. Cap it (`numpy<2`) or upgrade {{upgrade}}.",
    },
  },
  (ctx) => {
    const dsAdvisory = ctx.knowledge.advisory(DEEPSPEED_ADVISORY);
    const torchAdvisory = ctx.knowledge.advisory(TORCH_ADVISORY);
    const numpyRanges = dsAdvisory.condition.requires?.find((r) => r.package.name === "numpy")?.ranges ?? [];
    const numpyPins = pinsOf(ctx, "numpy");
    if (numpyPins.length === 0 || numpyRanges.length === 0) return;
    const reaches = numpyPins.map((pin) => ({ pin, reach: reach(pin, numpyRanges) }));
    // pip satisfies every requirement together: one cap below 2 anywhere keeps NumPy 1.
    if (reaches.some((r) => r.reach === "excludes")) return;
    const admitting = reaches.filter((r) => r.reach === "only" || r.reach === "allows");
    if (admitting.length === 0) return;

    const partners: Array<{ verdict: Verdict; words: string; upgrade: string }> = [];
    const torchRanges = torchAdvisory.affected.find((a) => a.package.name === "torch")?.ranges ?? [];
    const torch = aggregate(
      packageVerdicts(ctx, "torch", torchRanges, { whenSome: "unknown", assumeKey: "torch" }),
    );
    if (torch.status === "affected") {
      for (const v of reportedVerdicts(torch))
        partners.push({
          verdict: v,
          words: `${v.subject} (${v.detail}) was built against NumPy 1, so \`torch.from_numpy\` and \`.numpy()\` fail with NumPy 2 ("Numpy is not available") and the data pipeline cannot hand batches to torch (pytorch#107302; wheels built for NumPy 2 from 2.3.0)`,
          upgrade: "torch to 2.3.0 or later",
        });
    }
    const ds = aggregate(deepspeedVerdicts(ctx, dsAdvisory), { quietWhenUnpinned: true });
    if (ds.status === "affected") {
      for (const v of reportedVerdicts(ds))
        partners.push({
          verdict: v,
          words: `${v.subject} (${v.detail}) imports \`BUFSIZE\` from numpy, which NumPy 2 removed, so the \`deepspeed\` launcher fails with "cannot import name 'BUFSIZE' from 'numpy'" before training starts (DeepSpeed#5671, fixed in 0.14.4)`,
          upgrade: "DeepSpeed to 0.14.4 or later",
        });
    }
    if (partners.length === 0) return;
    const related: RelatedLocation[] = partners.flatMap((p) =>
      p.verdict.pin ? [{ label: `${describePin(p.verdict.pin)} here`, location: p.verdict.pin.span }] : [],
    );
    const upgrade = [...new Set(partners.map((p) => p.upgrade))].join(" and ");
    const words = partners.map((p) => p.words).join("; and ");
    for (const { pin, reach: r } of admitting) {
      const numpy = describePin(pin);
      const certain = r === "only" && partners.every((p) => p.verdict.status === "affected");
      ctx.report({
        messageId: r === "only" ? "only" : "allows",
        data: { numpy, partners: words, upgrade },
        location: pin.specifierSpan ?? pin.span,
        related,
        advisory: partners.some((p) => p.upgrade.startsWith("DeepSpeed"))
          ? DEEPSPEED_ADVISORY
          : TORCH_ADVISORY,
        ...(certain
          ? { certainty: { level: "certain" as const } }
          : {
              severity: "warning" as const,
              certainty: {
                level: "unknown" as const,
                detail: `\`${numpy}\` allows NumPy 1 as well: a fresh install picks NumPy 2, an environment that already has NumPy 1 keeps it`,
              },
            }),
        fix: { description: "Add `numpy<2`, or upgrade the packages built for NumPy 1.", edits: [] },
        key: `pkg:numpy|${pin.path}`,
      });
    }
  },
);
