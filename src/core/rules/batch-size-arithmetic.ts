import type { Certainty, ConfigEntry, ConfigSet, RelatedLocation, Span } from "../model/index.js";
import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import {
  asInteger,
  setStart,
  topLevel,
  topLevelExact,
  type Lookup,
  written,
} from "./support/config-values.js";

/** The batch triple as NeoX sees it: a number, `null` (None: NeoX derives it), or `undefined` (unknown). */
interface Triple {
  tb: number | null | undefined;
  mb: number | null | undefined;
  gas: number | null | undefined;
}

/** How many GPUs the run has, and how sure that is. */
interface GpuCount {
  gpus: number;
  at: Span;
  /** Null when certain; otherwise what the count assumes. */
  assumption: string | null;
}

/**
 * `train_batch_size == train_micro_batch_size_per_gpu * gradient_accumulation_steps * dp`, with
 * `dp = gpus / (max(pp,1) * max(mp,1))` a whole number (pitfalls.md item 5; NeoX
 * `calculate_batch_parameters` and `check_batch_parameters`).
 */
export const batchSizeArithmeticRule = defineRule(
  {
    id: "NXC204",
    name: "batch-size-arithmetic",
    severity: "error",
    description:
      "train_batch_size must equal micro batch x gradient accumulation x data-parallel ranks, with a whole number of ranks.",
    messages: {
      noWholeDp:
        '`train_batch_size: {{tb}}` is not a multiple of {{factors}} = {{unit}}, so no whole number of data-parallel ranks satisfies `train_batch_size = train_micro_batch_size_per_gpu x gradient_accumulation_steps x ranks`, on any number of GPUs: NeoX asserts this at start ("Check batch related parameters") and the run never starts. Make `train_batch_size` a multiple of {{unit}}, or remove it and let NeoX derive it.',
      mismatch:
        'The batch sizes do not add up on {{gpus}} GPUs ({{dp}} data-parallel ranks = {{gpus}} / (pipe {{pp}} x model {{mp}})): {{detail}}. NeoX asserts `train_batch_size == micro batch x gradient accumulation x ranks` at start ("Check batch related parameters") and the run never starts. {{hint}}',
      dpNotWhole:
        "{{gpus}} GPUs cannot be split into model replicas of `pipe_parallel_size` {{pp}} x `model_parallel_size` {{mp}} = {{group}} GPUs: NeoX asserts that (global_num_gpus / pp_size) / mp_size is a whole number and stops at start. Use a GPU count that is a multiple of {{group}}, or change the parallel sizes.",
      missing:
        'Neither `train_batch_size` nor `train_micro_batch_size_per_gpu` is set for this run: NeoX asserts "Either train_batch_size or micro_batch_per_gpu needs to be provided" and stops at start. Add `train_micro_batch_size_per_gpu: <samples per GPU per step>`.',
      needsGpuCount:
        '`train_batch_size: {{tb}}` with {{factors}} = {{unit}} per data-parallel rank only works with exactly {{dp}} data-parallel ranks ({{gpus}}); the GPU count is not in the config (`num_gpus`, `num_nodes`), so this is not checked. On any other GPU count NeoX stops at start ("Check batch related parameters"). Remove `train_batch_size` to let NeoX derive it, or set `num_gpus`/`num_nodes` so it can be checked.',
    },
  },
  eachConfigSet((set, ctx) => {
    const tbL = topLevel(set, "train_batch_size", null);
    const mbL = topLevel(set, "train_micro_batch_size_per_gpu", null);
    // Written as null, the accumulation steps are None and NeoX derives them; left out, they default to 1.
    const gasL = topLevelExact(set, "gradient_accumulation_steps", 1);
    const lookups = [tbL, mbL, gasL];
    // Autotuning lets DeepSpeed pick the batch sizes; a non-integer is a type problem (NXC224), not arithmetic.
    if (lookups.some((l) => l.state === "set" && l.value === "auto")) return;
    if (
      lookups.some(
        (l) =>
          l.state === "set" &&
          l.value !== null &&
          (asInteger(l.value) === null || (asInteger(l.value) ?? 0) < 1),
      )
    )
      return;
    const t: Triple = { tb: value(tbL), mb: value(mbL), gas: value(gasL) };
    const spans = {
      tb: tbL.state === "set" ? tbL.entry.node.span : undefined,
      mb: mbL.state === "set" ? mbL.entry.node.span : undefined,
      gas: gasL.state === "set" ? gasL.entry.node.span : undefined,
    };
    const related: RelatedLocation[] = [];
    if (spans.mb) related.push({ label: "micro batch size set here", location: spans.mb });
    if (spans.gas) related.push({ label: "gradient accumulation set here", location: spans.gas });

    if (t.tb === null && t.mb === null) {
      const at = setStart(set);
      if (at !== null)
        ctx.report({
          messageId: "missing",
          location: at,
          fix: {
            description: "Add `train_micro_batch_size_per_gpu` (NeoX derives `train_batch_size`).",
            edits: [],
          },
          key: "train_micro_batch_size_per_gpu:missing",
        });
      return;
    }

    // Impossible on any GPU count: checked first, needs no GPU count.
    const unit = impossibleUnit(t);
    if (unit !== null && spans.tb !== undefined && typeof t.tb === "number") {
      ctx.report({
        messageId: "noWholeDp",
        data: { tb: t.tb, ...unit },
        location: spans.tb,
        related,
        fix: {
          description: `Make \`train_batch_size\` a multiple of ${unit.unit}, or remove it.`,
          edits: [],
        },
        key: "train_batch_size",
      });
      return;
    }

    const { pipeParallelSize: ppS, modelParallelSize: mpS } = set.effective;
    const pp = ppS.state === "unknown" ? undefined : Math.max(ppS.value, 1);
    const mp = mpS.state === "unknown" ? undefined : Math.max(mpS.value, 1);
    const count = gpuCount(set);
    if (count !== null && pp !== undefined && mp !== undefined) {
      const certainty: Certainty | undefined =
        count.assumption === null ? undefined : { level: "unknown", detail: count.assumption };
      const severity = count.assumption === null ? undefined : ("warning" as const);
      const countRelated = { label: "GPU count set here", location: count.at };
      const group = pp * mp;
      if (count.gpus % group !== 0) {
        ctx.report({
          messageId: "dpNotWhole",
          data: { gpus: count.gpus, pp, mp, group },
          location: count.at,
          related: [
            ...(ppS.state === "set" ? [{ label: "pipe_parallel_size set here", location: ppS.at }] : []),
            ...(mpS.state === "set" ? [{ label: "model_parallel_size set here", location: mpS.at }] : []),
          ],
          certainty,
          severity,
          fix: { description: `Use a multiple of ${group} GPUs, or change the parallel sizes.`, edits: [] },
          key: "num_gpus",
        });
        return;
      }
      const dp = count.gpus / group;
      const outcome = neoxBatch(t, dp);
      if (outcome !== null && !outcome.ok && spans.tb !== undefined) {
        ctx.report({
          messageId: "mismatch",
          data: { gpus: count.gpus, dp, pp, mp, detail: outcome.detail, hint: outcome.hint },
          location: spans.tb,
          related: [...related, countRelated],
          certainty,
          severity,
          fix: { description: outcome.hint, edits: [] },
          key: "train_batch_size",
        });
      }
      return;
    }

    // The GPU count is unknown: say so only where the config pins it down (batch size and micro batch written).
    if (
      count === null &&
      spans.tb !== undefined &&
      typeof t.tb === "number" &&
      typeof t.mb === "number" &&
      typeof t.gas === "number"
    ) {
      const perRank = t.mb * t.gas;
      const dp = t.tb / perRank;
      ctx.report({
        messageId: "needsGpuCount",
        data: {
          tb: t.tb,
          factors: factorsText(t),
          unit: perRank,
          dp,
          gpus:
            pp !== undefined && mp !== undefined
              ? `${dp * pp * mp} GPUs with pipe ${pp} x model ${mp}`
              : `${dp} x pipe_parallel_size x model_parallel_size GPUs`,
        },
        location: spans.tb,
        related,
        severity: "info",
        certainty: { level: "unknown", detail: "the GPU count is not set in the config" },
        key: "train_batch_size:gpu-count",
      });
    }
  }),
);

/** A lookup as a batch value: a number when known (set or default), null when NeoX derives it, undefined when unknown. */
function value(l: Lookup): number | null | undefined {
  if (l.state === "unknown") return undefined;
  if (l.value === null) return null;
  return asInteger(l.value) ?? undefined;
}

function factorsText(t: Triple): string {
  return t.gas === 1 && t.mb !== null
    ? "`train_micro_batch_size_per_gpu` x `gradient_accumulation_steps` (1)"
    : "`train_micro_batch_size_per_gpu` x `gradient_accumulation_steps`";
}

/**
 * When no whole number of data-parallel ranks can satisfy NeoX's check, the per-rank unit the batch size
 * must be a multiple of; null when some GPU count works (or a part is unknown).
 */
function impossibleUnit(t: Triple): { unit: number; factors: string } | null {
  if (typeof t.tb !== "number") return null;
  if (typeof t.mb === "number" && typeof t.gas === "number") {
    const unit = t.mb * t.gas;
    return t.tb % unit === 0 ? null : { unit, factors: factorsText(t) };
  }
  // Micro batch derived: tb // dp // gas, then checked; dp = 1 works unless gas does not divide tb.
  if (t.mb === null && typeof t.gas === "number") {
    return t.tb % t.gas === 0 ? null : { unit: t.gas, factors: "`gradient_accumulation_steps`" };
  }
  // Accumulation derived (written as null): tb // mb // dp.
  if (t.gas === null && typeof t.mb === "number") {
    return t.tb % t.mb === 0 ? null : { unit: t.mb, factors: "`train_micro_batch_size_per_gpu`" };
  }
  return null;
}

/**
 * NeoX's `calculate_batch_parameters` then `check_batch_parameters` for one data-parallel size; null when
 * a part of the triple is unknown.
 */
function neoxBatch(t: Triple, dp: number): { ok: boolean; detail: string; hint: string } | null {
  const { tb, mb, gas } = t;
  if (tb === undefined || mb === undefined || gas === undefined) return null;
  let train = tb;
  let micro = mb;
  let acc = gas;
  let derived = "";
  if (train !== null && micro !== null && acc !== null) {
    // All given: nothing derived.
  } else if (train !== null && micro !== null) {
    acc = Math.floor(Math.floor(train / micro) / dp);
    derived = ` (gradient_accumulation_steps derived as ${train} // ${micro} // ${dp} = ${acc})`;
  } else if (train !== null && acc !== null) {
    micro = Math.floor(Math.floor(train / dp) / acc);
    derived = ` (micro batch derived as ${train} // ${dp} // ${acc} = ${micro})`;
  } else if (micro !== null && acc !== null) {
    train = micro * acc * dp;
  } else if (train !== null) {
    acc = 1;
    micro = Math.floor(train / dp);
    derived = ` (micro batch derived as ${train} // ${dp} = ${micro})`;
  } else if (micro !== null) {
    train = micro * dp;
    acc = 1;
  } else {
    return null;
  }
  if (train === null || micro === null || acc === null) return null;
  const product = micro * acc * dp;
  const ok = train > 0 && micro > 0 && acc > 0 && train === product;
  return {
    ok,
    detail: `train_batch_size ${train} != ${micro} x ${acc} x ${dp} = ${product}${derived}`,
    hint:
      micro > 0 && acc > 0
        ? `Set \`train_batch_size: ${product}\` for this GPU count, or remove it and let NeoX derive it.`
        : `Use a \`train_batch_size\` of at least ${(mb ?? 1) * (gas ?? 1) * dp} for ${dp} data-parallel ranks, or remove it and let NeoX derive it.`,
  };
}

/**
 * The run's GPU count: `global_num_gpus` (used as is), or `num_gpus` per node times `num_nodes`. With
 * `num_gpus` alone and no hostfile, one node is assumed (and said); with a hostfile the node count is not
 * in the config, so the count is unknown.
 */
function gpuCount(set: ConfigSet): GpuCount | null {
  const global = positive(set.keys.global_num_gpus);
  if (global !== null) return { gpus: global.n, at: global.at, assumption: null };
  const perNode = positive(set.keys.num_gpus);
  if (perNode === null) return null;
  const nodes = positive(set.keys.num_nodes);
  if (nodes !== null) return { gpus: perNode.n * nodes.n, at: perNode.at, assumption: null };
  if (written(set, "hostfile") !== undefined) return null;
  return {
    gpus: perNode.n,
    at: perNode.at,
    assumption: "assumes a single node: `num_nodes` is not set",
  };
}

function positive(entry: ConfigEntry | undefined): { n: number; at: Span } | null {
  const n = entry === undefined ? null : asInteger(entry.node.value);
  return n !== null && n > 0 && entry !== undefined ? { n, at: entry.node.span } : null;
}
