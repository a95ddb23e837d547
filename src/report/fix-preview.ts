import type { TextEdit } from "../core/model/index.js";

/**
 * The text of a head line (1-based), or null when unknown: for code frames, diffs and suggestions. The
 * adapters read the lines (`src/adapters/finding-lines.ts`); the renderers only look them up.
 */
export type LineText = (path: string, line: number) => string | null;

/** The edits of a fix that fall on one line of one file, in order: what one suggestion can show. */
export interface LineEdits {
  path: string;
  line: number;
  edits: TextEdit[];
}

/** Groups a fix's single-line edits by file and line, in first-seen order; multi-line edits are left out. */
export function editsByLine(edits: TextEdit[]): LineEdits[] {
  const groups = new Map<string, LineEdits>();
  for (const edit of edits) {
    if (edit.span.endLine !== edit.span.line) continue;
    const key = `${edit.span.line}\u0000${edit.span.path}`;
    const group = groups.get(key) ?? { path: edit.span.path, line: edit.span.line, edits: [] };
    group.edits.push(edit);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The line with the edits applied (columns 1-based, end exclusive), or null when an edit does not fit
 * the line or two edits overlap: then no preview is better than a wrong one.
 */
export function applyLineEdits(line: string, edits: TextEdit[]): string | null {
  const sorted = [...edits].sort((a, b) => b.span.column - a.span.column);
  let text = line;
  let limit = line.length + 1;
  for (const edit of sorted) {
    const { column, endColumn } = edit.span;
    if (column < 1 || endColumn < column || endColumn > limit) return null;
    text = text.slice(0, column - 1) + edit.replacement + text.slice(endColumn - 1);
    limit = column;
  }
  return text;
}

/** A group's head line before and after its edits, or null when the line is unknown or the edits do not fit. */
export function editedLine(
  group: LineEdits,
  lineText: LineText | undefined,
): { before: string; after: string } | null {
  const before = lineText?.(group.path, group.line) ?? null;
  if (before === null) return null;
  const after = applyLineEdits(before, group.edits);
  return after === null ? null : { before, after };
}
