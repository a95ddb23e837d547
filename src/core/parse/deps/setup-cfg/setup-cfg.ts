import type { DependencyFile } from "../../../model/index.js";
import { pinFromPep508Text } from "../shared/pep508-pin.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { recordInclude } from "../shared/record-include.js";
import { dirnameOf } from "../shared/repo-path.js";
import {
  contiguous,
  lineIndex,
  MAX_LINE_CHARS,
  physicalLines,
  spanOf,
  type DiagnosticSink,
  type LineIndex,
} from "../shared/text.js";

interface Piece {
  text: string;
  start: number;
}

interface Entry {
  section: string;
  key: string;
  /** The text after `=` on the key's line, then each continuation line. */
  pieces: Piece[];
}

/**
 * Reads `setup.cfg` as setuptools does (configparser): `[options] install_requires` and every key of
 * `[options.extras_require]`. A multi-line value has one requirement per line; a one-line value is split
 * at `;` (setuptools' own rule, which is why a marker there breaks the requirement); `file: a.txt` reads
 * requirements from files (followed as includes). Comment lines (`#`, `;`) are skipped.
 */
export function parseSetupCfg(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "setup.cfg", text, (body, file, sink) => {
    const lines = lineIndex(path, body);
    for (const entry of entries(body)) {
      const wanted =
        (entry.section === "options" && entry.key === "install_requires") ||
        entry.section === "options.extras_require";
      if (wanted) readValue(entry, { path, lines, sink, file });
    }
  });
}

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  let section = "";
  let current: Entry | null = null;
  for (const line of physicalLines(text)) {
    if (line.text.length > MAX_LINE_CHARS) continue;
    const t = line.text;
    const trimmed = t.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const indented = /^[ \t]/.test(t);
    if (indented && current) {
      const lead = t.length - t.trimStart().length;
      current.pieces.push({ text: t.trimEnd().slice(lead), start: line.start + lead });
      continue;
    }
    if (!indented && t.startsWith("[")) {
      const close = t.indexOf("]");
      section = (close > 0 ? t.slice(1, close) : t.slice(1)).trim().toLowerCase();
      current = null;
      continue;
    }
    const eq = [t.indexOf("="), t.indexOf(":")].filter((i) => i > 0);
    if (eq.length === 0) {
      current = null;
      continue;
    }
    const sep = Math.min(...eq);
    const key = t.slice(0, sep).trim().toLowerCase().replace(/-/g, "_");
    let valueStart = sep + 1;
    while (valueStart < t.length && /[ \t]/.test(t.charAt(valueStart))) valueStart++;
    current = {
      section,
      key,
      pieces: [{ text: t.trimEnd().slice(valueStart), start: line.start + valueStart }],
    };
    out.push(current);
  }
  return out;
}

function readValue(
  entry: Entry,
  ctx: { path: string; lines: LineIndex; sink: DiagnosticSink; file: DependencyFile },
): void {
  const first = entry.pieces[0];
  const joinedValue = entry.pieces
    .map((p) => p.text)
    .join(" ")
    .trim();
  if (first && /^file:/i.test(joinedValue)) {
    const refs = first.text.replace(/^file:/i, "");
    let offset = first.start + first.text.length - refs.length;
    for (const part of refs.split(",")) {
      const ref = part.trim();
      const at = offset + part.indexOf(ref);
      offset += part.length + 1;
      if (ref === "") continue;
      recordInclude(
        { dir: dirnameOf(ctx.path), includes: ctx.file.includes, sink: ctx.sink },
        ref,
        spanOf(ctx.lines, at, at + ref.length),
        false,
        `file: ${ref}`,
      );
    }
    return;
  }
  let requirements: Piece[];
  if (entry.pieces.length === 1 && first) {
    requirements = [];
    let offset = first.start;
    for (const part of first.text.split(";")) {
      requirements.push({ text: part, start: offset });
      offset += part.length + 1;
    }
  } else requirements = entry.pieces;
  const site = { lines: ctx.lines, source: "setup.cfg" as const, constraint: false };
  for (const piece of requirements) {
    if (ctx.sink.enough(ctx.file.pins.length)) break;
    if (piece.text.trim() === "" || piece.text.trim().startsWith("#")) continue;
    const pin = pinFromPep508Text(contiguous(piece.text, piece.start), site, ctx.sink);
    if (pin) ctx.file.pins.push(pin);
  }
}
