/** One line of the bench's result: a ratio against a baseline measured in the same run, or a count. */
export interface Row {
  /** Which part of the bench (`1 config reading`, `2 analysis`...). */
  section: string;
  measurement: string;
  baseline: string;
  /** The ratio (or count, for `kind: "count"`); null when the row was skipped. */
  value: number | null;
  kind: "ratio" | "count";
  /** Smallest and largest per-repetition ratio, when there were repetitions. */
  range?: [number, number];
  /** What the ratio should be if all is well, in words (`~1`, `~2`, `small`). */
  expect: string;
  notes: string;
  /** Milliseconds, bytes and other raw numbers, for the JSON only (never compared with a threshold). */
  raw?: Record<string, unknown>;
}

const NOTE_WIDTH = 64;

/** The rows as a fixed-width text table, notes wrapped under their row. */
export function formatTable(rows: Row[]): string {
  const headers = ["#", "measurement", "baseline", "ratio", "expect", "notes"];
  const cells = rows.map((row) => [
    row.section.split(" ")[0] ?? "",
    row.measurement,
    row.baseline,
    formatValue(row),
    row.expect,
    row.notes,
  ]);
  const widths = headers.map((h, i) =>
    i === 5 ? NOTE_WIDTH : Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)),
  );
  const line = (values: string[]): string =>
    values
      .map((v, i) => (i === 3 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [line(headers), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const c of cells) {
    const wrapped = wrap(c[5] ?? "", NOTE_WIDTH);
    out.push(line([...c.slice(0, 5), wrapped[0] ?? ""]));
    for (const more of wrapped.slice(1)) out.push(line(["", "", "", "", "", more]));
  }
  return out.join("\n");
}

function formatValue(row: Row): string {
  if (row.value === null) return "skipped";
  if (row.kind === "count") return String(row.value);
  const main = `${number(row.value)}x`;
  return row.range ? `${main} (${number(row.range[0])}-${number(row.range[1])})` : main;
}

/** Two decimals, or two significant digits below 0.1 (a hostile file rejected in 1/500 of the time). */
function number(value: number): string {
  return Math.abs(value) >= 0.1 || value === 0 ? value.toFixed(2) : value.toPrecision(2);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}
