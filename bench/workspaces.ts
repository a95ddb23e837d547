/**
 * Workspaces for the analysis measurements: the inputs copied `k` times (configs only: the dependency
 * files stay one set, so the work that grows is one config checked against the same pins), and the
 * inputs with thousands of files neox-check has no reason to read.
 */
import { isCandidatePath } from "../src/core/analyze.js";
import { memoryWorkspace } from "../src/core/memory-workspace.js";
import type { Workspace } from "../src/core/model/index.js";
import type { BenchInputs } from "./inputs.js";
import { plainParse } from "./plain-parse.js";

/** The configs `copies` times (`copy-2/configs/...` and so on) and the dependency files once. */
export function copiedFiles(inputs: BenchInputs, copies: number): Record<string, string> {
  const files: Record<string, string> = { ...inputs.deps };
  for (let i = 1; i <= copies; i += 1) {
    for (const [path, text] of Object.entries(inputs.configs)) {
      files[i === 1 ? path : `copy-${i}/${path}`] = text;
    }
  }
  return files;
}

/** `count` files of the kinds a training repository is full of (Python, docs, data, scripts), none a config or pin. */
export function irrelevantFiles(count: number): Record<string, string> {
  const kinds: Array<(i: number) => [path: string, text: string]> = [
    (i) => [`megatron/model/layer_${i}.py`, `import torch\n\nLAYER = ${i}\n`],
    (i) => [`docs/pages/page-${i}.md`, `# Page ${i}\n\nSome documentation.\n`],
    (i) => [`data/shards/shard-${i}.jsonl`, `{"text": "document ${i}"}\n`],
    (i) => [`tools/run_${i}.sh`, `#!/bin/sh\necho ${i}\n`],
    (i) => [`tests/unit/test_${i}.py`, `def test_${i}():\n    assert True\n`],
  ];
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    const make = kinds[i % kinds.length];
    if (!make) continue;
    const [path, text] = make(i);
    files[path] = text;
  }
  return files;
}

/** The baseline of a whole analysis: list, keep the candidate paths, read each, parse it plainly. */
export async function readAndPlainParse(ws: Workspace): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const path of (await ws.list()).filter(isCandidatePath)) {
    const text = await ws.read(path);
    if (text !== null) out.push(plainParse(path, text));
  }
  return out;
}

export { memoryWorkspace };
