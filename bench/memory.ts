/**
 * 4. Memory. Runs `memory-child.ts` in a fresh Node process with `--expose-gc --max-semi-space-size=1`
 * (see there for what is sampled and how) and turns its byte counts into ratios against the baseline
 * of holding the raw texts of the same files, plus the growth per doubling of the configs (1x -> 4x).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./inputs.js";
import { perDoubling } from "./measure.js";
import type { MemoryResult, MemorySizes } from "./memory-child.js";
import type { Row } from "./table.js";

const SECTION = "4 memory";
const CHILD_TIMEOUT_MS = 60_000;

export async function benchMemory(options: { synthetic: boolean }): Promise<Row[]> {
  const result = await runChild(options.synthetic);
  if (!result.ok) {
    return [
      {
        section: SECTION,
        measurement: "heap of analyze",
        baseline: "raw texts held",
        value: null,
        kind: "ratio",
        expect: "",
        notes: `skipped: ${result.reason}`,
      },
    ];
  }
  const [small, large] = result.sizes;
  if (!small || !large) throw new Error("the memory child returned too few sizes");
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  const against = (name: string, bytes: number, notes: string): Row => ({
    section: SECTION,
    measurement: `${name}, ${small.copies}x`,
    baseline: "raw texts held",
    value: bytes / small.rawTexts,
    kind: "ratio",
    expect: "bounded const",
    notes,
    raw: { bytes, rawTexts: small.rawTexts, files: small.files },
  });
  const growth = (name: string, key: keyof MemorySizes): Row => {
    const g = perDoubling(small[key], large[key], small.copies, large.copies);
    const control = perDoubling(small.rawTexts, large.rawTexts, small.copies, large.copies);
    return {
      section: SECTION,
      measurement: `${name} growth ${small.copies}x->${large.copies}x`,
      baseline: "per doubling of configs",
      value: g,
      kind: "ratio",
      expect: "~2 (linear)",
      notes: `${kib(small[key])} -> ${kib(large[key])}; the raw texts grew ${control.toFixed(2)}x per doubling`,
      raw: { small: small[key], large: large[key], growth: g, rawTextsGrowth: control },
    };
  };
  return [
    against(
      "analyze peak heap",
      small.analyzePeak,
      `most heap in use during analyze over the settled heap before it (v8.GCProfiler at each of ` +
        `${small.collections} collections, and at the end); includes not-yet-collected garbage; ` +
        `raw texts of ${small.files} files: ${kib(small.rawTexts)}`,
    ),
    against(
      "buildModel retained",
      small.modelRetained,
      "the model (positions, typed nodes, pins) still held after a full collection",
    ),
    against(
      "Report retained",
      small.reportRetained,
      "what analyze leaves behind (the Report it returned) after a full collection",
    ),
    growth("analyze peak heap", "analyzePeak"),
    growth("buildModel retained", "modelRetained"),
  ];
}

function runChild(synthetic: boolean): Promise<MemoryResult> {
  const args = [
    "--expose-gc",
    "--max-semi-space-size=1",
    "--import",
    "tsx",
    join(PROJECT_ROOT, "bench", "memory-child.ts"),
    ...(synthetic ? ["--synthetic"] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as MemoryResult);
      } catch {
        resolve({
          ok: false,
          reason: `the memory process exited with ${code}: ${stderr.trim().slice(0, 200)}`,
        });
      }
    });
  });
}
