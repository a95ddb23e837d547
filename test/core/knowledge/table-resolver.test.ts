import { createTableResolver, loadKnowledge } from "../../../src/core/knowledge/index.js";
import type { RefResolution, ResolvedCommit } from "../../../src/core/model/index.js";

const BUG = "3362dad87d1a8c1a5e9414e02a5d09b38064c064";
const FIX = "a48c6493f1fc6a1652723ab5542f7703be6f03a5";
const V3 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";
const REPO = "EleutherAI/DeeperSpeed";

const resolver = createTableResolver(loadKnowledge().deeperspeedCommits);

function commitOf(result: RefResolution): ResolvedCommit {
  if (!result.ok) throw new Error(`expected a resolved commit, got: ${result.reason}`);
  return result.commit;
}

function reasonOf(result: RefResolution): string {
  if (result.ok) throw new Error(`expected no resolution, got ${result.commit.sha}`);
  return result.reason;
}

describe("createTableResolver over the shipped DeeperSpeed table", () => {
  it.each`
    ref                                            | sha
    ${V3}                                          | ${V3}
    ${"91d1c55b"}                                  | ${V3}
    ${"91d1c55"}                                   | ${V3}
    ${"91D1C55BA037B5ADA99AE14884DFF87A4DC5B9EA"}  | ${V3}
    ${"91D1c55b"}                                  | ${V3}
    ${" 91d1c55b "}                                | ${V3}
    ${"v3.0"}                                      | ${V3}
    ${"v2.0"}                                      | ${"457850dc5ad72960f0e8a8f1597914d682a7792c"}
    ${"v1.0"}                                      | ${"7069d10d2c9abac50576c84cb7e45910fafa218c"}
    ${"02e2ebf7dee6aaab3d89094ed470a4609763c742"}  | ${"02e2ebf7dee6aaab3d89094ed470a4609763c742"}
    ${"3362dad8"}                                  | ${BUG}
  `("resolves $ref", async ({ ref, sha }: { ref: string; sha: string }) => {
    const commit = commitOf(await resolver.resolve(REPO, ref, []));
    expect(commit.sha).toBe(sha);
    expect(commit.via).toBe("table");
  });

  it("answers the asked ancestors from the table's bug and fix columns only", async () => {
    const other = "b9260436e7da3e297fc6bedfd27d9e69fbba6f5c";
    const commit = commitOf(await resolver.resolve(REPO, "v3.0", [BUG, FIX, other]));
    expect(commit.contains).toEqual({ [BUG]: true, [FIX]: true });
    expect(commit.versionTxt).toBe("0.16.5");
    expect(commit.tags).toEqual(["v3.0"]);
  });

  it("answers only what was asked", async () => {
    const commit = commitOf(await resolver.resolve(REPO, "f2acc070", [FIX]));
    expect(commit.contains).toEqual({ [FIX]: false });
    expect(commitOf(await resolver.resolve(REPO, "f2acc070", [])).contains).toEqual({});
  });

  it("finds a commit by uppercase asked ancestors too", async () => {
    const commit = commitOf(await resolver.resolve(REPO, "22fda1e0", [BUG.toUpperCase()]));
    expect(commit.contains).toEqual({ [BUG.toUpperCase()]: true });
  });

  it("accepts the repository as a URL or in another case", async () => {
    for (const repo of ["eleutherai/deeperspeed", "https://github.com/EleutherAI/DeeperSpeed.git"]) {
      expect(commitOf(await resolver.resolve(repo, "v3.0", [])).sha).toBe(V3);
    }
  });

  it.each`
    ref                                           | reason
    ${"main"}                                     | ${/main is not a commit or tag .*branch moves/}
    ${"V3.0"}                                     | ${/V3\.0 is not a commit or tag/}
    ${"v4.0"}                                     | ${/v4\.0 is not a commit or tag/}
    ${"91d1c5"}                                   | ${/91d1c5 is not a commit or tag/}
    ${"deadbeefcafe"}                             | ${/commit deadbeefcafe is not in the shipped EleutherAI\/DeeperSpeed table/}
    ${"0000000000000000000000000000000000000000"} | ${/is not in the shipped/}
    ${"91d1c55ba037b5ada99ae14884dff87a4dc5b9ea0"} | ${/is not a commit or tag/}
    ${""}                                         | ${/the ref is empty/}
  `("does not resolve $ref", async ({ ref, reason }: { ref: string; reason: RegExp }) => {
    expect(reasonOf(await resolver.resolve(REPO, ref, [BUG, FIX]))).toMatch(reason);
  });

  it("says which commits an ambiguous prefix matches", async () => {
    const a = "abcdef1000000000000000000000000000000000";
    const b = "abcdef1200000000000000000000000000000000";
    const table: ResolvedCommit[] = [a, b].map((sha) => ({ sha, versionTxt: null, tags: [], contains: {}, via: "table" }));
    const ambiguous = createTableResolver(table);
    expect(reasonOf(await ambiguous.resolve(REPO, "abcdef1", []))).toBe(
      "commit abcdef1 is ambiguous in the EleutherAI/DeeperSpeed table (abcdef10, abcdef12)",
    );
    expect(commitOf(await ambiguous.resolve(REPO, "abcdef12", [])).sha).toBe(b);
  });

  it("does not resolve refs of another repository", async () => {
    expect(reasonOf(await resolver.resolve("microsoft/DeepSpeed", "v0.13.0", []))).toMatch(
      /no offline commit table for microsoft\/DeepSpeed/,
    );
  });

  it("does not let callers change the shipped table through an answer", async () => {
    const first = commitOf(await resolver.resolve(REPO, "v3.0", [BUG]));
    first.tags.push("mutated");
    first.contains[FIX] = false;
    const again = commitOf(await resolver.resolve(REPO, "v3.0", [BUG, FIX]));
    expect(again.tags).toEqual(["v3.0"]);
    expect(again.contains).toEqual({ [BUG]: true, [FIX]: true });
  });
});
