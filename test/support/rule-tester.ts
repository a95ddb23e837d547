import { buildModel } from "../../src/core/analyze.js";
import { memoryWorkspace } from "../../src/core/memory-workspace.js";
import { loadRepoConfig } from "../../src/core/engine/load-repo-config.js";
import { defaultRepoConfig } from "../../src/core/engine/repo-config.js";
import { runRules } from "../../src/core/engine/run-rules.js";
import type { Rule } from "../../src/core/engine/types.js";
import { loadKnowledge } from "../../src/core/knowledge/index.js";
import type { Finding } from "../../src/core/model/index.js";

export interface RuleCase {
  /** path -> text of the head snapshot. */
  files: Record<string, string>;
  /** path -> text of the base snapshot, for rules about a change. */
  base?: Record<string, string>;
  /** `.github/neox-check.yml` text (config sets, assume, rule options). */
  config?: string;
}

/** Runs one rule over in-memory files, as analyze would, and returns its findings (no suppression). */
export async function runRule(rule: Rule, c: RuleCase): Promise<Finding[]> {
  const config = c.config
    ? loadRepoConfig({ path: ".github/neox-check.yml", text: c.config }).config
    : defaultRepoConfig;
  const knowledge = loadKnowledge();
  const head = await buildModel(memoryWorkspace(c.files), { config, knowledge });
  const base = c.base ? await buildModel(memoryWorkspace(c.base), { config, knowledge }) : null;
  const result = runRules({ rules: [rule], head: head.model, base: base?.model ?? null, knowledge, config });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.findings;
}

/** The essentials of a finding, for table assertions. */
export function brief(f: Finding): {
  messageId: string;
  severity: string;
  certainty: string;
  path: string;
  line: number;
  column: number;
} {
  return {
    messageId: f.messageId,
    severity: f.severity,
    certainty: f.certainty.level,
    path: f.location.path,
    line: f.location.line,
    column: f.location.column,
  };
}
