/**
 * 6. The scanners of untrusted text that used to backtrack: the suppression-comment scan
 * (`parseSuppressions`) and the glob matcher (`matchesAny`). Each hostile input is timed at 1x, 2x and
 * 4x its size, interleaved with an honest input of the same sizes: the row's ratio is hostile / honest at
 * 1x (a small constant: no blow-up; the hostile suppression inputs make the scan read every character,
 * the honest text is skipped by `indexOf`), and the notes give the growth per doubling (1x->4x, ~2
 * linear, 4 quadratic) with the honest input's own growth as the control.
 *
 * Before issue 9 the first case (a directive followed by a million spaces) took minutes and
 * `*a*a*a*a*a*a*a*ab` against a long name froze the process; both now grow like the honest inputs.
 */
import { matchesAny } from "../src/core/engine/glob.js";
import { parseSuppressions } from "../src/core/engine/suppressions.js";
import { compareMany, type Work } from "./measure.js";
import type { Row } from "./table.js";

const SECTION = "6 scanners";

interface ScanCase {
  name: string;
  honestName: string;
  /** Characters at 1x. */
  size: number;
  hostile: (size: number) => Work;
  honest: (size: number) => Work;
}

/** Config lines without any directive, `size` characters in all. */
function configText(size: number): string {
  const line = "train_micro_batch_size_per_gpu: 8  # per GPU\n";
  return line.repeat(Math.ceil(size / line.length)).slice(0, size);
}

const CASES: ScanCase[] = [
  {
    name: "suppression: directive + spaces + x",
    honestName: "config text, same size",
    size: 250_000,
    hostile: (n) => {
      const text = `deepspeed  # neox-check: ignore${" ".repeat(n)}x\n`;
      return () => parseSuppressions(text);
    },
    honest: (n) => {
      const text = configText(n);
      return () => parseSuppressions(text);
    },
  },
  {
    name: "suppression: directive on every line",
    honestName: "config text, same size",
    size: 250_000,
    hostile: (n) => {
      const line = "#neox-check:ignore-file,*,*,NXC101 x\n";
      const text = line.repeat(Math.ceil(n / line.length)).slice(0, n);
      return () => parseSuppressions(text);
    },
    honest: (n) => {
      const text = configText(n);
      return () => parseSuppressions(text);
    },
  },
  {
    name: "glob *a*a*a*a*a*a*a*ab, long name",
    honestName: "glob *.yml, same path",
    size: 25_000,
    hostile: (n) => {
      const path = "a".repeat(n);
      return () => matchesAny(path, ["*a*a*a*a*a*a*a*ab"]);
    },
    honest: (n) => {
      const path = "a".repeat(n);
      return () => matchesAny(path, ["*.yml"]);
    },
  },
  {
    name: "glob **/ x1000 x/y, deep path",
    honestName: "glob **/x/y, same path",
    size: 25_000,
    hostile: (n) => {
      const path = `${"d/".repeat(n / 2)}a.yml`;
      const glob = `${"**/".repeat(1_000)}x/y`;
      return () => matchesAny(path, [glob]);
    },
    honest: (n) => {
      const path = `${"d/".repeat(n / 2)}a.yml`;
      return () => matchesAny(path, ["**/x/y"]);
    },
  },
];

export async function benchScanners(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of CASES) {
    const subjects: Record<string, Work> = {};
    for (const k of [1, 2, 4]) {
      subjects[`hostile${k}`] = c.hostile(c.size * k);
      if (k > 1) subjects[`honest${k}`] = c.honest(c.size * k);
    }
    const r = await compareMany(c.honest(c.size), subjects, {
      warmup: 2,
      minReps: 3,
      maxReps: 7,
      budgetMs: 1_500,
      minSampleMs: 10,
    });
    const h1 = r.hostile1;
    const h4 = r.hostile4;
    const n4 = r.honest4;
    if (!h1 || !h4 || !n4) continue;
    const growth = Math.sqrt(h4.subjectMs / h1.subjectMs);
    const control = Math.sqrt(n4.subjectMs / h1.baselineMs);
    rows.push({
      section: SECTION,
      measurement: c.name,
      baseline: c.honestName,
      value: h1.ratio,
      kind: "ratio",
      range: [h1.low, h1.high],
      expect: "small",
      notes: `growth per doubling 1x->4x x${growth.toFixed(2)} (control x${control.toFixed(2)}), ${c.size.toLocaleString("en")} chars at 1x`,
      raw: { ...h1, hostile4Ms: h4.subjectMs, honest4Ms: n4.subjectMs, growth, control },
    });
  }
  return rows;
}
