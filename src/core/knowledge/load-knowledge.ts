import { advisories, deeperspeedCommits, deepspeedReleases } from "./data.generated.js";
import type { Advisory } from "./schema.js";
import type { Knowledge } from "./types.js";

let cached: Knowledge | null = null;

/**
 * The knowledge base shipped with neox-check, built from the generated data (see
 * `scripts/gen-knowledge.ts`). Built once and shared: callers must not mutate it.
 */
export function loadKnowledge(): Knowledge {
  if (cached) return cached;
  const byId = new Map(advisories.map((a) => [a.id, a]));
  cached = {
    advisories,
    advisory(id: string): Advisory {
      const found = byId.get(id);
      if (!found) throw new Error(`no advisory ${id} is shipped`);
      return found;
    },
    deepspeedReleases,
    deeperspeedCommits,
  };
  return cached;
}

/** The advisories that name `ruleId` in their `rules`, in id order. */
export function advisoriesForRule(knowledge: Knowledge, ruleId: string): Advisory[] {
  return knowledge.advisories.filter((a) => a.rules.includes(ruleId));
}
