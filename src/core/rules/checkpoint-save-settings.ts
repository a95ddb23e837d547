import type { RelatedLocation } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { asNumber, topLevel } from "./support/config-values.js";
import { neoxCheckState } from "./support/neox-checks.js";

/** `save` without a save schedule, and `checkpoint_factor` values the scale cannot use (pitfalls.md item 7). */
export const checkpointSaveSettingsRule = defineRule(
  {
    id: "NXC206",
    name: "checkpoint-save-settings",
    severity: "error",
    description:
      "`save` without `checkpoint_factor`/`extra_save_iters`; a fractional factor with linear scale; a factor <= 1 with log scale.",
    messages: {
      saveWithoutFactor:
        '`save` is set but neither `checkpoint_factor` nor `extra_save_iters` is: NeoX raises ValueError ("checkpoint_factor or extra_save_iters must be defined if save is defined") and the run never starts.{{renamed}} Add `checkpoint_factor: <steps between checkpoints>` (e.g. 1000) or `extra_save_iters: [...]`.',
      saveWithoutInterval:
        '`save` is set but `save_interval` is not: this repository\'s NeoX (before gpt-neox#737) raises ValueError ("save_interval must be defined if save is defined") and the run never starts. Add `save_interval: <steps between checkpoints>` (e.g. 1000).',
      linearFractional:
        "`checkpoint_factor: {{factor}}` is not a whole number, but the checkpoint scale is linear{{implicit}}: checkpoints are due every `checkpoint_factor` iterations, and iterations are whole numbers, so NeoX rejects it. Use a whole number (e.g. {{rounded}}), or `checkpoint_scale: log` for checkpoints at growing intervals.",
      linearFractionalUnknown:
        "`checkpoint_factor: {{factor}}` is not a whole number, and `checkpoint_scale` is not set in this file: with the default linear scale, checkpoints are due every `checkpoint_factor` iterations, and NeoX rejects a fractional one. Use a whole number (e.g. {{rounded}}) unless another config file of the run sets `checkpoint_scale: log`.",
      logFactorTooSmall:
        "`checkpoint_scale: log` saves at `checkpoint_factor`, its square, its cube, ... so it needs `checkpoint_factor` above 1, but it is {{factor}}: NeoX rejects it. Use a factor such as 2 (checkpoints at 2, 4, 8, ... iterations), or `checkpoint_scale: linear`.",
    },
  },
  (ctx) => {
    const env = ctx.head.environment.neox;
    const needsFactor = neoxCheckState(env, ctx.assume.neox, "save-requires-checkpoint-factor");
    const needsInterval = neoxCheckState(env, ctx.assume.neox, "save-requires-save-interval");
    const args = ctx.head.neoxArgs.args;
    for (const set of ctx.head.configSets) {
      const save = topLevel(set, "save", null);
      const factor = topLevel(set, "checkpoint_factor", null);
      const extra = topLevel(set, "extra_save_iters", null);
      const old = set.keys.save_interval;
      if (
        save.state === "set" &&
        needsFactor.state === "absent" &&
        needsInterval.state === "present" &&
        topLevel(set, "save_interval", null).state === "default"
      ) {
        ctx.report({
          messageId: "saveWithoutInterval",
          location: save.entry.keySpan,
          fix: { description: "Add `save_interval`.", edits: [] },
          key: "save",
        });
      }
      // A renamed `save_interval` the repository's NeoX lacks is NXC207's finding: one root cause, one finding.
      const reportedAsUnknownKey = old !== undefined && !Object.hasOwn(args, "save_interval");
      if (
        save.state === "set" &&
        factor.state === "default" &&
        extra.state === "default" &&
        needsFactor.state !== "absent" &&
        !reportedAsUnknownKey
      ) {
        ctx.report({
          ...(needsFactor.state === "unknown"
            ? { severity: "warning" as const, certainty: needsFactor.certainty }
            : {}),
          messageId: "saveWithoutFactor",
          data: {
            renamed:
              old === undefined
                ? ""
                : ` \`${old.spelling}\` was renamed to \`checkpoint_factor\` (gpt-neox#737) and no longer sets the schedule.`,
          },
          location: save.entry.keySpan,
          related: old === undefined ? [] : [{ label: "old key written here", location: old.keySpan }],
          fix: {
            description:
              old === undefined
                ? "Add `checkpoint_factor` (or `extra_save_iters`)."
                : `Rename \`${old.spelling}\` to \`checkpoint_factor\`.`,
            edits: [],
          },
          key: "save",
        });
      }

      const factorValue = factor.state === "set" ? asNumber(factor.value) : null;
      if (factor.state !== "set" || factorValue === null) continue;
      const scale = topLevel(set, "checkpoint_scale", "linear");
      const scaleValue = scale.state === "unknown" ? null : String(scale.value).toLowerCase();
      const related: RelatedLocation[] =
        scale.state === "set"
          ? [{ label: "checkpoint_scale set here", location: scale.entry.node.span }]
          : [];
      if (scaleValue !== null && scaleValue !== "linear" && scaleValue !== "log") continue;
      const rounded = Math.max(1, Math.round(factorValue));
      if (!Number.isInteger(factorValue) && scaleValue !== "log") {
        const known = scaleValue === "linear";
        ctx.report({
          messageId: known ? "linearFractional" : "linearFractionalUnknown",
          data: {
            factor: factorValue,
            rounded,
            implicit: scale.state === "default" ? " (the default)" : "",
          },
          location: factor.entry.node.span,
          related,
          ...(known
            ? {}
            : {
                severity: "warning" as const,
                certainty: {
                  level: "unknown" as const,
                  detail: "`checkpoint_scale` is not set in this file",
                },
              }),
          fix: { description: `Use a whole number such as ${rounded}.`, edits: [] },
          key: "checkpoint_factor",
        });
      } else if (scaleValue === "log" && factorValue <= 1) {
        ctx.report({
          messageId: "logFactorTooSmall",
          data: { factor: factorValue },
          location: factor.entry.node.span,
          related,
          fix: { description: "Use a `checkpoint_factor` above 1, such as 2.", edits: [] },
          key: "checkpoint_factor",
        });
      }
    }
  },
);
