import { advisorySchema, loadKnowledge, type Knowledge } from "../../../../src/core/knowledge/index.js";
import { advisoryFacts } from "../../../../src/core/rules/support/advisory-facts.js";
import { bf16PipelineZeroGradAccumRule } from "../../../../src/core/rules/bf16-pipeline-zero-grad-accum.js";
import { finetuneBf16StaleMasterWeightsRule } from "../../../../src/core/rules/finetune-bf16-stale-master-weights.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

/** An invented advisory over invented releases, so the facts follow the data, not today's values. */
function knowledgeWith(events: Array<Record<string, string>>, fork: Record<string, unknown>): Knowledge {
  const advisory = advisorySchema.parse({
    id: "NXA-2099-0001",
    title: "invented",
    summary: "invented",
    details: "invented",
    published: "2099-01-01",
    rules: ["NXC101"],
    affected: [
      { package: { ecosystem: "PyPI", name: "deepspeed" }, ranges: [{ type: "ECOSYSTEM", events }] },
      { package: { ecosystem: "GIT", name: "EleutherAI/DeeperSpeed" }, ...fork },
    ],
    condition: { description: "invented" },
    fix: { description: "invented", upgrade_to: "2.0.0", fork_commit: C },
    references: [{ type: "REPORT", url: "https://example.invalid/", title: "invented" }],
  });
  return {
    advisories: [advisory],
    advisory: () => advisory,
    deepspeedReleases: ["0.9.0", "1.0.0", "1.1.0", "1.2.0", "2.0.0"].map((version) => ({
      version,
      date: "2099-01-01",
    })),
    deeperspeedCommits: [{ sha: C, versionTxt: null, tags: ["v9"], contains: {}, via: "table" }],
  };
}

describe("advisoryFacts", () => {
  it("reads the first and last affected known release, the fix and a GIT range", () => {
    const facts = advisoryFacts(
      knowledgeWith([{ introduced: "1.0.0" }, { fixed: "2.0.0" }], {
        ranges: [{ type: "GIT", events: [{ introduced: A }, { fixed: B }] }],
      }),
      "NXA-2099-0001",
    );
    expect(facts).toEqual({
      affectedReleases: "1.0.0–1.2.0",
      fixedRelease: "2.0.0",
      forkRange: "aaaaaaaa..bbbbbbbb",
      forkLastAffected: null,
      forkFix: "v9 (cccccccc)",
    });
  });

  it("reads the last commit of a per-commit table, and one affected release alone", () => {
    const facts = advisoryFacts(
      knowledgeWith([{ introduced: "1.1.0" }, { fixed: "1.2.0" }], {
        ranges: [],
        commits: { affected: [A, B], not_affected: [C] },
      }),
      "NXA-2099-0001",
    );
    expect(facts).toMatchObject({ affectedReleases: "1.1.0", forkRange: null, forkLastAffected: "bbbbbbbb" });
  });

  it("gives the rules' texts the shipped advisories' boundaries", () => {
    const knowledge = loadKnowledge();
    const seed = advisoryFacts(knowledge, "NXA-2026-0001");
    const pipeline = advisoryFacts(knowledge, "NXA-2026-0009");
    expect(finetuneBf16StaleMasterWeightsRule.meta.messages.unknown).toContain(
      `DeepSpeed ${seed.affectedReleases} (and DeeperSpeed ${seed.forkRange ?? ""})`,
    );
    expect(bf16PipelineZeroGradAccumRule.meta.messages.versionUnknown).toContain(
      `DeeperSpeed up to ${pipeline.forkLastAffected ?? ""}, and runs from DeepSpeed ${pipeline.fixedRelease} and DeeperSpeed ${pipeline.forkFix ?? ""}`,
    );
  });
});
