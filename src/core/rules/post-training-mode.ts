import { defineRule } from "../engine/define-rule.js";
import { reportUnlessCheckAbsent } from "./support/neox-checks.js";
import { asInteger, topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";

/** The post-training modes whose batches NeoX cannot feed through the pipeline engine. */
const NO_PIPELINE: ReadonlySet<string> = new Set(["dpo", "kto", "rm"]);

/** The values of `train_impl` (neox_args.py); NeoX's code compares them in lower case. */
const MODES: ReadonlySet<string> = new Set(["normal", "dpo", "rm", "kto", "reinforce"]);

/**
 * NXC217: post-training modes run with settings their batch code asserts against
 * (knowledge/pitfalls.md item 26; megatron/training.py `get_batch_pipe`, `get_batch`): DPO, KTO and
 * reward-model training with pipeline parallelism, KTO with one sample per micro-batch, and a mode
 * written in another case, which NeoX's type check accepts but its training code does not recognise.
 */
export const postTrainingModeRule = defineRule(
  {
    id: "NXC217",
    name: "post-training-mode",
    severity: "error",
    description:
      "`train_impl` dpo, kto or rm with pipeline parallelism, kto with a micro-batch of 1, or a mode not written in lower case.",
    messages: {
      pipeline:
        '`train_impl: {{mode}}` cannot run with pipeline parallelism, but `pipe_parallel_size` is {{pp}} (NeoX wraps the model in a PipelineModule from 1 up): NeoX asserts "Pipeline parallel is currently unsupported when using any of kto, dpo, rm. Set pipe_parallel_size to 0" at the first batch, after the model and any reference model have loaded. Set `pipe_parallel_size: 0`.',
      pipelineUnknown:
        "`train_impl: {{mode}}` cannot run with pipeline parallelism, and `pipe_parallel_size` is not set in this file: if another file of the run sets it to 1 or more (most of upstream's model configs do), NeoX asserts at the first batch that pipeline parallelism is unsupported with kto, dpo and rm. Set `pipe_parallel_size: 0` for this run.",
      ktoMicroBatch:
        'KTO needs more than one sample per micro-batch (its loss pairs the two halves of each batch), but `train_micro_batch_size_per_gpu` is {{mb}}: NeoX asserts "For KTO training, the train_micro_batch_size_per_gpu must be greater than 1" at the first batch, after the models have loaded. Use a micro-batch of 2 or more.',
      caseMismatch:
        "`train_impl: {{mode}}` passes NeoX's case-insensitive type check, but its training code compares the mode in lower case (`train_impl == \"{{lower}}\"`), so no branch matches and the first training step fails (inferred from NeoX's code, not observed). Write `{{lower}}`.",
    },
  },
  (ctx) => {
    const report = reportUnlessCheckAbsent(ctx, {
      pipeline: "post-training-pipeline",
      pipelineUnknown: "post-training-pipeline",
    });
    for (const set of ctx.head.configSets) {
      const impl = topLevel(set, "train_impl", "normal");
      if (impl.state !== "set" || typeof impl.value !== "string") continue;
      const written = impl.value;
      const mode = written.toLowerCase();
      if (!MODES.has(mode)) continue;
      const implAt = impl.entry.node.span;
      const implHere = [{ label: "train_impl set here", location: implAt }];
      if (written !== mode) {
        report({
          messageId: "caseMismatch",
          data: { mode: written, lower: mode },
          location: implAt,
          // Read from NeoX's code only: an inferred consequence is not an error (DESIGN.md §4).
          severity: "warning",
          certainty: {
            level: "inferred",
            detail: "read from NeoX's training code (megatron/training.py), not from a report",
          },
          fix: {
            description: `Write \`${mode}\`.`,
            edits: [{ span: implAt, replacement: JSON.stringify(mode) }],
          },
          key: setKey(set, "train_impl"),
        });
      }
      if (NO_PIPELINE.has(mode)) {
        const pp = set.effective.pipeParallelSize;
        if (pp.state !== "unknown" && pp.value >= 1) {
          // A default of 1 or more only happens with a NeoX whose own arguments say so.
          report({
            messageId: "pipeline",
            data: { mode, pp: pp.state === "set" ? pp.value : `${pp.value} (NeoX's default)` },
            location: pp.state === "set" ? pp.at : implAt,
            related: pp.state === "set" ? implHere : [],
            key: setKey(set, "train_impl+pipe_parallel_size"),
          });
        } else if (pp.state === "unknown") {
          report({
            messageId: "pipelineUnknown",
            data: { mode },
            location: implAt,
            severity: "warning",
            certainty: {
              level: "unknown",
              detail:
                "`pipe_parallel_size` is not set in this file; another config file of the run may set it",
            },
            key: setKey(set, "train_impl+pipe_parallel_size"),
          });
        }
      }
      if (mode === "kto") {
        const mb = topLevel(set, "train_micro_batch_size_per_gpu", null);
        const value = mb.state === "set" ? asInteger(mb.value) : null;
        if (mb.state === "set" && value !== null && value <= 1) {
          report({
            messageId: "ktoMicroBatch",
            data: { mb: value },
            location: mb.entry.node.span,
            related: implHere,
            key: setKey(set, "train_impl+train_micro_batch_size_per_gpu"),
          });
        }
      }
    }
  },
);
