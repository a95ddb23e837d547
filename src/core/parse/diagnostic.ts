import type { Diagnostic, Span } from "../model/location.js";

/** A diagnostic over `span`: the one way the parsers turn a place and a problem into a diagnostic. */
export function diagnosticAt(span: Span, code: string, message: string): Diagnostic {
  return {
    path: span.path,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    code,
    message,
  };
}
