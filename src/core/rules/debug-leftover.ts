import type { RelatedLocation } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { asNumber, knownNumber, topLevel } from "./support/config-values.js";
import { setKey } from "./support/launch-keys.js";
import { looksLikeScratch, namedSizes, writtenInt } from "./support/model-size.js";

/** NeoX's `eval_interval` default (neox_args.py). */
const DEFAULT_EVAL_INTERVAL = 1000;
/** NeoX's `warmup` default: a fraction of `train_iters`. */
const DEFAULT_WARMUP = 0.01;

/**
 * NXC228 (heuristic): a production-named config (`6-7B.yml`, not under tests/ or named debug) whose
 * `train_iters` is so short that the run never evaluates, never reaches a checkpoint interval and has
 * no warm-up step: the shape of a smoke-test value left in after debugging.
 */
export const debugLeftoverRule = defineRule(
  {
    id: "NXC228",
    name: "debug-leftover",
    severity: "warning",
    description:
      "Heuristic: a production-named config whose `train_iters` is below its evaluation and checkpoint intervals with zero warm-up steps (a debugging value left in).",
    messages: {
      short:
        "Heuristic: `train_iters: {{iters}}` in a config named for a {{named}} model looks like a value left in from debugging: the run ends before its first evaluation (`eval_interval` {{evalInterval}}){{checkpoint}}, and its warm-up is {{warmupSteps}} steps (`warmup` {{warmup}} x {{iters}}), so the learning rate jumps straight to its peak. Set `train_iters` to the real length of the run; if this config is meant for a short test, name it so (e.g. under tests/ or with `debug` in its name) or say so with `# neox-check: ignore NXC228 -- <why>`.",
    },
  },
  eachConfigSet((set, ctx) => {
    const iters = writtenInt(set, "train_iters");
    if (iters === null || iters.value <= 0) return;
    const path = iters.at.path;
    const [named] = namedSizes(path);
    if (named === undefined || looksLikeScratch(path)) return;
    const evalLookup = topLevel(set, "eval_interval", DEFAULT_EVAL_INTERVAL);
    const evalInterval = knownNumber(evalLookup);
    if (evalInterval === null || iters.value >= evalInterval) return;
    const warmupLookup = topLevel(set, "warmup", DEFAULT_WARMUP);
    const warmup = knownNumber(warmupLookup);
    if (warmup === null) return;
    const warmupSteps = Math.trunc(warmup * iters.value);
    if (warmupSteps > 0) return;
    const related: RelatedLocation[] = [];
    if (evalLookup.state === "set")
      related.push({ label: "eval_interval here", location: evalLookup.entry.node.span });
    let checkpoint = "";
    for (const key of ["checkpoint_factor", "save_interval"]) {
      const c = topLevel(set, key, null);
      if (c.state !== "set") continue;
      const value = asNumber(c.value);
      if (value === null) continue;
      if (value <= iters.value && key === "save_interval") break;
      if (value > iters.value) {
        checkpoint = ` or its first checkpoint interval (\`${key}\` ${value})`;
        related.push({ label: `${key} here`, location: c.entry.node.span });
      }
      break;
    }
    ctx.report({
      messageId: "short",
      data: {
        iters: iters.value,
        named: named.text,
        evalInterval,
        checkpoint,
        warmupSteps,
        warmup,
      },
      location: iters.at,
      related,
      certainty: { level: "inferred", detail: "a heuristic: the file name says it is a real model" },
      key: setKey(set, "train_iters:debug"),
    });
  }),
);
