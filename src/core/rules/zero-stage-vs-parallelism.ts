import type { RelatedLocation } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { neoxCheckState } from "./support/neox-checks.js";

/**
 * ZeRO stage 2 or 3 with a PipelineModule (`pipe_parallel_size >= 1`) or tensor model parallelism
 * (`model_parallel_size > 1`): the run cannot train (pitfalls.md item 1). NeoX's own exit
 * (`zero-2-3-parallelism-exit` in knowledge/neox-checks.yml, gpt-neox#1275) is an error only where the
 * repository's NeoX has it; DeepSpeed's PipelineEngine assert holds wherever the framework builds a
 * pipeline (from `pipe_parallel_size: 1` upstream, from 2 in savanna: `environment.neox.pipelineFromPp`).
 */
export const zeroStageVsParallelismRule = defineRule(
  {
    id: "NXC201",
    name: "zero-stage-vs-parallelism",
    severity: "error",
    description:
      "ZeRO stage 2 or 3 combined with pipeline parallelism (pipe_parallel_size >= 1) or model_parallel_size > 1.",
    messages: {
      incompatible:
        "ZeRO stage {{stage}} cannot run with {{parallelism}}.{{deepspeed}} NeoX (since gpt-neox#1275) stops at start with a message and `exit()`, which returns exit status 0 (inferred from Python semantics, not observed): a scheduler may record a run that never trained as a success. Use `zero_optimization.stage: 1` (or 0), or run with `pipe_parallel_size: 0` and `model_parallel_size: 1` (gpt-neox#411, DeepSpeed#823).",
      deepspeedOnly:
        "ZeRO stage {{stage}} cannot run with `pipe_parallel_size: {{pp}}`: {{who}} builds a DeepSpeed PipelineEngine from `pipe_parallel_size: {{from}}`, and DeepSpeed asserts that ZeRO-2 and ZeRO-3 are incompatible with pipeline parallelism, so the run stops at start. Use `zero_optimization.stage: 1` (or 0), or a `pipe_parallel_size` below {{from}} (DeepSpeed#823).",
      modelParallelUnknown:
        "ZeRO stage {{stage}} with `model_parallel_size: {{mp}}`: upstream NeoX (since gpt-neox#1275) stops at start with `exit()` (exit status 0), but whether the NeoX that runs this config has that check is not known. Use `zero_optimization.stage: 1` (or 0), or `model_parallel_size: 1`.",
      parallelismUnknown:
        "ZeRO stage {{stage}} is set here, but {{unknown}} not set in this file. If another config file of the run sets `pipe_parallel_size` to 1 or more (most NeoX model configs shipped upstream do) or `model_parallel_size` above 1, NeoX stops at start (with exit status 0, inferred) and nothing trains. Keep ZeRO-2/3 only for runs with `pipe_parallel_size: 0` and `model_parallel_size: 1`, and declare the files of the run as a config set in .github/neox-check.yml so this can be checked (gpt-neox#1275).",
    },
  },
  (ctx) => {
    const env = ctx.head.environment.neox;
    const exit = neoxCheckState(env, ctx.assume.neox, "zero-2-3-parallelism-exit");
    const from = env.pipelineFromPp ?? 1;
    const who = env.kind === "none" ? "NeoX" : `this repository's ${env.name}`;
    for (const set of ctx.head.configSets) {
      const { zeroStage, pipeParallelSize: pp, modelParallelSize: mp } = set.effective;
      if (zeroStage.state !== "set" || zeroStage.value < 2) continue;
      const stage = zeroStage.value;
      const fixOnly = {
        description:
          "Set `zero_optimization.stage` to 1 (or 0), or set `pipe_parallel_size: 0` and `model_parallel_size: 1`.",
        edits: [],
      };
      if (exit.state !== "present") {
        if (pp.state !== "unknown" && pp.value >= from) {
          ctx.report({
            messageId: "deepspeedOnly",
            data: { stage, pp: pp.value, from, who },
            location: zeroStage.at,
            related: pp.state === "set" ? [{ label: "pipeline parallelism set here", location: pp.at }] : [],
            fix: fixOnly,
            key: "zero_optimization.stage",
          });
        } else if (exit.state === "unknown" && mp.state !== "unknown" && mp.value > 1) {
          ctx.report({
            messageId: "modelParallelUnknown",
            data: { stage, mp: mp.value },
            location: zeroStage.at,
            severity: "warning",
            certainty: exit.certainty,
            fix: fixOnly,
            key: "zero_optimization.stage",
          });
        }
        continue;
      }
      const related: RelatedLocation[] = [];
      const reasons: string[] = [];
      if (pp.state !== "unknown" && pp.value >= 1) {
        reasons.push(
          pp.value === 1
            ? "`pipe_parallel_size: 1` (a value of 1 still wraps the model in a PipelineModule)"
            : `\`pipe_parallel_size: ${pp.value}\``,
        );
        if (pp.state === "set") related.push({ label: "pipeline parallelism set here", location: pp.at });
      }
      if (mp.state !== "unknown" && mp.value > 1) {
        reasons.push(`\`model_parallel_size: ${mp.value}\``);
        if (mp.state === "set") related.push({ label: "model parallelism set here", location: mp.at });
      }
      const fix = {
        description:
          "Set `zero_optimization.stage` to 1 (or 0), or set `pipe_parallel_size: 0` and `model_parallel_size: 1`.",
        edits: [],
      };
      if (reasons.length > 0) {
        ctx.report({
          messageId: "incompatible",
          data: {
            stage,
            parallelism: reasons.join(" and "),
            // DeepSpeed's own assert is about pipeline parallelism; with model parallelism alone, NeoX's check stops it.
            deepspeed:
              pp.state !== "unknown" && pp.value >= 1
                ? " DeepSpeed asserts that ZeRO-2 and ZeRO-3 are incompatible with pipeline parallelism, and"
                : "",
          },
          location: zeroStage.at,
          related,
          fix,
          key: "zero_optimization.stage",
        });
        continue;
      }
      // A size written with a value NeoX rejects is unknown too, but not "from another file": leave it to NXC224.
      if (
        (pp.state === "unknown" && Object.hasOwn(set.keys, "pipe_parallel_size")) ||
        (mp.state === "unknown" && Object.hasOwn(set.keys, "model_parallel_size"))
      )
        continue;
      const unknown = [
        pp.state === "unknown" ? "`pipe_parallel_size`" : null,
        mp.state === "unknown" ? "`model_parallel_size`" : null,
      ].filter((k): k is string => k !== null);
      if (unknown.length === 0) continue;
      ctx.report({
        messageId: "parallelismUnknown",
        data: { stage, unknown: unknown.length === 2 ? `${unknown.join(" and ")} are` : `${unknown[0]} is` },
        location: zeroStage.at,
        severity: "warning",
        certainty: {
          level: "unknown",
          detail: `${unknown.join(" and ")} not set in this file; another config file of the run may set ${unknown.length === 2 ? "them" : "it"}`,
        },
        fix,
        key: "zero_optimization.stage",
      });
    }
  },
);
