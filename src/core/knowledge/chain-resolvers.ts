import type { CommitResolver, RefResolution } from "../model/index.js";

/**
 * Asks each resolver in turn (for example the shipped table, then GitHub) and returns the first
 * that resolves. When none does, the reasons are joined, so a finding can say everything that was
 * tried. A resolver that throws or rejects counts as one that could not resolve; the chain never
 * rejects.
 */
export function chainResolvers(...resolvers: CommitResolver[]): CommitResolver {
  return {
    async resolve(repo: string, ref: string, ancestors: string[]): Promise<RefResolution> {
      const reasons: string[] = [];
      for (const resolver of resolvers) {
        try {
          const result = await resolver.resolve(repo, ref, ancestors);
          if (result.ok) return result;
          reasons.push(result.reason);
        } catch (error) {
          reasons.push(`lookup failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (reasons.length === 0) return { ok: false, reason: `no resolver for ${repo}@${ref}` };
      return { ok: false, reason: [...new Set(reasons)].join("; ") };
    },
  };
}
