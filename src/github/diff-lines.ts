const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(?<start>\d+)(?:,(?<count>\d+))? @@/;

/**
 * The head-side (RIGHT) line numbers a unified diff `patch` shows: added and context lines, the only
 * lines GitHub accepts a review comment on. Deleted lines exist only on the base side and are skipped.
 * A missing patch (binary or too large a file) gives an empty set.
 */
export function headLinesInPatch(patch: string | undefined | null): Set<number> {
  const lines = new Set<number>();
  if (!patch) return lines;
  let next = 0;
  let inHunk = false;
  for (const text of patch.split("\n")) {
    const header = HUNK_HEADER.exec(text);
    if (header?.groups) {
      next = Number(header.groups.start);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const marker = text.charAt(0);
    if (marker === "+" || marker === " ") {
      lines.add(next);
      next += 1;
    }
    // `-` (deleted), `\` ("No newline at end of file") and the empty string after a final newline
    // do not advance the head side.
  }
  return lines;
}

/** `headLinesInPatch` for every file of a PR, keyed by its head path. */
export function diffLinesByPath(
  files: Array<{ filename: string; patch?: string | null }>,
): Record<string, Set<number>> {
  const result: Record<string, Set<number>> = {};
  for (const file of files) result[file.filename] = headLinesInPatch(file.patch);
  return result;
}
