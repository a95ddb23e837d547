import type { Span } from "../../../../src/core/model/index.js";

/** A span as `line:column-endLine:endColumn`, to compare locations in one readable string. */
export function loc(span: Span | null | undefined): string | null {
  return span ? `${span.line}:${span.column}-${span.endLine}:${span.endColumn}` : null;
}

/** A loader over an in-memory repository, recording what was asked for. */
export function memoryLoader(files: Record<string, string>): {
  load: (path: string) => Promise<string | null>;
  asked: string[];
} {
  const asked: string[] = [];
  return {
    asked,
    load: async (path) => {
      asked.push(path);
      return Object.prototype.hasOwnProperty.call(files, path) ? (files[path] ?? null) : null;
    },
  };
}
