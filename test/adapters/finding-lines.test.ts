import { readFindingLines } from "../../src/adapters/finding-lines.js";
import type { Workspace } from "../../src/core/model/index.js";
import { cleanReportFixture, finding, span } from "../fixtures/report.js";

/** A workspace over a map that records every path read. */
function recordingWorkspace(files: Record<string, string>): { ws: Workspace; reads: string[] } {
  const reads: string[] = [];
  const ws: Workspace = {
    list: async () => Object.keys(files),
    read: async (path) => {
      reads.push(path);
      return files[path] ?? null;
    },
  };
  return { ws, reads };
}

const base = { ruleName: "r", severity: "error" as const, message: "m" };

describe("readFindingLines", () => {
  it("reads each file a finding or its fix points at once, and not the files of fixed findings", async () => {
    const { ws, reads } = recordingWorkspace({
      "a.yml": "one\ntwo\n",
      "req.txt": "deepspeed==0.12.6\r\ntorch\r\n",
      "gone.yml": "x",
    });
    const report = {
      ...cleanReportFixture,
      findings: [
        finding({
          ...base,
          ruleId: "NXC1",
          fingerprint: "f1",
          location: span("a.yml", 2, 1, 4),
          fix: { description: "d", edits: [{ span: span("req.txt", 1, 12, 18), replacement: "0.13.0" }] },
        }),
        finding({ ...base, ruleId: "NXC2", fingerprint: "f2", location: span("a.yml", 1, 1, 4) }),
        finding({
          ...base,
          ruleId: "NXC3",
          fingerprint: "f3",
          location: span("gone.yml", 1, 1, 2),
          status: "fixed",
        }),
      ],
    };
    const lineText = await readFindingLines(ws, report);
    expect(reads.sort()).toEqual(["a.yml", "req.txt"]);
    expect(lineText("a.yml", 2)).toBe("two");
    // Lines numbered as the parsers number them: CRLF is one break.
    expect(lineText("req.txt", 1)).toBe("deepspeed==0.12.6");
    expect(lineText("req.txt", 2)).toBe("torch");
    expect(lineText("a.yml", 9)).toBeNull();
    expect(lineText("gone.yml", 1)).toBeNull();
  });

  it("knows no line of a file the workspace cannot read", async () => {
    const { ws } = recordingWorkspace({});
    const report = {
      ...cleanReportFixture,
      findings: [
        finding({ ...base, ruleId: "NXC1", fingerprint: "f1", location: span("missing.yml", 1, 1, 2) }),
      ],
    };
    expect((await readFindingLines(ws, report))("missing.yml", 1)).toBeNull();
  });
});
