/**
 * 2. Whole analysis. `analyze()` (list, read, parse every config and dependency file, resolve pins, run
 * every rule, suppressions) against the baseline of listing, reading and plainly parsing the same
 * relevant files (`plain-parse.ts`) through the same workspace:
 * - over the file system, as the CLI runs (`createFsWorkspace` on the inputs' folder);
 * - in memory at 1x, 4x and 16x copies of the configs: the ratio to the baseline should stay about the
 *   same at every size, and the time should about double per doubling of the configs (linear; the
 *   baseline's own growth, which is linear by construction, is printed next to it for comparison);
 * - with 10,000 irrelevant files added to the listing: against the same analysis without them, the
 *   ratio should stay about 1 (the cost grows with the relevant files, not with the repository).
 */
import { analyze, isCandidatePath } from "../src/core/analyze.js";
import { createFsWorkspace } from "../src/cli/fs-workspace.js";
import type { Workspace } from "../src/core/model/index.js";
import type { BenchInputs } from "./inputs.js";
import { compareTimes, perDoubling, type Comparison, type TimingOptions } from "./measure.js";
import type { Row } from "./table.js";
import { copiedFiles, irrelevantFiles, memoryWorkspace, readAndPlainParse } from "./workspaces.js";

const SECTION = "2 analysis";
/** A fixed date: `today` only decides which ignore entries expired. */
export const TODAY = "2026-06-01";
const SCALES = [1, 4, 16] as const;
const IRRELEVANT = 10_000;

function run(ws: Workspace): Promise<unknown> {
  return analyze(ws, { today: TODAY });
}

export async function benchAnalysis(inputs: BenchInputs, say: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];

  const fsWs = createFsWorkspace(inputs.dir);
  const relevant = (await fsWs.list()).filter(isCandidatePath).length;
  const onDisk = await compareTimes(
    () => readAndPlainParse(fsWs),
    () => run(fsWs),
    { warmup: 1, minReps: 5, maxReps: 9, budgetMs: 2_000 },
  );
  rows.push({
    section: SECTION,
    measurement: `analyze, file system, ${relevant} files`,
    baseline: "list+read+plain parse",
    value: onDisk.ratio,
    kind: "ratio",
    range: [onDisk.low, onDisk.high],
    expect: "small const",
    notes:
      "createFsWorkspace over the inputs' folder, as the CLI runs; the extra is YAML 1.1 with positions, " +
      "pin resolution and every rule",
    raw: { ...onDisk, relevantFiles: relevant },
  });

  const scaled: Array<{ copies: number; files: number; result: Comparison }> = [];
  for (const copies of SCALES) {
    const files = copiedFiles(inputs, copies);
    const ws = memoryWorkspace(files);
    say(`   ${copies}x: ${Object.keys(files).length} relevant files in memory`);
    const options: TimingOptions =
      copies === 1
        ? { warmup: 1, minReps: 5, maxReps: 9, budgetMs: 2_000 }
        : { warmup: 0, minReps: 3, maxReps: 3 };
    const result = await compareTimes(
      () => readAndPlainParse(ws),
      () => run(ws),
      options,
    );
    scaled.push({ copies, files: Object.keys(files).length, result });
    rows.push({
      section: SECTION,
      measurement: `analyze, memory, ${copies}x configs`,
      baseline: "read+plain parse, same",
      value: result.ratio,
      kind: "ratio",
      range: [result.low, result.high],
      expect: "same at each size",
      notes: `${Object.keys(files).length} relevant files (configs x${copies}, dependency files once)`,
      raw: { ...result, copies, files: Object.keys(files).length },
    });
  }
  for (const [a, b] of [
    [0, 1],
    [1, 2],
  ] as const) {
    const from = scaled[a];
    const to = scaled[b];
    if (!from || !to) continue;
    const growth = perDoubling(from.result.subjectMs, to.result.subjectMs, from.copies, to.copies);
    const control = perDoubling(from.result.baselineMs, to.result.baselineMs, from.copies, to.copies);
    rows.push({
      section: SECTION,
      measurement: `analyze growth ${from.copies}x->${to.copies}x`,
      baseline: "per doubling of configs",
      value: growth,
      kind: "ratio",
      expect: "~2 (linear)",
      notes:
        `time x${(to.result.subjectMs / from.result.subjectMs).toFixed(1)} for configs x${to.copies / from.copies}; ` +
        `the baseline grew ${control.toFixed(2)}x per doubling in the same runs` +
        (from.copies === 1 ? "; fixed costs (dependency files, knowledge) weigh most at 1x" : ""),
      raw: { growth, baselineGrowth: control, from: from.copies, to: to.copies },
    });
  }

  const base = copiedFiles(inputs, 1);
  const noise = irrelevantFiles(IRRELEVANT);
  const leaked = Object.keys(noise).filter(isCandidatePath);
  const plain = memoryWorkspace(base);
  const crowded = memoryWorkspace({ ...noise, ...base });
  const irrelevant = await compareTimes(
    () => run(plain),
    () => run(crowded),
    { warmup: 1, minReps: 5, maxReps: 9, budgetMs: 3_000 },
  );
  rows.push({
    section: SECTION,
    measurement: `analyze + ${IRRELEVANT.toLocaleString("en")} irrelevant files`,
    baseline: "analyze without them",
    value: irrelevant.ratio,
    kind: "ratio",
    range: [irrelevant.low, irrelevant.high],
    expect: "~1",
    notes:
      `${IRRELEVANT.toLocaleString("en")} .py/.md/.jsonl/.sh paths in the listing (${leaked.length} of them candidates), never read; ` +
      "any .yml would count as relevant: it is read to decide whether it is a NeoX config",
    raw: { ...irrelevant, irrelevantFiles: IRRELEVANT, candidatesAmongThem: leaked.length },
  });
  return rows;
}
