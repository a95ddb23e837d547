/**
 * A small `npm run load`: the real server, a few PRs with rapid pushes, 10% redelivered, deliveries
 * shuffled. The invariants of the full run, without its timing figures (those are measured by
 * `npm run load` and written in docs/reliability.md).
 */
import { runLoad } from "../../demo/load.js";
import { compiledServer } from "../support/compiled-build.js";

describe("load, small and shuffled", () => {
  it("leaves exactly one completed check run per head SHA and never supersedes a PR's newest head", async () => {
    const result = await runLoad({
      entry: await compiledServer(),
      pulls: 6,
      maxPushes: 3,
      concurrency: 10,
      redelivered: 0.2,
      shuffle: true,
      seed: 7,
    });
    expect(result.deliveries).toBeGreaterThan(result.heads);
    expect(result.non200).toBe(0);
    expect(result.badHeads).toEqual([]);
    expect(result.supersededNewest).toEqual([]);
  }, 180_000);
});
