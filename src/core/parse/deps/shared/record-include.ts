import type { DependencyFile, Span } from "../../../model/index.js";
import { resolveReference } from "./repo-path.js";
import { quote, type DiagnosticSink } from "./text.js";

/**
 * Records a reference to another requirements file (`-r base.txt`, `file: requirements.txt`) as an
 * include, resolved against `dir`; a URL, an absolute path or a path above the repository root is not
 * followed and becomes a diagnostic instead (with `quiet`, absolute paths are dropped silently: inside a
 * Dockerfile they name a path in the image, not in the repository).
 */
export function recordInclude(
  into: { dir: string; includes: DependencyFile["includes"]; sink: DiagnosticSink },
  ref: string,
  span: Span,
  constraint: boolean,
  shownAs: string,
  quiet = false,
): void {
  const resolved = resolveReference(into.dir, ref);
  if (resolved.ok) {
    into.includes.push({ path: resolved.path, constraint, span });
    return;
  }
  const shown = quote(shownAs);
  switch (resolved.reason) {
    case "url":
      into.sink.add(
        "include-url",
        `${shown}: files on the network are not fetched, so the pins in it are not checked`,
        span,
      );
      return;
    case "empty":
      into.sink.add("invalid-requirement", `${shown}: the file name is empty`, span);
      return;
    case "absolute":
      if (!quiet)
        into.sink.add(
          "include-outside-repository",
          `${shown} is an absolute path, not a file of the repository; it was not read`,
          span,
        );
      return;
    case "outside":
      into.sink.add(
        "include-outside-repository",
        `${shown} points above the repository root; it was not read`,
        span,
      );
  }
}
