/**
 * The recall suite: real mistakes from the fix history of GPT-NeoX repositories (test/recall/cases.ts),
 * each reproduced in small before/after files. Every case that a rule can know must be caught at its line
 * before the fix, and the fixed version must be clean of that finding. The suite prints and asserts its
 * recall figure; mistakes no rule can know are listed as known misses with the reason.
 */
import { buildModel } from "../../src/core/analyze.js";
import { memoryWorkspace } from "../../src/core/memory-workspace.js";
import { defaultRepoConfig } from "../../src/core/engine/repo-config.js";
import { runRules } from "../../src/core/engine/run-rules.js";
import { loadKnowledge } from "../../src/core/knowledge/index.js";
import type { Finding } from "../../src/core/model/index.js";
import { rules } from "../../src/core/rules/index.js";
import { cases, type RecallCase } from "./cases.js";

const knowledge = loadKnowledge();

async function check(files: Record<string, string>): Promise<Finding[]> {
  const { model } = await buildModel(memoryWorkspace(files), { config: defaultRepoConfig, knowledge });
  const result = runRules({ rules, head: model, base: null, knowledge, config: defaultRepoConfig });
  return result.findings;
}

function matches(c: RecallCase, f: Finding): boolean {
  return (
    f.ruleId === c.rule &&
    f.location.path === c.path &&
    (c.messageId === undefined || f.messageId === c.messageId)
  );
}

async function caught(c: RecallCase): Promise<boolean> {
  const findings = await check({ ...c.files, [c.path]: c.before });
  return findings.some((f) => matches(c, f) && f.location.line === c.line);
}

describe("recall on real mistakes", () => {
  it("has at least 40 cases, each with a source and a unique id", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.source).toMatch(/^[\w.-]+\/[\w.-]+(?:@[0-9a-f]{7,40}|#\d+)/);
  });

  const knowable = cases.filter((c) => c.knownMiss === undefined);

  it.each(knowable.map((c) => [c.id, c] as const))("catches %s at its line", async (_id, c) => {
    const findings = await check({ ...c.files, [c.path]: c.before });
    const hits = findings.filter((f) => matches(c, f));
    expect(hits.map((f) => f.location.line)).toContain(c.line);
  });

  it.each(cases.map((c) => [c.id, c] as const))("the fix of %s is clean of that finding", async (_id, c) => {
    const findings = await check({ ...c.files, [c.path]: c.after });
    expect(findings.filter((f) => matches(c, f)).map((f) => `${f.messageId}@${f.location.line}`)).toEqual([]);
  });

  it("states its recall figure", async () => {
    const results = await Promise.all(cases.map(async (c) => ({ c, hit: await caught(c) })));
    const hits = results.filter((r) => r.hit).length;
    const misses = results.filter((r) => !r.hit);
    const lines = [
      `recall: ${hits}/${cases.length} real mistakes caught at the right line (${((100 * hits) / cases.length).toFixed(1)}%)`,
      ...misses.map((r) => `  known miss: ${r.c.id} (${r.c.source}): ${r.c.knownMiss ?? "NOT A KNOWN MISS"}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    // Every miss is a declared known miss, and every declared known miss is really missed.
    expect(misses.map((r) => r.c.id).sort()).toEqual(
      cases
        .filter((c) => c.knownMiss !== undefined)
        .map((c) => c.id)
        .sort(),
    );
    expect(hits).toBe(knowable.length);
  });
});
