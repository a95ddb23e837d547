import { parse, TomlError } from "smol-toml";
import type { Span } from "../../../model/index.js";
import {
  contiguous,
  lineIndex,
  pinnedTo,
  spanOf,
  type DiagnosticSink,
  type LineIndex,
  type Mapped,
} from "../shared/text.js";
import { locateToml, pathKey, type TomlLoc, type TomlLocations, type TomlPath } from "./toml-locate.js";

/** A TOML document: its values (smol-toml), where they are (`locateToml`), and its line table. */
export interface TomlDoc {
  text: string;
  value: Record<string, unknown>;
  locs: TomlLocations;
  lines: LineIndex;
}

/** Parses `text`; invalid TOML becomes one `invalid-toml` diagnostic at the parser's position. */
export function loadToml(path: string, text: string, sink: DiagnosticSink): TomlDoc | null {
  const lines = lineIndex(path, text);
  try {
    const value = parse(text, { maxDepth: 64 }) as Record<string, unknown>;
    return { text, value, locs: locateToml(text), lines };
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const column = error instanceof TomlError ? error.column : 1;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    sink.add("invalid-toml", `invalid TOML: ${message.replace(/^Invalid TOML document: /, "")}`, {
      path,
      line,
      column,
      endLine: line,
      endColumn: column + 1,
    });
    return null;
  }
}

export function locOf(doc: TomlDoc, path: TomlPath): TomlLoc | undefined {
  return doc.locs.get(pathKey(path));
}

/** The span of an entry, its key or its value; the start of the file when the scanner missed it. */
export function tomlSpan(doc: TomlDoc, path: TomlPath, part: "entry" | "key" | "value" | "content"): Span {
  const loc = locOf(doc, path);
  if (!loc) return spanOf(doc.lines, 0, 0);
  if (part === "entry") return spanOf(doc.lines, loc.entryStart, loc.entryEnd);
  if (part === "key") return spanOf(doc.lines, loc.keyStart, loc.keyEnd);
  if (part === "content" && loc.content) return spanOf(doc.lines, loc.content.start, loc.content.end);
  return spanOf(doc.lines, loc.valueStart, loc.valueEnd);
}

/**
 * A string value's characters mapped to the file: one to one when its raw text equals its value (no
 * escapes), otherwise every character maps to the whole string.
 */
export function tomlString(doc: TomlDoc, path: TomlPath, value: string): Mapped {
  const loc = locOf(doc, path);
  if (!loc) return pinnedTo(value, 0, 0);
  if (loc.content && loc.content.raw === value) return contiguous(value, loc.content.start);
  return pinnedTo(value, loc.valueStart, loc.valueEnd);
}

export function asTable(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Record<string, unknown>)
    : null;
}

export function asString(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

export function asArray(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** The value at `path` inside `root`, or undefined. */
export function getIn(root: unknown, path: string[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    const table = asTable(cur);
    if (!table || !Object.prototype.hasOwnProperty.call(table, key)) return undefined;
    cur = table[key];
  }
  return cur;
}
