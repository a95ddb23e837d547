/**
 * `npm run bench`: neox-check's speed and memory, each written as a RATIO against a baseline measured
 * in the same run (never an absolute threshold: "Speed and memory are measured in benchmarks, written as
 * ratios against a baseline measured in the same run, never as timing assertions in tests").
 *
 * 1. config reading  `parseConfig` over every config vs plain `yaml` `parse()` of the same texts;
 * 2. analysis        `analyze()` vs list + read + plain parse of the same relevant files, on disk and in
 *                    memory at 1x/4x/16x copies of the configs (growth per doubling), and with 10,000
 *                    irrelevant files added (ratio ~1);
 * 3. hostile input   YAML bombs and deep nesting at 128 KiB, pathological 2 MiB requirements files, vs
 *                    the same parser on a normal file of the same size (and the growth when the size doubles);
 * 4. memory          peak and retained heap of `analyze`/`buildModel` vs holding the raw texts (a child
 *                    process with `--expose-gc`);
 * 5. app             the real server + GitHub stand-in (demo/): API requests per PR run, and a run's
 *                    wall time vs a no-op webhook round trip;
 * 6. scanners        the suppression-comment scan and the glob matcher on hostile inputs at 1x/2x/4x vs
 *                    honest inputs of the same sizes (growth per doubling).
 * Times are medians of interleaved repetitions after a warm-up; each ratio shows the range of the
 * per-repetition ratios in parentheses. Prints a table and writes `bench-output/results.json`.
 *
 * Flags: `--synthetic` (use the generated repository even where the corpus exists), `--skip-app`,
 * `--only=1,3` (run some sections). No network: the App talks to the local stand-in only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { benchAnalysis } from "./analysis.js";
import { benchApp } from "./app.js";
import { benchConfigReading } from "./config-reading.js";
import { benchHostile } from "./hostile.js";
import { loadInputs, PROJECT_ROOT } from "./inputs.js";
import { benchMemory } from "./memory.js";
import { benchScanners } from "./scanners.js";
import { formatTable, type Row } from "./table.js";

const OUTPUT_DIR = join(PROJECT_ROOT, "bench-output");

interface Section {
  id: string;
  title: string;
  explain: string;
  run: () => Promise<Row[]>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const synthetic = args.includes("--synthetic");
  const only = args
    .find((a) => a.startsWith("--only="))
    ?.slice("--only=".length)
    .split(",");
  const skipApp = args.includes("--skip-app");
  const started = performance.now();
  const loadBefore = loadavg();

  const inputs = loadInputs({ synthetic });
  say("neox-check bench: every number is a ratio against a baseline measured in this run.");
  say(`inputs: ${inputs.description}`);
  say(
    `machine: ${cpus().length} CPUs, load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, Node ${process.version}`,
  );

  const sections: Section[] = [
    {
      id: "1",
      title: "config reading",
      explain:
        "parseConfig (PyYAML 1.1 rules, a position on every node, NeoX key normalisation, limits) over every " +
        "config vs yaml's parse() (YAML 1.2, values only) over the same texts.",
      run: () => benchConfigReading(inputs),
    },
    {
      id: "2",
      title: "whole analysis",
      explain:
        "analyze() vs listing, reading and plainly parsing the same relevant files; then 1x/4x/16x copies " +
        "of the configs (growth per doubling: 2 = linear), then 10,000 irrelevant files added (ratio ~1).",
      run: () => benchAnalysis(inputs, say),
    },
    {
      id: "3",
      title: "hostile input",
      explain:
        "a hostile file vs a normal file of the same size, same parser (ratio <= ~1: no blow-up), and each " +
        "hostile file at half size (size doubling ~2: linear, 4 would be quadratic).",
      run: () => benchHostile(),
    },
    {
      id: "4",
      title: "memory",
      explain:
        "heap of analyze/buildModel vs the heap of the raw texts alone, in a fresh process with --expose-gc; " +
        "growth per doubling of the configs.",
      run: () => benchMemory({ synthetic }),
    },
    {
      id: "5",
      title: "the App end to end",
      explain:
        "the real server process and the GitHub stand-in (demo/): API requests per PR run from the " +
        "stand-in's log, and a run's wall time vs a webhook the App ignores (closed PR).",
      run: () =>
        skipApp
          ? Promise.resolve([
              {
                section: "5 app",
                measurement: "the App end to end",
                baseline: "no-op webhook round trip",
                value: null,
                kind: "ratio" as const,
                expect: "",
                notes: "skipped: --skip-app given",
              },
            ])
          : benchApp(say),
    },
    {
      id: "6",
      title: "scanners of untrusted text",
      explain:
        "the suppression-comment scan and the glob matcher on hostile inputs vs honest inputs of the same " +
        "size (ratio <= ~1), at 1x/2x/4x (growth per doubling ~2: linear; the old regexes were quadratic).",
      run: () => benchScanners(),
    },
  ];

  const rows: Row[] = [];
  try {
    for (const section of sections) {
      if (only && !only.includes(section.id)) continue;
      const sectionStart = performance.now();
      say(`\n[${section.id}] ${section.title}: ${section.explain}`);
      rows.push(...(await section.run()));
      say(`    done in ${((performance.now() - sectionStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    inputs.cleanup();
  }

  const seconds = (performance.now() - started) / 1000;
  say(`\n${formatTable(rows)}\n`);
  say(
    "How to read it: a ratio is the subject's median time (or bytes) divided by its baseline's, both measured " +
      "in this run; (a-b) is the range of the per-repetition ratios, a measure of the noise. 'growth' rows are " +
      "the factor per doubling of the input: ~2 is linear. Counts are plain counts. See bench/README.md.",
  );

  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, "results.json");
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        inputs: { kind: inputs.kind, description: inputs.description },
        machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg(), node: process.version },
        seconds,
        rows,
      },
      null,
      2,
    )}\n`,
  );
  say(`\nwrote bench-output/results.json; whole bench ${seconds.toFixed(1)} s.`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
