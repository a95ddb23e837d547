import { defineRule } from "../engine/define-rule.js";
import type { Fix, Pin, RelatedLocation, Span } from "../model/index.js";
import { deepspeedPins, describePin } from "./support/deepspeed.js";

/** Upstream DeepSpeed instead of DeeperSpeed crashed GPT-NeoX's pipeline path (gpt-neox#1306). */
const ADVISORY = "NXA-2026-0008";

const DEEPERSPEED_URL = "git+https://github.com/EleutherAI/DeeperSpeed.git";

function fixFor(pin: Pin, forkCommit: string | undefined, description: string): Fix {
  const edits = [];
  const line = `deepspeed @ ${DEEPERSPEED_URL}${forkCommit ? `@${forkCommit}` : ""}`;
  // Only a plain one-line requirement is rewritten: a marker, extras or options would be lost.
  if (
    pin.source === "requirements" &&
    pin.marker === null &&
    pin.extras.length === 0 &&
    !pin.editable &&
    pin.span.line === pin.span.endLine
  )
    edits.push({ span: pin.span, replacement: line });
  return { description, edits };
}

const UNESTABLISHED =
  "which upstream DeepSpeed releases crash GPT-NeoX's pipeline path (gpt-neox#1306 reports the release of October 2024)";

/** NXC107: a GPT-NeoX repository on upstream DeepSpeed while using pipeline parallelism (NXA-2026-0008). */
export const upstreamDeepspeedForNeoxRule = defineRule(
  {
    id: "NXC107",
    name: "upstream-deepspeed-for-neox",
    severity: "warning",
    description:
      "A GPT-NeoX repository that installs upstream DeepSpeed (PyPI or microsoft/deepspeedai git) instead of DeeperSpeed while using pipeline parallelism.",
    messages: {
      upstream:
        "This GPT-NeoX setup installs {{deepspeed}} instead of EleutherAI's DeeperSpeed, and {{pipeline}}. Upstream DeepSpeed of October 2024 crashed GPT-NeoX's pipeline training path in `PipelineEngine._exec_schedule` (gpt-neox#1306; which other releases crash is not established); GPT-NeoX moved to DeeperSpeed v3.0 instead (gpt-neox#1343). Install `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@{{commit}}` (tag v3.0).",
      unknown:
        "This GPT-NeoX repository installs {{deepspeed}} instead of EleutherAI's DeeperSpeed. Upstream DeepSpeed of October 2024 crashed GPT-NeoX's pipeline training path (gpt-neox#1306; which other releases crash is not established), which GPT-NeoX takes whenever `pipe_parallel_size` is 1 or more. Not established: {{unknown}}. Install DeeperSpeed at `{{commit}}` (tag v3.0, gpt-neox#1343).",
    },
  },
  (ctx) => {
    const advisory = ctx.knowledge.advisory(ADVISORY);
    const pins = deepspeedPins(ctx).filter(
      (p) =>
        (p.provider === "pypi" || p.provider === "deepspeed-git") && p.kind !== "locked" && !p.constraint,
    );
    if (pins.length === 0) return;
    const pipeline: Array<{ set: string; at: Span; value: number }> = [];
    for (const set of ctx.head.configSets) {
      const pp = set.effective.pipeParallelSize;
      if (pp.state === "set" && pp.value >= 1) pipeline.push({ set: set.name, at: pp.at, value: pp.value });
    }
    const neoxRepo = ctx.head.neoxArgs.source === "repository";
    // Not a GPT-NeoX repository as far as the files show: keep quiet.
    if (pipeline.length === 0 && !neoxRepo) return;
    const commit = advisory.fix.fork_commit ?? "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";
    const [first] = pipeline;
    for (const pin of pins) {
      const related: RelatedLocation[] = first
        ? [{ label: "pipeline parallelism here", location: first.at }]
        : [];
      const common = {
        location: pin.span,
        advisory: advisory.id,
        related,
        fix: fixFor(pin, advisory.fix.fork_commit, advisory.fix.description),
        key: "pkg:deepspeed",
      };
      if (first) {
        const more =
          pipeline.length > 1
            ? ` (and ${pipeline.length - 1} more config${pipeline.length > 2 ? "s" : ""})`
            : "";
        ctx.report({
          ...common,
          messageId: "upstream",
          data: {
            deepspeed: describePin(pin),
            pipeline: `${first.set} uses pipeline parallelism (\`pipe_parallel_size: ${first.value}\`)${more}`,
            commit,
          },
          // The report names upstream DeepSpeed of October 2024; the releases that crash are not established.
          certainty: { level: "unknown", detail: UNESTABLISHED },
        });
      } else {
        const unknown =
          "whether a config uses pipeline parallelism (no config here sets `pipe_parallel_size` to 1 or more)";
        ctx.report({
          ...common,
          messageId: "unknown",
          data: { deepspeed: describePin(pin), unknown, commit },
          // A warning when established; a guess is one step lower.
          severity: "info",
          certainty: { level: "unknown", detail: `${unknown}; ${UNESTABLISHED}` },
        });
      }
    }
  },
);
