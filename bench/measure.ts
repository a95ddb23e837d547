/**
 * Timing by ratio: subjects and their baseline run interleaved in the same process (each repetition
 * runs every one of them once, in an order that rotates, so a load spike or a GC pause hits all alike),
 * after a warm-up, and the result is the ratio of their medians. No absolute threshold is ever applied:
 * the numbers in milliseconds are kept in the JSON for context only.
 */

/** Something to time; its result is kept in a sink so the work cannot be optimised away. */
export type Work = () => unknown;

export interface TimingOptions {
  /** Untimed runs of each function first (JIT, caches). */
  warmup?: number;
  /** Timed repetitions: at least `minReps`, at most `maxReps`, and no more once `budgetMs` is spent. */
  minReps?: number;
  maxReps?: number;
  budgetMs?: number;
  /**
   * A single call shorter than this (seen in the warm-up) is repeated inside one sample until the sample
   * lasts about this long, and the sample divided by the count, so timer resolution does not decide a ratio.
   */
  minSampleMs?: number;
}

export interface Comparison {
  /** Median time of one call, milliseconds. */
  baselineMs: number;
  subjectMs: number;
  /** `subjectMs / baselineMs`. */
  ratio: number;
  /** The smallest and largest per-repetition ratio: how much the load moved things. */
  low: number;
  high: number;
  reps: number;
  /** Every timed sample (ms per call), in repetition order: the subject's, then the baseline's. */
  samples: number[];
  baselineSamples: number[];
}

const DEFAULTS: Required<TimingOptions> = {
  warmup: 1,
  minReps: 3,
  maxReps: 9,
  budgetMs: 4_000,
  minSampleMs: 5,
};

/** Every timed call's result lands here, so the optimiser cannot drop the work as unused. */
export let sink: unknown = null;

/** Times `baseline` and `subject` interleaved; see the file comment. */
export async function compareTimes(
  baseline: Work,
  subject: Work,
  options: TimingOptions = {},
): Promise<Comparison> {
  const result = await compareMany(baseline, { subject }, options);
  return result.subject;
}

/**
 * Times `baseline` and every subject in the same repetitions (the order rotates each repetition), so
 * one baseline serves several subjects and all of them see the same load.
 */
export async function compareMany<K extends string>(
  baseline: Work,
  subjects: Record<K, Work>,
  options: TimingOptions = {},
): Promise<Record<K, Comparison>> {
  const o = { ...DEFAULTS, ...options };
  const names = Object.keys(subjects) as K[];
  const works: Work[] = [baseline, ...names.map((n) => subjects[n])];
  const inner = works.map(() => 1);
  for (let i = 0; i < o.warmup; i += 1) {
    for (const [index, work] of works.entries()) {
      inner[index] = repeatsFor(await timeOnce(work, 1), o.minSampleMs);
    }
  }
  const samples: number[][] = works.map(() => []);
  const started = performance.now();
  for (let rep = 0; rep < o.maxReps; rep += 1) {
    if (rep >= o.minReps && performance.now() - started > o.budgetMs) break;
    for (let k = 0; k < works.length; k += 1) {
      const index = (rep + k) % works.length;
      const work = works[index];
      if (work) samples[index]?.push(await timeOnce(work, inner[index] ?? 1));
    }
  }
  const base = samples[0] ?? [];
  const baselineMs = median(base);
  const out = {} as Record<K, Comparison>;
  for (const [i, name] of names.entries()) {
    const own = samples[i + 1] ?? [];
    const perRep = own.map((s, rep) => s / (base[rep] ?? Number.NaN));
    const subjectMs = median(own);
    out[name] = {
      baselineMs,
      subjectMs,
      ratio: subjectMs / baselineMs,
      low: Math.min(...perRep),
      high: Math.max(...perRep),
      reps: own.length,
      samples: own,
      baselineSamples: base,
    };
  }
  return out;
}

/** Milliseconds per call over `count` back-to-back calls. */
async function timeOnce(work: Work, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) sink = await work();
  return (performance.now() - start) / count;
}

function repeatsFor(singleMs: number, minSampleMs: number): number {
  if (singleMs >= minSampleMs) return 1;
  return Math.min(1_000, Math.ceil(minSampleMs / Math.max(singleMs, 0.001)));
}

/** The middle value (mean of the two middle values for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** The growth factor per doubling between two sizes: `(after / before) ^ (1 / log2(sizeAfter / sizeBefore))`. */
export function perDoubling(before: number, after: number, sizeBefore: number, sizeAfter: number): number {
  return (after / before) ** (1 / Math.log2(sizeAfter / sizeBefore));
}
