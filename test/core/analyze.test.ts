import { analyze } from "../../src/core/analyze.js";
import { memoryWorkspace } from "../../src/core/memory-workspace.js";
import type { Workspace } from "../../src/core/model/index.js";

const TODAY = "2026-11-27";

/** A whole bf16 fine-tuning run (the NXC101 case when DeepSpeed is affected). */
const RUN = [
  "num_layers: 2",
  "hidden_size: 64",
  "num_attention_heads: 4",
  "seq_length: 128",
  "max_position_embeddings: 128",
  "train_iters: 100",
  "train_micro_batch_size_per_gpu: 4",
  "optimizer: {type: Adam, params: {lr: 0.0006}}",
  "zero_optimization: {stage: 1}",
  "precision: bfloat16",
  "load: checkpoints/pretrained",
  "finetune: true",
  "",
].join("\n");
const FINETUNE_LINE = 12;

function counting(files: Record<string, string>): { ws: Workspace; reads: Map<string, number> } {
  const inner = memoryWorkspace(files);
  const reads = new Map<string, number>();
  return {
    reads,
    ws: {
      list: () => inner.list(),
      read: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inner.read(path);
      },
    },
  };
}

describe("analyze", () => {
  it("reads each file of a snapshot at most once, suppression comments included", async () => {
    const { ws, reads } = counting({
      "configs/run.yml": RUN.replace(
        "finetune: true",
        "finetune: true  # neox-check: ignore NXC101 -- reviewed",
      ),
      "requirements.txt": "deepspeed==0.12.6\n",
      "README.md": "not read\n",
    });
    const report = await analyze(ws, { today: TODAY });
    expect(report.findings.find((f) => f.ruleId === "NXC101")?.suppressed?.reason).toBe("reviewed");
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(reads.has("README.md")).toBe(false);
  });

  it("classifies findings against a base as new, existing or fixed", async () => {
    const base = memoryWorkspace({
      "configs/run.yml": RUN,
      "requirements.txt": "deepspeed==0.12.6\nnumpy<1.22\n",
    });
    const head = memoryWorkspace({
      "configs/run.yml": RUN,
      "requirements.txt": "deepspeed==0.12.6\nnumpy>=1.22\n",
    });
    const report = await analyze(head, { today: TODAY, base });
    const nxc101 = report.findings.filter((f) => f.ruleId === "NXC101");
    expect(nxc101.map((f) => f.status)).toEqual(["existing"]);
    expect(report.compared).toBe(true);
    // An inherited error does not fail the default scope (new).
    expect(report.failed).toBe(false);

    const fixedHead = memoryWorkspace({ "configs/run.yml": RUN, "requirements.txt": "deepspeed==0.13.0\n" });
    const fixed = await analyze(fixedHead, { today: TODAY, base });
    expect(fixed.findings.filter((f) => f.ruleId === "NXC101").map((f) => f.status)).toEqual(["fixed"]);
    expect(fixed.failed).toBe(false);

    const cleanBase = memoryWorkspace({ "configs/run.yml": RUN, "requirements.txt": "deepspeed==0.13.0\n" });
    const introduced = await analyze(head, { today: TODAY, base: cleanBase });
    const added = introduced.findings.find((f) => f.ruleId === "NXC101");
    expect(added).toMatchObject({
      status: "new",
      severity: "error",
      location: { path: "configs/run.yml", line: FINETUNE_LINE },
    });
    expect(introduced.failed).toBe(true);
  });

  it.each([
    ["error", "new", false],
    ["error", "all", true],
    ["never", "all", false],
  ] as const)("fail_on %s with scope %s fails an inherited error: %s", async (failOn, scope, failed) => {
    const files = { "configs/run.yml": RUN, "requirements.txt": "deepspeed==0.12.6\n" };
    const report = await analyze(
      memoryWorkspace({ ...files, ".github/neox-check.yml": `fail_on: ${failOn}\nscope: ${scope}\n` }),
      { today: TODAY, base: memoryWorkspace(files) },
    );
    expect(report.failed).toBe(failed);
  });

  it("applies config ignore entries by rule and path glob, and keeps the finding as suppressed", async () => {
    const config = "ignore:\n  - rule: NXC101\n    path: configs/**\n    reason: cluster image has 0.13.1\n";
    const report = await analyze(
      memoryWorkspace({
        "configs/run.yml": RUN,
        "requirements.txt": "deepspeed==0.12.6\n",
        ".github/neox-check.yml": config,
      }),
      { today: TODAY },
    );
    const finding = report.findings.find((f) => f.ruleId === "NXC101");
    expect(finding?.suppressed).toEqual({ by: "config", reason: "cluster image has 0.13.1", at: null });
    expect(report.failed).toBe(false);
  });

  it("honours --fail-on over the repo config", async () => {
    const files = { "configs/run.yml": RUN, "requirements.txt": "deepspeed==0.12.6\n" };
    expect((await analyze(memoryWorkspace(files), { today: TODAY, failOn: "never" })).failed).toBe(false);
    expect((await analyze(memoryWorkspace(files), { today: TODAY })).failed).toBe(true);
  });
});
