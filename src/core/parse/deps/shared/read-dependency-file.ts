import type { DependencyFile, PinSource } from "../../../model/index.js";
import { diagnosticSink, screenText, type DiagnosticSink } from "./text.js";

/**
 * The frame every format parser shares: an empty file of `source`, the text screened (`screenText`: a
 * binary or huge file ends here with its one diagnostic), then `read` fills in pins and includes, and the
 * file's diagnostics are what `read` gave the sink. `read` may return early: the sink's list still stands.
 */
export function readDependencyFile(
  path: string,
  source: PinSource,
  text: string,
  read: (screened: string, file: DependencyFile, sink: DiagnosticSink) => void,
): DependencyFile {
  const file: DependencyFile = { path, source, pins: [], includes: [], diagnostics: [] };
  const screened = screenText(path, text);
  if ("diagnostic" in screened) {
    file.diagnostics.push(screened.diagnostic);
    return file;
  }
  const sink = diagnosticSink(path);
  read(screened.text, file, sink);
  file.diagnostics = sink.list;
  return file;
}
