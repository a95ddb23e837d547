/**
 * 1. Config reading. `parseConfig` (what neox-check does with every YAML file it considers: PyYAML 1.1
 * semantics, a position on every node, NeoX's key normalisation, duplicate and limit checks) over every
 * config of the inputs, against the baseline of plain `yaml` `parse()` (YAML 1.2, no positions, no
 * checks) over the same texts. The ratio is the price of reading configs the way NeoX does and
 * remembering where everything is; it should be a small constant.
 */
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../src/core/parse/config.js";
import type { BenchInputs } from "./inputs.js";
import { compareTimes } from "./measure.js";
import type { Row } from "./table.js";

const SECTION = "1 config reading";

export async function benchConfigReading(inputs: BenchInputs): Promise<Row[]> {
  const texts = Object.entries(inputs.configs);
  const result = await compareTimes(
    () => texts.map(([, text]) => safely(() => parseYaml(text))),
    () => texts.map(([path, text]) => parseConfig(path, text)),
    { warmup: 2, minReps: 5, maxReps: 15, budgetMs: 2_000 },
  );
  return [
    {
      section: SECTION,
      measurement: `parseConfig x ${texts.length} configs`,
      baseline: "yaml parse(), same texts",
      value: result.ratio,
      kind: "ratio",
      range: [result.low, result.high],
      expect: "small const",
      notes:
        "YAML 1.1 scalars as PyYAML reads them, line/column on every node, NeoX key normalisation and " +
        `limit checks, vs YAML 1.2 values only; median of ${result.reps} interleaved reps`,
      raw: { ...result, files: texts.length },
    },
  ];
}

function safely(work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    return error;
  }
}
