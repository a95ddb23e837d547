import type { Finding, Suppression, Workspace } from "../model/index.js";
import { matchesAny } from "../engine/glob.js";
import type { RepoConfig } from "../engine/repo-config.js";
import { findSuppression, parseSuppressions, type InlineSuppression } from "../engine/suppressions.js";
import { textTooLarge } from "../parse/decode-text.js";

/** Whether a finding is suppressed, and by what: an inline comment first, then an `ignore` entry. */
export type Suppressor = (finding: Finding) => Promise<Suppression | null>;

/**
 * The suppressor of one snapshot: its suppression comments (files the model already read are not read
 * again) and the repo config's active `ignore` entries.
 */
export function suppressorFor(
  ws: Workspace,
  texts: ReadonlyMap<string, string>,
  ignores: RepoConfig["ignore"],
): Suppressor {
  const lookup = suppressionIndex(ws, texts);
  return (finding) => suppress(finding, lookup, ignores);
}

type SuppressionLookup = (path: string) => Promise<InlineSuppression[]>;

/** Suppression comments by file; files the model already read are not read again. */
function suppressionIndex(ws: Workspace, texts: ReadonlyMap<string, string>): SuppressionLookup {
  const cache = new Map<string, InlineSuppression[]>();
  return async (path) => {
    const hit = cache.get(path);
    if (hit) return hit;
    const text = path === "" ? null : (texts.get(path) ?? (await ws.read(path)));
    const found = text === null || textTooLarge(text) !== null ? [] : parseSuppressions(text);
    cache.set(path, found);
    return found;
  };
}

async function suppress(
  finding: Finding,
  lookup: SuppressionLookup,
  ignores: RepoConfig["ignore"],
): Promise<Suppression | null> {
  const inline = findSuppression(await lookup(finding.location.path), finding.ruleId, finding.location.line);
  if (inline) {
    const at = {
      path: finding.location.path,
      line: inline.line,
      column: inline.column,
      endLine: inline.line,
      endColumn: inline.column,
    };
    return { by: "inline", reason: inline.reason, at };
  }
  for (const entry of ignores) {
    if (
      (entry.rule === "*" || entry.rule === finding.ruleId) &&
      matchesAny(finding.location.path, [entry.path])
    ) {
      return { by: "config", reason: entry.reason, at: null };
    }
  }
  return null;
}
