/**
 * The memory measurements, run by `memory.ts` in a fresh process started with `--expose-gc` (to settle
 * the heap before and after each measurement) and `--max-semi-space-size=1` (a small young generation,
 * so collections are frequent and the heap sampled at each one is close to what is really live).
 * Prints one JSON object (`MemoryResult`) on stdout.
 *
 * - raw texts: the heap taken by a fresh copy of every relevant file's text (the baseline);
 * - model retained: the heap still held, after a full collection, by `buildModel`'s result;
 * - analyze peak: the most heap in use while `analyze` ran, relative to the settled heap before it,
 *   taken from `v8.GCProfiler` (the used size before every collection) and at the end; it includes
 *   garbage not yet collected, so it is an upper bound of the live peak;
 * - report retained: the heap still held by the `Report`, after a full collection.
 * All of it warm (one `analyze` first, so the knowledge base and rule tables are loaded), at 1x and 4x
 * copies of the configs, each the median of three readings.
 */
import { GCProfiler } from "node:v8";
import { analyze, buildModel } from "../src/core/analyze.js";
import { TODAY } from "./analysis.js";
import { loadInputs } from "./inputs.js";
import { median } from "./measure.js";
import { copiedFiles, memoryWorkspace } from "./workspaces.js";

export interface MemorySizes {
  copies: number;
  files: number;
  rawTexts: number;
  modelRetained: number;
  analyzePeak: number;
  reportRetained: number;
  collections: number;
}

export type MemoryResult = { ok: true; sizes: MemorySizes[] } | { ok: false; reason: string };

/** The sizes measured: the inputs once, and with the configs copied four times. */
export const COPIES = [1, 4] as const;
/** Each size is measured this many times and the median kept: a single reading can be off by a collection. */
const REPEATS = 3;

const kept: unknown[] = [];

/** Collects until the heap stops shrinking (weak maps and caches can need more than one collection). */
function settle(gc: () => void): number {
  let used = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i += 1) {
    gc();
    const now = process.memoryUsage().heapUsed;
    if (used - now < 1024) return now;
    used = now;
  }
  return used;
}

/** Lets pending promise jobs finish first: they can still hold the previous run's objects. */
function drain(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function retained(gc: () => void, make: () => unknown): Promise<number> {
  await drain();
  const before = settle(gc);
  const held = await make();
  await drain();
  const after = settle(gc);
  kept.push(held);
  return after - before;
}

async function peak(
  gc: () => void,
  run: () => Promise<unknown>,
): Promise<{ peak: number; retained: number; collections: number }> {
  await drain();
  const before = settle(gc);
  const profiler = new GCProfiler();
  profiler.start();
  const held = await run();
  const end = process.memoryUsage().heapUsed;
  const profile = profiler.stop();
  const highest = Math.max(end, ...profile.statistics.map((s) => s.beforeGC.heapStatistics.usedHeapSize));
  await drain();
  const after = settle(gc);
  kept.push(held);
  return { peak: highest - before, retained: after - before, collections: profile.statistics.length };
}

async function main(): Promise<MemoryResult> {
  const gc = globalThis.gc;
  if (typeof gc !== "function") return { ok: false, reason: "global.gc is missing (run with --expose-gc)" };
  const collect = (): void => void gc();
  const inputs = loadInputs({ synthetic: process.argv.includes("--synthetic") });
  try {
    const sizes: MemorySizes[] = [];
    for (const copies of COPIES) {
      const files = copiedFiles(inputs, copies);
      const ws = memoryWorkspace(files);
      // Warm once (knowledge base, rule tables, JIT); the larger size runs the same code, already warm.
      if (copies === COPIES[0]) await analyze(ws, { today: TODAY });
      const raw: number[] = [];
      const model: number[] = [];
      const runs: Array<{ peak: number; retained: number; collections: number }> = [];
      for (let i = 0; i < REPEATS; i += 1) {
        raw.push(
          await retained(collect, () =>
            Object.values(files).map((text) => Buffer.from(text, "utf8").toString("utf8")),
          ),
        );
        model.push(await retained(collect, () => buildModel(ws)));
        runs.push(await peak(collect, () => analyze(ws, { today: TODAY })));
        kept.length = 0;
      }
      sizes.push({
        copies,
        files: Object.keys(files).length,
        rawTexts: median(raw),
        modelRetained: median(model),
        analyzePeak: median(runs.map((r) => r.peak)),
        reportRetained: median(runs.map((r) => r.retained)),
        collections: median(runs.map((r) => r.collections)),
      });
    }
    return { ok: true, sizes };
  } finally {
    inputs.cleanup();
  }
}

main().then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ ok: false, reason: String(error) } satisfies MemoryResult)}\n`);
  },
);
