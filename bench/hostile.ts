/**
 * 3. Hostile input. Each hostile file is read by the parser neox-check uses on it (`parseConfig` for
 * YAML, `parseDependencyFile` for requirements), against the baseline of the same parser on a normal
 * file of exactly the same size: a YAML alias bomb, deep block nesting, deep compact sequences and deep
 * flow brackets at 128 KiB (the largest config `parseConfig` reads), and a requirements file of 2 MiB
 * (the largest dependency file read) that is one line, one endless continuation, all invalid lines, or
 * deeply nested markers. A ratio near or below 1 means no blow-up. Each hostile file is also timed at
 * half the size: the "size doubling" in the notes should be about 2 or less (linear), never 4 (quadratic).
 *
 * `analyze` itself skips files over 1 MiB with a diagnostic, so a 2 MiB requirements file only reaches
 * `parseDependencyFile` through a direct call; it is measured there because that is the parser's own limit.
 */
import { parseConfig } from "../src/core/parse/config.js";
import { parseDependencyFile } from "../src/core/parse/deps/index.js";
import type { Diagnostic } from "../src/core/model/index.js";
import * as make from "./hostile-inputs.js";
import { compareMany, type Work } from "./measure.js";
import type { Row } from "./table.js";

const SECTION = "3 hostile input";
const YAML_SIZE = 128 * 1024;
const REQUIREMENTS_SIZE = 2 * 1024 * 1024;

interface Case {
  name: string;
  generate: (size: number) => string;
}

const YAML_CASES: Case[] = [
  { name: "YAML alias bomb", generate: make.aliasBomb },
  { name: "YAML deep block nesting", generate: make.deepBlockNesting },
  { name: "YAML deep '- - - x' nesting", generate: make.deepSequenceNesting },
  { name: "YAML deep [[[ ]]] nesting", generate: make.deepFlowNesting },
];

const REQUIREMENTS_CASES: Case[] = [
  { name: "requirements: one 2 MiB line", generate: make.oneLongLine },
  { name: "requirements: all continuation", generate: make.endlessContinuation },
  { name: "requirements: all invalid lines", generate: make.invalidLines },
  { name: "requirements: deep markers", generate: make.deepMarkers },
];

export async function benchHostile(): Promise<Row[]> {
  const yaml = await family({
    cases: YAML_CASES,
    size: YAML_SIZE,
    normal: make.normalConfig,
    normalName: "normal 128 KiB config",
    read: (text) => parseConfig("configs/hostile.yml", text),
    warmup: 1,
  });
  const requirements = await family({
    cases: REQUIREMENTS_CASES,
    size: REQUIREMENTS_SIZE,
    normal: make.normalRequirements,
    normalName: "normal 2 MiB reqs (hashes)",
    read: (text) => parseDependencyFile("requirements.txt", text),
    warmup: 0,
  });
  return [...yaml, ...requirements];
}

interface Family {
  cases: Case[];
  size: number;
  normal: (size: number) => string;
  normalName: string;
  read: (text: string) => { diagnostics: Diagnostic[] };
  /**
   * Warm-up rounds. Also where very short calls get their inner repeat count; the 2 MiB family has none
   * that short, and reading each file once for its outcome has already warmed the parser.
   */
  warmup: number;
}

async function family(f: Family): Promise<Row[]> {
  const normalFull = f.normal(f.size);
  const normalHalf = f.normal(f.size / 2);
  const subjects: Record<string, Work> = { "normal/2": () => f.read(normalHalf) };
  const outcomes = new Map<string, string>();
  for (const c of f.cases) {
    const full = c.generate(f.size);
    const half = c.generate(f.size / 2);
    if (full.length !== f.size || half.length !== f.size / 2) throw new Error(`${c.name}: wrong size`);
    subjects[c.name] = () => f.read(full);
    subjects[`${c.name}/2`] = () => f.read(half);
    outcomes.set(c.name, outcome(f.read(full).diagnostics));
  }
  const normalOutcome = outcome(f.read(normalFull).diagnostics);
  const results = await compareMany(() => f.read(normalFull), subjects, {
    warmup: f.warmup,
    minReps: 3,
    maxReps: 5,
    budgetMs: 2_000,
    minSampleMs: 10,
  });
  const rows: Row[] = [];
  const normalHalfResult = results["normal/2"];
  const normalDoubling = normalHalfResult ? 1 / normalHalfResult.ratio : null;
  const normalPerRep = normalHalfResult
    ? normalHalfResult.baselineSamples.map((ms, rep) => ms / (normalHalfResult.samples[rep] ?? Number.NaN))
    : [];
  for (const c of f.cases) {
    const result = results[c.name];
    const half = results[`${c.name}/2`];
    if (!result || !half) continue;
    const growth = result.subjectMs / half.subjectMs;
    const perRep = result.samples.map((ms, rep) => ms / (half.samples[rep] ?? Number.NaN));
    rows.push({
      section: SECTION,
      measurement: c.name,
      baseline: f.normalName,
      value: result.ratio,
      kind: "ratio",
      range: [result.low, result.high],
      expect: "<= ~1",
      notes: `size doubling x${growth.toFixed(2)} (${Math.min(...perRep).toFixed(1)}-${Math.max(...perRep).toFixed(1)}); ${outcomes.get(c.name) ?? ""}`,
      raw: { ...result, chars: f.size, halfSizeMs: half.subjectMs, sizeDoubling: growth },
    });
  }
  rows.push({
    section: SECTION,
    measurement: `${f.normalName}, size doubling`,
    baseline: "same file at half size",
    value: normalDoubling,
    kind: "ratio",
    ...(normalPerRep.length > 0 ? { range: [Math.min(...normalPerRep), Math.max(...normalPerRep)] } : {}),
    expect: "~2 (linear)",
    notes: `the control for the hostile rows' size doubling; ${normalOutcome}`,
    raw: { normalMs: results["normal/2"]?.baselineMs, halfMs: results["normal/2"]?.subjectMs },
  });
  return rows;
}

/** What the parser said, briefly: the first diagnostic's code and message, or "read, no diagnostics". */
function outcome(diagnostics: Diagnostic[]): string {
  const first = diagnostics[0];
  if (!first) return "read, no diagnostics";
  const message = first.message.length > 70 ? `${first.message.slice(0, 67)}...` : first.message;
  const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : "";
  return `${first.code}: ${message}${more}`;
}
