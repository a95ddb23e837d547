import { parseVcsUrl, refKindOf, repoOf } from "../../../../../src/core/parse/deps/requirement/vcs.js";

describe("VCS URLs", () => {
  it.each([
    [
      "https://github.com/EleutherAI/DeeperSpeed.git",
      { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    ],
    [
      "https://GitHub.com/EleutherAI/DeeperSpeed/",
      { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    ],
    [
      "git://github.com/EleutherAI/DeeperSpeed.git",
      { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    ],
    [
      "ssh://git@github.com:22/EleutherAI/DeeperSpeed.git",
      { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    ],
    ["https://user:token@github.com/o/r", { host: "github.com", owner: "o", name: "r" }],
    [
      "git@github.com:EleutherAI/DeeperSpeed.git",
      { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    ],
    ["https://gitlab.com/group/sub/repo.git", null],
    ["file:///srv/repo", null],
    ["not a url", null],
  ])("repoOf(%s)", (url, repo) => {
    expect(repoOf(url)).toEqual(repo);
  });

  it.each([
    ["91d1c55ba037b5ada99ae14884dff87a4dc5b9ea", "commit"],
    ["91d1c55", "commit"],
    ["ABCDEF0", "commit"],
    ["91d1c5", "name"],
    ["v3.0", "name"],
    ["main", "name"],
    ["deadbeefdeadbeefdeadbeefdeadbeefdeadbeef0", "name"],
    [null, null],
  ])("refKindOf(%s) is %s", (ref, kind) => {
    expect(refKindOf(ref)).toBe(kind);
  });

  it("takes the ref after the last `@` of the path, never from the user part", () => {
    const parsed = parseVcsUrl("git+ssh://git@github.com/o/r.git@v1?x=1#egg=r&subdirectory=py");
    expect(parsed).toEqual({
      ok: true,
      value: {
        vcs: "git",
        url: "ssh://git@github.com/o/r.git?x=1",
        ref: "v1",
        refRange: { start: 33, end: 35 },
        egg: "r",
        eggRange: { start: 44, end: 45 },
        subdirectory: "py",
        repo: { host: "github.com", owner: "o", name: "r" },
      },
    });
    expect(parseVcsUrl("git+ssh://git@github.com/o/r.git")).toMatchObject({ ok: true, value: { ref: null } });
  });

  it("rejects an empty ref at its `@`", () => {
    expect(parseVcsUrl("git+https://github.com/o/r.git@#egg=r")).toMatchObject({
      ok: false,
      range: { start: 30, end: 31 },
    });
  });
});
