import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Report, TextEdit, Workspace } from "../core/model/index.js";
import { lineSlices } from "../core/parse/line-breaks.js";

/** What `--fix` did to one file. */
export interface FileFix {
  path: string;
  /** Edits applied, and the 1-based lines they start on. */
  applied: number;
  lines: number[];
  /** Edits left out: overlapping another edit, or not fitting the file as it is now. */
  skipped: number;
  /** The rules whose fixes were applied. */
  rules: string[];
}

/**
 * Applies the mechanical edits of the report's unsuppressed head findings to the files under `root`,
 * once each (findings that share a root cause carry the same edit), never two edits that overlap, and
 * only to files whose text on disk is still what was analysed (`head`). Returns what changed per file.
 */
export async function applyFixes(report: Report, head: Workspace, root: string): Promise<FileFix[]> {
  const byPath = new Map<string, { edits: Map<string, TextEdit>; rules: Set<string> }>();
  for (const finding of report.findings) {
    if (finding.status === "fixed" || finding.suppressed !== null || finding.fix === null) continue;
    for (const edit of finding.fix.edits) {
      const entry = byPath.get(edit.span.path) ?? { edits: new Map(), rules: new Set() };
      const { line, column, endLine, endColumn } = edit.span;
      entry.edits.set(JSON.stringify([line, column, endLine, endColumn, edit.replacement]), edit);
      entry.rules.add(finding.ruleId);
      byPath.set(edit.span.path, entry);
    }
  }
  const out: FileFix[] = [];
  for (const [path, { edits, rules }] of [...byPath].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = await head.read(path);
    if (text === null) continue;
    const { result, applied, skipped } = applyEdits(text, [...edits.values()]);
    if (applied.length === 0) {
      out.push({ path, applied: 0, lines: [], skipped, rules: [...rules].sort() });
      continue;
    }
    await writeFile(join(root, ...path.split("/")), result);
    out.push({
      path,
      applied: applied.length,
      lines: [...new Set(applied.map((e) => e.span.line))].sort((a, b) => a - b),
      skipped,
      rules: [...rules].sort(),
    });
  }
  return out;
}

/**
 * The text with the edits applied (lines and columns 1-based, end exclusive, in UTF-16 units as the
 * parsers count them). An edit that overlaps an earlier one, or whose span is not in the text, is skipped.
 */
export function applyEdits(
  text: string,
  edits: readonly TextEdit[],
): { result: string; applied: TextEdit[]; skipped: number } {
  // Lines as the parsers number them (line-breaks.ts): `\r`-only and `\r\n` files too.
  const lines = lineSlices(text);
  const offset = (line: number, column: number): number | null => {
    const slice = lines[line - 1];
    if (slice === undefined || column < 1) return null;
    const at = slice.start + column - 1;
    return at <= slice.start + slice.text.length ? at : null;
  };
  const located = edits
    .map((edit) => ({
      edit,
      from: offset(edit.span.line, edit.span.column),
      to: offset(edit.span.endLine, edit.span.endColumn),
    }))
    .sort((a, b) => (a.from ?? -1) - (b.from ?? -1) || (a.to ?? -1) - (b.to ?? -1));
  const applied: Array<{ edit: TextEdit; from: number; to: number }> = [];
  let skipped = 0;
  let end = -1;
  for (const { edit, from, to } of located) {
    if (from === null || to === null || to < from || from < end) {
      skipped++;
      continue;
    }
    applied.push({ edit, from, to });
    end = Math.max(to, from + 1);
  }
  let result = text;
  for (const { edit, from, to } of [...applied].reverse()) {
    result = result.slice(0, from) + edit.replacement + result.slice(to);
  }
  return { result, applied: applied.map((a) => a.edit), skipped };
}
