import type { RuleInfo } from "../model/index.js";
import { loadKnowledge } from "../knowledge/index.js";
import { rules } from "../rules/index.js";

/** Metadata of every registered rule, for renderers (SARIF, `/neox-check explain`). */
export function listRuleInfo(): RuleInfo[] {
  return rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.name,
    severity: rule.meta.severity,
    description: rule.meta.description,
    docsUrl: rule.meta.docsUrl,
    advisories: loadKnowledge()
      .advisories.filter((a) => a.rules.includes(rule.meta.id))
      .map((a) => a.id),
  }));
}
