import type { Span } from "../model/location.js";
import { lineStarts, positionIn } from "./line-breaks.js";

/** Turns character offsets of one text into 1-based lines and columns (columns count UTF-16 units). */
export interface LineIndex {
  position(offset: number): { line: number; column: number };
  span(start: number, end: number): Span;
}

/** Builds a line index over `text`; lines end where PyYAML ends them (`\n`, `\r\n`, `\r`, NEL, U+2028/9). */
export function lineIndex(path: string, text: string): LineIndex {
  const starts = lineStarts(text);

  function position(offset: number): { line: number; column: number } {
    return positionIn(starts, Math.max(0, Math.min(offset, text.length)));
  }

  function span(start: number, end: number): Span {
    const from = position(start);
    const to = position(Math.max(start, end));
    return { path, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  return { position, span };
}
