import { chainResolvers, createTableResolver, loadKnowledge } from "../../../src/core/knowledge/index.js";
import type { CommitResolver, RefResolution } from "../../../src/core/model/index.js";

const table = createTableResolver(loadKnowledge().deeperspeedCommits);
const REPO = "EleutherAI/DeeperSpeed";

function fixed(result: RefResolution): CommitResolver & { calls: number } {
  const resolver = {
    calls: 0,
    resolve(): Promise<RefResolution> {
      resolver.calls += 1;
      return Promise.resolve(result);
    },
  };
  return resolver;
}

describe("chainResolvers", () => {
  it("returns the first resolution and does not ask the ones after it", async () => {
    const online = fixed({ ok: false, reason: "never asked" });
    const result = await chainResolvers(table, online).resolve(REPO, "v3.0", []);
    expect(result.ok && result.commit.sha).toBe("91d1c55ba037b5ada99ae14884dff87a4dc5b9ea");
    expect(online.calls).toBe(0);
  });

  it("falls through to the next resolver", async () => {
    const commit = { sha: "f".repeat(40), versionTxt: "0.16.5", tags: [], contains: {}, via: "github" as const };
    const online = fixed({ ok: true, commit });
    const result = await chainResolvers(table, online).resolve(REPO, "ffffffff", []);
    expect(result).toEqual({ ok: true, commit });
    expect(online.calls).toBe(1);
  });

  it("combines the reasons when nothing resolves, and treats a throwing resolver as one more reason", async () => {
    const failing: CommitResolver = { resolve: () => Promise.reject(new Error("GitHub said 404")) };
    const result = await chainResolvers(table, failing, fixed({ ok: false, reason: "rate limited" })).resolve(
      REPO,
      "main",
      [],
    );
    expect(result).toEqual({
      ok: false,
      reason:
        "main is not a commit or tag in the shipped EleutherAI/DeeperSpeed table (a branch moves, so the commit it installs is unknown); lookup failed: GitHub said 404; rate limited",
    });
  });

  it("says so when there is no resolver at all", async () => {
    expect(await chainResolvers().resolve(REPO, "v3.0", [])).toEqual({
      ok: false,
      reason: "no resolver for EleutherAI/DeeperSpeed@v3.0",
    });
  });
});
