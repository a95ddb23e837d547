/**
 * The one home of line indexing: where lines start and which line and column an offset is on.
 *
 * Line breaks as PyYAML counts them (its Reader and Scanner): `\r\n` (one break), a lone `\r`, `\n`,
 * NEL `\x85`, LINE SEPARATOR `\u2028` and PARAGRAPH SEPARATOR `\u2029`. A file saved with old Mac line
 * endings (`\r` only) is read by PyYAML line by line, so neox-check must count its lines the same way.
 * Dependency files count only `\n`, `\r\n` and a lone `\r` ({@link newlineBreakAt}); both go through
 * the same functions below.
 */

/** How many characters the line break at `i` takes (0: none): one set of line breaks. */
export type BreakAt = (text: string, i: number) => 0 | 1 | 2;

/** How many characters the line break at `i` takes: 2 for `\r\n`, 1 for the others, 0 for none. */
export function lineBreakAt(text: string, i: number): 0 | 1 | 2 {
  const c = text.charCodeAt(i);
  if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029) return 1;
  if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
  return 0;
}

/** `\n`, `\r\n` (one break) and a lone `\r`: the line breaks of the dependency-file parsers. */
export function newlineBreakAt(text: string, i: number): 0 | 1 | 2 {
  const c = text.charCodeAt(i);
  if (c === 0x0a) return 1;
  if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
  return 0;
}

/** The offset where each line starts (the first is 0), in one pass; PyYAML's line breaks by default. */
export function lineStarts(text: string, breakAt: BreakAt = lineBreakAt): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const length = breakAt(text, i);
    if (length === 0) continue;
    i += length - 1;
    starts.push(i + 1);
  }
  return starts;
}

/** The lines of `text` with their start offsets, without their breaks (`"a\rb"`: `a` at 0, `b` at 2). */
export function lineSlices(
  text: string,
  breakAt: BreakAt = lineBreakAt,
): Array<{ text: string; start: number }> {
  const starts = lineStarts(text, breakAt);
  return starts.map((start, n) => {
    const next = starts[n + 1];
    if (next === undefined) return { text: text.slice(start), start };
    // The break before `next` is one or two characters long.
    const breakLength = text.charCodeAt(next - 1) === 0x0a && text.charCodeAt(next - 2) === 0x0d ? 2 : 1;
    return { text: text.slice(start, next - breakLength), start };
  });
}

/** The lines of `text`, without their breaks (`"a\rb"` is `["a", "b"]`). */
export function splitLines(text: string): string[] {
  return lineSlices(text).map((line) => line.text);
}

/** The index of the last element of ascending `sorted` that is at most `value` (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((sorted[mid] ?? 0) <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The 1-based line and column (in UTF-16 units) of `offset`, given where the lines start. */
export function positionIn(starts: readonly number[], offset: number): { line: number; column: number } {
  const line = lastAtOrBefore(starts, offset);
  return { line: line + 1, column: offset - (starts[line] ?? 0) + 1 };
}

/**
 * `text` with every line break PyYAML knows written as `\n` (a `\r\n` pair is kept), character for
 * character, so offsets do not move. The `yaml` package only breaks lines at `\n`: fed this, it reads
 * a file saved with `\r` line endings as PyYAML does (line by line) instead of as one long line.
 * Inside block scalars PyYAML keeps `\u2028` and `\u2029` as they are; configs do not use them there.
 */
export function withLineFeeds(text: string): string {
  return text.replace(/\r(?!\n)|[\x85\u2028\u2029]/g, "\n");
}
