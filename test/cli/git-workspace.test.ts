import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { GitError, mergeBase, repoPrefix } from "../../src/cli/git.js";
import { createGitWorkspace } from "../../src/cli/git-workspace.js";
import { gitIn, makeTree, removeTree, writeTree } from "./helpers.js";

describe("createGitWorkspace", () => {
  let repo = "";
  let first = "";
  let second = "";

  beforeAll(async () => {
    repo = await makeTree({
      "requirements.txt": "deepspeed==0.13.0\n",
      "configs/a.yml": "finetune: false\n",
      "sub/dir/c.yml": "x: 1\n",
      "node_modules/x/requirements.txt": "deepspeed\n",
      "binary.yml": new Uint8Array([0x61, 0x00]),
      "big.yml": `a: "${"x".repeat(1024 * 1024)}"\n`,
      "odd name, with: colon.yml": "y: 2\n",
    });
    await symlink("requirements.txt", join(repo, "link.txt"));
    await gitIn(repo, ["init", "-q", "-b", "main"]);
    await gitIn(repo, ["add", "-A"]);
    await gitIn(repo, ["commit", "-q", "-m", "first"]);
    first = await gitIn(repo, ["rev-parse", "HEAD"]);
    await gitIn(repo, ["checkout", "-q", "-b", "feature"]);
    await writeTree(repo, { "requirements.txt": "deepspeed==0.12.6\n", "configs/a.yml": "finetune: true\n" });
    await gitIn(repo, ["commit", "-q", "-am", "second"]);
    second = await gitIn(repo, ["rev-parse", "HEAD"]);
  });

  afterAll(async () => {
    await removeTree(repo);
  });

  it("lists the commit's regular files, without links, submodules or skipped directories", async () => {
    expect(await createGitWorkspace({ cwd: repo, commit: first }).list()).toEqual([
      "big.yml",
      "binary.yml",
      "configs/a.yml",
      "odd name, with: colon.yml",
      "requirements.txt",
      "sub/dir/c.yml",
    ]);
  });

  it("reads files as they are at that commit, whatever the working tree holds", async () => {
    await writeTree(repo, { "configs/a.yml": "finetune: maybe\n" });
    expect(await createGitWorkspace({ cwd: repo, commit: first }).read("configs/a.yml")).toBe(
      "finetune: false\n",
    );
    expect(await createGitWorkspace({ cwd: repo, commit: second }).read("configs/a.yml")).toBe(
      "finetune: true\n",
    );
    expect(await createGitWorkspace({ cwd: repo, commit: first }).read("odd name, with: colon.yml")).toBe(
      "y: 2\n",
    );
  });

  it.each(["binary.yml", "big.yml", "link.txt", "missing.yml", "../requirements.txt"])(
    "read(%j) is null",
    async (path) => {
      expect(await createGitWorkspace({ cwd: repo, commit: first }).read(path)).toBeNull();
    },
  );

  it("scopes to a subdirectory with the prefix git gives there", async () => {
    const cwd = join(repo, "sub");
    const prefix = await repoPrefix(cwd);
    expect(prefix).toBe("sub/");
    const ws = createGitWorkspace({ cwd, commit: first, prefix });
    expect(await ws.list()).toEqual(["dir/c.yml"]);
    expect(await ws.read("dir/c.yml")).toBe("x: 1\n");
  });

  it("finds the merge base, and refuses refs that are not refs", async () => {
    expect(await mergeBase(repo, "main")).toBe(first);
    await expect(mergeBase(repo, "no-such-branch")).rejects.toThrow(
      new GitError("unknown git ref: no-such-branch", ""),
    );
    await expect(mergeBase(repo, "--output=/tmp/x")).rejects.toThrow(GitError);
  });
});
