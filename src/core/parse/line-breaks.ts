/**
 * Line breaks as PyYAML counts them (its Reader and Scanner): `\r\n` (one break), a lone `\r`, `\n`,
 * NEL `\x85`, LINE SEPARATOR `\u2028` and PARAGRAPH SEPARATOR `\u2029`. A file saved with old Mac line
 * endings (`\r` only) is read by PyYAML line by line, so neox-check must count its lines the same way.
 */

/** How many characters the line break at `i` takes: 2 for `\r\n`, 1 for the others, 0 for none. */
export function lineBreakAt(text: string, i: number): 0 | 1 | 2 {
  const c = text.charCodeAt(i);
  if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029) return 1;
  if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
  return 0;
}

/** The offset where each line starts (the first is 0), in one pass. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const length = lineBreakAt(text, i);
    if (length === 0) continue;
    i += length - 1;
    starts.push(i + 1);
  }
  return starts;
}

/** The lines of `text`, without their breaks (`"a\rb"` is `["a", "b"]`). */
export function splitLines(text: string): string[] {
  const starts = lineStarts(text);
  return starts.map((start, n) => {
    const next = starts[n + 1];
    if (next === undefined) return text.slice(start);
    // The break before `next` is one or two characters long.
    const breakLength = text.charCodeAt(next - 1) === 0x0a && text.charCodeAt(next - 2) === 0x0d ? 2 : 1;
    return text.slice(start, next - breakLength);
  });
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
