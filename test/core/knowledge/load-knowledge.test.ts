import { advisoriesForRule, loadKnowledge } from "../../../src/core/knowledge/index.js";
import { isVersion } from "../../../src/core/versioning/index.js";

describe("loadKnowledge", () => {
  const knowledge = loadKnowledge();

  it("returns the same instance each time", () => {
    expect(loadKnowledge()).toBe(knowledge);
  });

  it("finds advisories by id and throws for one that is not shipped", () => {
    expect(knowledge.advisory("NXA-2026-0001").rules).toEqual(["NXC101"]);
    expect(() => knowledge.advisory("NXA-2099-0001")).toThrow("no advisory NXA-2099-0001 is shipped");
  });

  it.each`
    rule        | ids
    ${"NXC101"} | ${["NXA-2026-0001"]}
    ${"NXC102"} | ${["NXA-2026-0002"]}
    ${"NXC103"} | ${["NXA-2026-0003"]}
    ${"NXC104"} | ${["NXA-2026-0004"]}
    ${"NXC105"} | ${["NXA-2026-0005", "NXA-2026-0006"]}
    ${"NXC106"} | ${["NXA-2026-0007"]}
    ${"NXC107"} | ${["NXA-2026-0008"]}
    ${"NXC999"} | ${[]}
  `("advisoriesForRule($rule) -> $ids", ({ rule, ids }: { rule: string; ids: string[] }) => {
    expect(advisoriesForRule(knowledge, rule).map((a) => a.id)).toEqual(ids);
  });

  it("lists DeepSpeed releases oldest first, all valid versions, from 0.8.0 to 0.19.5", () => {
    const versions = knowledge.deepspeedReleases.map((r) => r.version);
    expect(versions.every(isVersion)).toBe(true);
    expect(versions[0]).toBe("0.8.0");
    expect(versions.at(-1)).toBe("0.19.5");
    expect(versions).toContain("0.12.6");
    expect(versions).toContain("0.13.0");
  });

  it("ships the DeeperSpeed table with the bug and fix columns as ancestry answers", () => {
    const v3 = knowledge.deeperspeedCommits.find((c) => c.tags.includes("v3.0"));
    expect(v3).toEqual({
      sha: "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea",
      versionTxt: "0.16.5",
      tags: ["v3.0"],
      contains: {
        "3362dad87d1a8c1a5e9414e02a5d09b38064c064": true,
        a48c6493f1fc6a1652723ab5542f7703be6f03a5: true,
      },
      via: "table",
    });
  });
});
