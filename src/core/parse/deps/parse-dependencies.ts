import type { DependencyFile, Diagnostic } from "../../model/index.js";
import { diagnosticAt } from "../diagnostic.js";
import { parseDependencyFile } from "./parse-dependency-file.js";
import { normalisePath } from "./shared/repo-path.js";

/** Most files one call reads, includes and all: a generous bound that a hostile include graph cannot pass. */
export const MAX_DEPENDENCY_FILES = 500;

interface Reach {
  /** Given in `paths` (a source in its own right), rather than only reached through includes. */
  root: boolean;
  /** The first file that included it. */
  includedFrom: string | null;
  /** Reached by a `-r` (or `file:`) include. */
  byRequirement: boolean;
  /** Reached by a `-c` include. */
  byConstraint: boolean;
}

/**
 * Parses every path once and follows the includes they make (`-r`/`-c`, `--requirement`/`--constraint`,
 * setuptools `file:`, `pip install -r` in Dockerfiles) through `load`, depth first, so that each file
 * appears once in `files` (in the order first reached) however often it is included.
 *
 * - Pins of a file reached only through includes get `includedFrom` (the first includer) and
 *   `constraint: true` when every include reaching it is a `-c`. Files given in `paths` keep
 *   `includedFrom: null` (they are sources in their own right); their pins become constraints only when
 *   the repository includes them with `-c` and never with `-r`.
 * - An include that `load` cannot read is an `include-not-found` diagnostic on the include (not for
 *   Dockerfiles: their `-r` names a file in the image, which may come from anywhere); an include that
 *   closes a cycle is `include-cycle` (pip stops with "recursively references itself") and is not followed.
 * - URLs and paths outside the repository are never loaded (the parsers already reported them).
 * - A path in `paths` that `load` cannot read is skipped silently: the loader's owner knows why.
 *
 * `diagnostics` is complete: every diagnostic of every file, in file order.
 */
export async function parseDependencies(
  paths: string[],
  load: (path: string) => Promise<string | null>,
): Promise<{ files: DependencyFile[]; diagnostics: Diagnostic[] }> {
  const roots: string[] = [];
  for (const p of paths) {
    const normal = normalisePath(p);
    if (normal && !roots.includes(normal)) roots.push(normal);
  }
  const reach = new Map<string, Reach>(
    roots.map((r) => [r, { root: true, includedFrom: null, byRequirement: false, byConstraint: false }]),
  );
  const parsed = new Map<string, DependencyFile | null>();
  const order: DependencyFile[] = [];
  let capped = false;

  // Roots are read together (the loader may be an API); includes are read as they are found.
  const texts = await Promise.all(roots.map((r) => load(r).catch(() => null)));
  const rootTexts = new Map(roots.map((r, i) => [r, texts[i] ?? null]));

  const visit = async (path: string, stack: string[]): Promise<void> => {
    if (parsed.has(path)) return;
    if (parsed.size >= MAX_DEPENDENCY_FILES) {
      capped = true;
      return;
    }
    parsed.set(path, null);
    const text = rootTexts.has(path) ? (rootTexts.get(path) ?? null) : await load(path).catch(() => null);
    if (text === null) return;
    const file = parseDependencyFile(path, text);
    parsed.set(path, file);
    order.push(file);
    for (const include of file.includes) {
      if (stack.includes(include.path) || include.path === path) {
        file.diagnostics.push(
          diagnosticAt(
            include.span,
            "include-cycle",
            `${path} includes ${include.path}, which includes ${path} again (directly or through other files): pip stops with "recursively references itself"`,
          ),
        );
        continue;
      }
      const known = reach.get(include.path) ?? {
        root: false,
        includedFrom: path,
        byRequirement: false,
        byConstraint: false,
      };
      reach.set(include.path, known);
      if (include.constraint) known.byConstraint = true;
      else known.byRequirement = true;
      await visit(include.path, [...stack, path]);
      if (parsed.has(include.path) && parsed.get(include.path) === null && file.source !== "dockerfile") {
        file.diagnostics.push(
          diagnosticAt(
            include.span,
            "include-not-found",
            `${include.path} (included here) is not in the repository or could not be read`,
          ),
        );
      }
    }
  };

  for (const root of roots) await visit(root, []);

  for (const file of order) {
    const r = reach.get(file.path);
    if (!r) continue;
    // pip decides by the include: `-c` constrains, `-r` requires, whatever the file's name. A file given
    // in `paths` keeps its own standing unless the repository only ever uses it as constraints.
    const constraintOnly = r.byConstraint && !r.byRequirement;
    for (const pin of file.pins) {
      if (!r.root) {
        pin.includedFrom = r.includedFrom;
        pin.constraint = constraintOnly;
      } else if (constraintOnly) pin.constraint = true;
    }
  }
  if (capped) {
    const first = order[0];
    first?.diagnostics.push({
      path: first.path,
      line: 1,
      column: 1,
      code: "too-many-files",
      message: `more than ${MAX_DEPENDENCY_FILES} dependency files are included; the rest were not read`,
    });
  }
  return { files: order, diagnostics: order.flatMap((f) => f.diagnostics) };
}
