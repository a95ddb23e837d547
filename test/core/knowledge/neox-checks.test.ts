import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildNeoxChecksModule,
  NEOX_CHECKS_GENERATED_PATH,
  readNeoxChecks,
} from "../../../scripts/gen-neox-checks.js";
import { neoxCheckState } from "../../../src/core/rules/support/neox-checks.js";
import { neoxEnvironment } from "../../../src/core/environment/neox-environment.js";
import { readNeoxArgsFromSource, shippedNeoxArgs } from "../../../src/core/parse/neox-args.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("knowledge/neox-checks.yml", () => {
  it("is what the generated module holds (run `npm run gen:neox-checks` after editing it)", async () => {
    const expected = await buildNeoxChecksModule(root);
    expect(await readFile(path.join(root, NEOX_CHECKS_GENERATED_PATH), "utf8")).toBe(expected);
  });

  it("names config rules and dates every removal after its addition", async () => {
    const docs = await Promise.all(
      (await readNeoxChecks(root)).map(async (check) => {
        if (check.removed !== null) expect(check.removed.date > check.added.date).toBe(true);
        return check.rules;
      }),
    );
    for (const rule of docs.flat()) expect(rule).toMatch(/^NXC2\d\d$/);
  });
});

describe("neoxCheckState", () => {
  const args = readNeoxArgsFromSource([
    {
      path: "megatron/neox_arguments/neox_args.py",
      text: "class NeoXArgsModel(NeoXArgsTemplate):\n    checkpoint_factor: int = None\n    mlp_type: str = None\n",
    },
  ]);
  if (args === null) throw new Error("no arguments read");

  it("takes the repository's own code first: present, absent (commented out), or unknown without the file", () => {
    const env = neoxEnvironment(args, [
      {
        path: "megatron/neox_arguments/arguments.py",
        text: 'x = "MoE not supported with pipeline parallelism"\n# "MoE is not compatible with zero stages 2 and 3"\n',
      },
    ]);
    expect(neoxCheckState(env, undefined, "moe-pipeline").state).toBe("present");
    expect(neoxCheckState(env, undefined, "moe-zero-2-3").state).toBe("absent");
    // The exit lives in training.py, which was not read; the tree has mlp_type (2023-05) but not
    // num_kv_heads (2024-02), so it predates gpt-neox#1275 (2024-09).
    expect(env.checks["zero-2-3-parallelism-exit"]).toBeUndefined();
    expect(neoxCheckState(env, undefined, "zero-2-3-parallelism-exit").state).toBe("absent");
  });

  it("judges a repository without NeoX code by `assume.neox`, else calls a versioned check unknown", () => {
    const env = neoxEnvironment(shippedNeoxArgs(), []);
    expect(neoxCheckState(env, "head", "moe-zero-2-3").state).toBe("present");
    expect(neoxCheckState(env, "head", "moe-pipeline").state).toBe("absent");
    expect(neoxCheckState(env, "v1.0", "save-requires-checkpoint-factor").state).toBe("present");
    expect(neoxCheckState(env, "v1.0", "moe-zero-2-3").state).toBe("absent");
    const unknown = neoxCheckState(env, undefined, "moe-zero-2-3");
    expect(unknown.state).toBe("unknown");
    if (unknown.state === "unknown") expect(unknown.certainty.detail).toContain("assume.neox");
    // Checks every NeoX since v1.0 has are present without knowing the version.
    expect(neoxCheckState(env, undefined, "max-position-embeddings").state).toBe("present");
  });
});
