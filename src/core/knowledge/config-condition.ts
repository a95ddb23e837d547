import type { ConfigSet, Sourced, Span } from "../model/index.js";
import { readConfig } from "../parse/config-path.js";
import type { ConfigCondition } from "./schema.js";

/**
 * DeepSpeed's names for fp32 in `data_types.grad_accum_dtype` (its `DtypeEnum`, deepspeed/runtime/config.py):
 * all mean fp32 accumulation. DeepSpeed matches them exactly (case-sensitive): `FP32` is not one of them.
 */
export const FP32_NAMES: ReadonlySet<string> = new Set(["fp32", "float32", "float", "torch.float32"]);

/** Whether a `grad_accum_dtype` value names fp32 for DeepSpeed: the one test every rule uses. */
export function isFp32DtypeName(value: string | null): boolean {
  return value !== null && FP32_NAMES.has(value);
}

export type ConditionName = NonNullable<ConfigCondition["anchor"]>;

/** One condition of an advisory's `condition.config`, evaluated on one config set. */
export interface ConditionPart {
  name: ConditionName;
  /** What it reads, for messages: `the precision`, `` `pipe_parallel_size` ``. */
  words: string;
  /** true, false, or undefined when the set does not establish it. */
  holds: boolean | undefined;
  /** Where the value is written, when it is. */
  at?: Span;
  /** The label of that location in a finding (`bf16 enabled here`). */
  label: string;
  /** The top-level keys it is read from (a written key with an unknown value is left to other rules). */
  keys: string[];
}

function at<T>(s: Sourced<T>): Span | undefined {
  return s.state === "set" ? s.at : undefined;
}

function test<T>(s: Sourced<T>, f: (v: T) => boolean): boolean | undefined {
  return s.state === "unknown" ? undefined : f(s.value);
}

/** A part read from one effective value: it holds when `f` says so of the value, and sits where that is written. */
function valuePart<T>(
  s: Sourced<T>,
  f: (v: T) => boolean,
  { name, words, label, keys }: Omit<ConditionPart, "holds" | "at">,
): ConditionPart {
  return { name, words, holds: test(s, f), at: at(s), label, keys };
}

/**
 * Evaluates each condition of `condition` on the set's effective values. `pipelineFromPp` is the
 * `pipe_parallel_size` from which the environment's NeoX builds a PipelineEngine (null: unknown, then
 * only 0 and 2 or more decide).
 */
export function evaluateConfigCondition(
  set: ConfigSet,
  condition: ConfigCondition,
  pipelineFromPp: number | null,
): ConditionPart[] {
  const e = set.effective;
  const parts: ConditionPart[] = [];
  if (condition.precision !== undefined) {
    const wanted = condition.precision;
    parts.push(
      valuePart(e.precision, (v) => wanted.includes(v), {
        name: "precision",
        words: "the precision",
        label: e.precision.state === "set" ? `${e.precision.value === "bfloat16" ? "bf16" : e.precision.value} enabled here` : "precision",
        keys: ["precision", "fp16", "bf16"],
      }),
    );
  }
  if (condition.zero_stage !== undefined) {
    const { min = 0, max = 3 } = condition.zero_stage;
    parts.push(
      valuePart(e.zeroStage, (v) => v >= min && v <= max, {
        name: "zero_stage",
        words: "the ZeRO stage",
        label: "ZeRO stage set here",
        keys: ["zero_optimization"],
      }),
    );
  }
  if (condition.pipeline !== undefined) {
    const want = condition.pipeline;
    const builds = test(e.pipeParallelSize, (pp) => pp >= (pipelineFromPp ?? Number.NaN));
    const pp = e.pipeParallelSize;
    let holds: boolean | undefined;
    if (pp.state === "unknown") holds = undefined;
    else if (pipelineFromPp !== null) holds = builds === want;
    else if (pp.value < 1) holds = !want;
    else if (pp.value >= 2) holds = want;
    else holds = undefined;
    parts.push({
      name: "pipeline",
      words: "`pipe_parallel_size`",
      holds,
      at: at(pp),
      label: "pipeline parallelism set here",
      keys: ["pipe_parallel_size"],
    });
  }
  if (condition.grad_accum_fp32 !== undefined) {
    const want = condition.grad_accum_fp32;
    parts.push(
      valuePart(e.gradAccumDtype, (v) => isFp32DtypeName(v) === want, {
        name: "grad_accum_fp32",
        words: "`data_types.grad_accum_dtype`",
        label: "gradient accumulation dtype set here",
        keys: ["data_types"],
      }),
    );
  }
  if (condition.finetune !== undefined) {
    const want = condition.finetune;
    const f = e.finetune;
    const n = e.noLoadOptim;
    let value: boolean | undefined;
    if ((f.state !== "unknown" && f.value) || (n.state !== "unknown" && n.value)) value = true;
    else if (f.state === "unknown" || n.state === "unknown") value = undefined;
    else value = false;
    parts.push({
      name: "finetune",
      words: "`finetune` / `no_load_optim`",
      holds: value === undefined ? undefined : value === want,
      at: at(f.state !== "unknown" && f.value ? f : n) ?? at(f),
      label: "finetuning set here",
      keys: ["finetune", "no_load_optim"],
    });
  }
  if (condition.load !== undefined) {
    const want = condition.load;
    parts.push(
      valuePart(e.load, (v) => (v !== null) === want, {
        name: "load",
        words: "`load`",
        label: "checkpoint loaded here",
        keys: ["load"],
      }),
    );
  }
  return parts;
}

/**
 * What the parts say together, by one policy: any false -> `no`; an unknown part whose key is written
 * (a conflict or an odd value: other rules say why) -> `no`; more than one unknown part -> `no` (too
 * speculative to be worth a warning); one unknown -> `unknown` naming it; else `yes`.
 */
export function combineParts(
  set: ConfigSet,
  parts: ConditionPart[],
): { status: "yes" } | { status: "unknown"; missing: ConditionPart } | { status: "no" } {
  if (parts.some((p) => p.holds === false)) return { status: "no" };
  const unknown = parts.filter((p) => p.holds === undefined);
  if (unknown.some((p) => p.keys.some((k) => readConfig(set, [k]).state === "set"))) return { status: "no" };
  const [missing, second] = unknown;
  if (second !== undefined) return { status: "no" };
  return missing === undefined ? { status: "yes" } : { status: "unknown", missing };
}
