import { existsSync, readFileSync } from "node:fs";
import { loadKnowledge } from "../../../src/core/knowledge/index.js";
import { inRange } from "../../../src/core/versioning/index.js";

/**
 * Advisories NXA-2026-0009 (NXC202) and NXA-2026-0003 (NXC103) against the per-release and per-commit
 * findings of ../shared/knowledge/bf16-pipeline-zero1.json (read from DeepSpeed's and DeeperSpeed's
 * source): a release or commit that crashes without fp32 accumulation where fp32 accumulation helps is
 * NXA-2026-0009's; one where it does not help is NXA-2026-0003's; one that runs is neither's.
 */
const SOURCE = "../shared/knowledge/bf16-pipeline-zero1.json";
const present = existsSync(SOURCE);
if (!present) console.log(`skipping the bf16-pipeline-zero1 table check: ${SOURCE} is absent`);
const describeIfPresent = present ? describe : describe.skip;

interface Row {
  crashes_without_fp32_accum: boolean;
  fp32_accum_avoids_crash: boolean | null;
}

describeIfPresent("the bf16 + ZeRO-1 + pipeline advisories follow the source table", () => {
  const table = JSON.parse(readFileSync(SOURCE, "utf8")) as {
    deepspeed_releases: Array<Row & { version: string }>;
    deeperspeed_commits: Array<Row & { commit: string }>;
  };
  const knowledge = loadKnowledge();
  const grad = knowledge.advisory("NXA-2026-0009");
  const old = knowledge.advisory("NXA-2026-0003");
  const pypiRanges = (id: typeof grad) =>
    id.affected.filter((a) => a.package.ecosystem === "PyPI").flatMap((a) => a.ranges);
  const commitsOf = (id: typeof grad) => id.affected.find((a) => a.package.ecosystem === "GIT")?.commits;

  it.each(table.deepspeed_releases.map((r) => [r.version, r] as const))("DeepSpeed %s", (version, row) => {
    const inGrad = pypiRanges(grad).some((r) => inRange(version, r.events));
    const inOld = pypiRanges(old).some((r) => inRange(version, r.events));
    expect(inGrad).toBe(row.crashes_without_fp32_accum && row.fp32_accum_avoids_crash === true);
    expect(inOld).toBe(row.crashes_without_fp32_accum && row.fp32_accum_avoids_crash === false);
  });

  it.each(table.deeperspeed_commits.map((r) => [r.commit.slice(0, 8), r] as const))(
    "DeeperSpeed %s",
    (_short, row) => {
      const sha = (row as Row & { commit: string }).commit;
      const helps = row.crashes_without_fp32_accum && row.fp32_accum_avoids_crash === true;
      const hopeless = row.crashes_without_fp32_accum && row.fp32_accum_avoids_crash === false;
      expect(commitsOf(grad)?.affected.includes(sha)).toBe(helps);
      expect(commitsOf(grad)?.not_affected.includes(sha)).toBe(!helps);
      expect(commitsOf(old)?.affected.includes(sha)).toBe(hopeless);
      expect(commitsOf(old)?.not_affected.includes(sha)).toBe(!hopeless);
    },
  );
});
