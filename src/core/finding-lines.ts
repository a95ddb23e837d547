import type { Report, Workspace } from "./model/index.js";
import { splitLines } from "./parse/line-breaks.js";

/** A line of a head file by 1-based number, or null when unknown. */
export type LineText = (path: string, line: number) => string | null;

/**
 * The head lines of every file a finding still on the head points at (its location and its fix edits),
 * read once up front because renderers are synchronous. Shared by the CLI (code frames, previews) and the
 * App (suggestion blocks), so both see the same lines.
 */
export async function readFindingLines(head: Workspace, report: Report): Promise<LineText> {
  const paths = new Set<string>();
  for (const f of report.findings) {
    if (f.status === "fixed") continue;
    paths.add(f.location.path);
    for (const edit of f.fix?.edits ?? []) paths.add(edit.span.path);
  }
  const lines = new Map<string, string[]>();
  for (const path of paths) {
    const text = await head.read(path);
    // Lines numbered as the parsers number them (a `\r`-only file has lines).
    if (text !== null) lines.set(path, splitLines(text));
  }
  return (path, line) => lines.get(path)?.[line - 1] ?? null;
}
