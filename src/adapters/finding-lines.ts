import type { Report, Workspace } from "../core/model/index.js";
import { splitLines } from "../core/parse/line-breaks.js";
import type { LineText } from "../report/fix-preview.js";

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
