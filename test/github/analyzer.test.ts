import { AnalysisLimitError, createWorkerAnalyzer } from "../../src/github/analyzer.js";
import type { Workspace } from "../../src/core/model/index.js";

function workspace(files: Record<string, string>): Workspace {
  return { list: async () => Object.keys(files), read: async (path) => files[path] ?? null };
}

const FILES = {
  "configs/finetune.yml":
    "finetune: true\nload: checkpoints/x\nprecision: bfloat16\nbf16: { enabled: true }\n",
  "requirements.txt": "deepspeed==0.12.6\n",
};

describe("createWorkerAnalyzer (worker threads under jest: the .ts worker through tsx)", () => {
  it("analyses in a worker with the same report as in process", async () => {
    const analyzer = createWorkerAnalyzer({ timeoutMs: 60_000, workers: 1 });
    try {
      const { analyze } = await import("../../src/core/analyze.js");
      const options = { base: null, repoConfig: null, today: "2026-01-15" };
      const inWorker = await analyzer.analyze(workspace(FILES), options);
      const inProcess = await analyze(workspace(FILES), options);
      expect(inWorker).toEqual(inProcess);
    } finally {
      await analyzer.close();
    }
  }, 60_000);

  it("kills an analysis over its time limit with AnalysisLimitError", async () => {
    const analyzer = createWorkerAnalyzer({ timeoutMs: 1, workers: 1 });
    try {
      await expect(
        analyzer.analyze(workspace(FILES), { base: null, repoConfig: null, today: "2026-01-15" }),
      ).rejects.toBeInstanceOf(AnalysisLimitError);
    } finally {
      await analyzer.close();
    }
  }, 60_000);

  it("stops a worker over its memory limit with AnalysisLimitError", async () => {
    const analyzer = createWorkerAnalyzer({ timeoutMs: 60_000, maxOldGenerationSizeMb: 4, workers: 1 });
    try {
      await expect(
        analyzer.analyze(workspace(FILES), { base: null, repoConfig: null, today: "2026-01-15" }),
      ).rejects.toThrow(/memory limit|exited/);
    } finally {
      await analyzer.close();
    }
  }, 60_000);
});
