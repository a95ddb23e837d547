import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { createFsWorkspace, readCapped } from "../../src/cli/fs-workspace.js";
import { MAX_TEXT_BYTES } from "../../src/core/parse/decode-text.js";
import { pathFilter } from "../../src/cli/limits.js";
import { makeTree, removeTree } from "./helpers.js";

describe("createFsWorkspace", () => {
  let root = "";
  let outside = "";

  beforeAll(async () => {
    outside = await makeTree({ "secret.yml": "finetune: true\n" });
    root = await makeTree({
      "configs/a.yml": "finetune: true\n",
      "configs/nested/b.yml": "\ufeffbf16:\n  enabled: true\n",
      "requirements.txt": "deepspeed==0.12.6\n",
      ".git/config": "[core]\n",
      "node_modules/x/requirements.txt": "deepspeed\n",
      ".venv/lib/requirements.txt": "deepspeed\n",
      "big.yml": `a: "${"x".repeat(1024 * 1024)}"\n`,
      "binary.yml": new Uint8Array([0x61, 0x3a, 0x00, 0x62]),
      "a|b<img src=x>`@org team.yml": "x: 1\n",
    });
    await symlink(join(outside, "secret.yml"), join(root, "configs/outside.yml"));
    await symlink(join(root, "requirements.txt"), join(root, "configs/inside-link.txt"));
    await symlink(outside, join(root, "linked-dir"));
    await symlink(join(root, "missing.yml"), join(root, "dangling.yml"));
    await mkdir(join(root, "empty-dir"));
  });

  afterAll(async () => {
    await removeTree(root);
    await removeTree(outside);
  });

  it("lists regular files and links to files inside the root, sorted, skipping .git, node_modules and .venv", async () => {
    expect(await createFsWorkspace(root).list()).toEqual([
      "a|b<img src=x>`@org team.yml",
      "big.yml",
      "binary.yml",
      "configs/a.yml",
      "configs/inside-link.txt",
      "configs/nested/b.yml",
      "requirements.txt",
    ]);
  });

  it.each<[string, string | null]>([
    ["configs/a.yml", "finetune: true\n"],
    ["configs/nested/b.yml", "bf16:\n  enabled: true\n"],
    ["a|b<img src=x>`@org team.yml", "x: 1\n"],
    ["configs/inside-link.txt", "deepspeed==0.12.6\n"],
    ["big.yml", null],
    ["binary.yml", null],
    ["configs/outside.yml", null],
    ["linked-dir/secret.yml", null],
    ["../" + "secret.yml", null],
    ["configs/../requirements.txt", null],
    ["/etc/passwd", null],
    ["missing.yml", null],
    ["dangling.yml", null],
    ["empty-dir", null],
    ["", null],
  ])("read(%j)", async (path, expected) => {
    expect(await createFsWorkspace(root).read(path)).toBe(expected);
  });

  it("keeps only the files a filter accepts, for list and read", async () => {
    const ws = createFsWorkspace(root, { filter: pathFilter(["configs"], ["requirements.txt"]) });
    expect(await ws.list()).toEqual([
      "configs/a.yml",
      "configs/inside-link.txt",
      "configs/nested/b.yml",
      "requirements.txt",
    ]);
    expect(await ws.read("big.yml")).toBeNull();
    expect(await ws.read("configs/a.yml")).toBe("finetune: true\n");
  });
});

describe("pathFilter", () => {
  it.each<[string[] | null, string, boolean]>([
    [null, "anything", true],
    [["configs"], "configs/a.yml", true],
    [["configs"], "configs-old/a.yml", false],
    [["configs/a.yml"], "configs/a.yml", true],
    [["configs/a.yml"], "configs/a.yml.bak", false],
    [[""], "x/y", true],
    [["configs"], ".github/neox-check.yml", true],
  ])("%j accepts %j: %s", (limits, path, expected) => {
    expect(pathFilter(limits, [".github/neox-check.yml"])(path)).toBe(expected);
  });
});

describe("readCapped", () => {
  let dir = "";
  const small = "finetune: true\n".repeat(100);

  beforeAll(async () => {
    dir = await makeTree({ "small.yml": small, "huge.yml": "x".repeat(MAX_TEXT_BYTES + 5000) });
  });
  afterAll(() => removeTree(dir));

  it("reads the whole file when it is the size stat gave", async () => {
    const bytes = await readCapped(join(dir, "small.yml"), small.length);
    expect(Buffer.from(bytes).toString("utf8")).toBe(small);
  });

  it("reads on when the file grew after stat, up to one byte over the limit", async () => {
    const grown = await readCapped(join(dir, "small.yml"), 10);
    expect(Buffer.from(grown).toString("utf8")).toBe(small);
    // Over the limit: one byte more than allowed, so the caller refuses it.
    expect((await readCapped(join(dir, "huge.yml"), 10)).length).toBe(MAX_TEXT_BYTES + 1);
    expect((await readCapped(join(dir, "huge.yml"), MAX_TEXT_BYTES + 5000)).length).toBe(MAX_TEXT_BYTES + 1);
  });

  it("returns what is there when the file shrank after stat", async () => {
    const bytes = await readCapped(join(dir, "small.yml"), 100_000);
    expect(bytes.length).toBe(small.length);
  });
});
