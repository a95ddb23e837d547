import type { Workspace } from "../../src/core/model/index.js";
import { rememberReads } from "../../src/cli/remember-reads.js";

/** An in-memory workspace that counts how often each path is read. */
function countingWorkspace(files: Record<string, string>): { ws: Workspace; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const ws: Workspace = {
    list: () => Promise.resolve(Object.keys(files).sort()),
    read(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return Promise.resolve(files[path] ?? null);
    },
  };
  return { ws, reads };
}

describe("rememberReads", () => {
  it("reads each path from the workspace once, however often and however concurrently it is asked", async () => {
    const { ws, reads } = countingWorkspace({ "a.yml": "finetune: true\n" });
    const cached = rememberReads(ws);
    const first = await Promise.all([cached.read("a.yml"), cached.read("a.yml")]);
    const again = await cached.read("a.yml");
    expect([...first, again]).toEqual(["finetune: true\n", "finetune: true\n", "finetune: true\n"]);
    expect(reads.get("a.yml")).toBe(1);
  });

  it("remembers a missing file as null, and lists what the workspace lists", async () => {
    const { ws, reads } = countingWorkspace({ "b.txt": "deepspeed==0.12.6\n" });
    const cached = rememberReads(ws);
    expect(await cached.read("missing.yml")).toBeNull();
    expect(await cached.read("missing.yml")).toBeNull();
    expect(reads.get("missing.yml")).toBe(1);
    expect(await cached.list()).toEqual(["b.txt"]);
  });
});
