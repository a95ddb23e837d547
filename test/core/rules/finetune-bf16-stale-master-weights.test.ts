import { loadKnowledge } from "../../../src/core/knowledge/index.js";
import { finetuneBf16StaleMasterWeightsRule as rule } from "../../../src/core/rules/finetune-bf16-stale-master-weights.js";
import { brief, checkInvalid, checkValid } from "../../support/rule-tester.js";

/** A whole run: the given lines, then a model shape. */
function whole(...lines: string[]): string {
  return [
    ...lines,
    "num_layers: 2",
    "hidden_size: 64",
    "num_attention_heads: 4",
    "max_position_embeddings: 128",
    "seq_length: 128",
    "train_iters: 100",
    "",
  ].join("\n");
}

const BF16_FINETUNE = whole("finetune: true", "load: checkpoints/base", "bf16:", "  enabled: true");
const AFFECTED_SHA = "22fda1e0ee462c2b411575dc954cc8a29d78a7b2";
// The nearest commit after the pinned one that the table knows is fixed (2023-11), not the 2025 v3.0.
/** DeeperSpeed v3.0, the advisory's fork commit. */
const V3 = "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea";
const FIXED_SHA = "a48c6493f1fc6a1652723ab5542f7703be6f03a5";

describe("NXC101 flagged", () => {
  it("errs on finetune + load + bf16 with deepspeed==0.12.6, explaining and fixing it", async () => {
    const [f] = await checkInvalid(rule, {
      files: { "configs/ft.yml": BF16_FINETUNE, "requirements.txt": "torch\ndeepspeed==0.12.6\n" },
      output: { "requirements.txt": "torch\ndeepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(f?.advisory).toBe("NXA-2026-0001");
    expect(f?.message).toContain("deepspeed==0.12.6 (0.12.6 is inside [0.10.2, 0.13.0))");
    expect(f?.message).toMatch(/step 0 .* loss jumps/);
    expect(f?.message).toContain("gpt-neox#1121");
    expect(f?.message).toContain("DeepSpeed#4141");
    expect(f?.related.map((r) => [r.label, r.location.path, r.location.line])).toEqual([
      ["loads a checkpoint here", "configs/ft.yml", 2],
      ["bf16 enabled here", "configs/ft.yml", 4],
      ["pinned here", "requirements.txt", 2],
    ]);
    expect(f?.fix?.edits).toEqual([
      {
        span: { path: "requirements.txt", line: 2, column: 10, endLine: 2, endColumn: 18 },
        replacement: "==0.13.0",
      },
    ]);
    expect(f?.fix?.description).toMatch(/^Require `deepspeed==0\.13\.0` \(or `deepspeed==0\.10\.0`\)\./);
  });

  it.each`
    name                           | config                                                                                                                                                                                                                       | line | column | endColumn
    ${"no-load-optim, hyphenated"} | ${whole("no-load-optim: true", "load: ckpt", "precision: bfloat16")}                                                                                                                                                         | ${1} | ${16}  | ${20}
    ${"JSON-style flow mapping"}   | ${'{\n  "finetune": True,\n  "load": "ckpt",\n  "bf16": {"enabled": true},\n  "num_layers": 2, "hidden_size": 64,\n  "num_attention_heads": 4, "max_position_embeddings": 128, "seq_length": 128, "train_iters": 100,\n}\n'} | ${2} | ${15}  | ${19}
    ${"bf16 with ZeRO 2"}          | ${whole("finetune: true", "load: ckpt", "bf16: {enabled: true}", "zero_optimization: {stage: 2}")}                                                                                                                           | ${1} | ${11}  | ${15}
  `("errs for $name", async ({ config, line, column, endColumn }) => {
    await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": "deepspeed==0.11.0\n" },
      output: { "requirements.txt": "deepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "c.yml",
          line: line as number,
          column: column as number,
          endLine: line as number,
          endColumn: endColumn as number,
        },
      ],
    });
  });

  it("errs on an affected DeeperSpeed commit and suggests a fixed one", async () => {
    const [f] = await checkInvalid(rule, {
      files: {
        "configs/ft.yml": BF16_FINETUNE,
        "requirements/requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${AFFECTED_SHA}#egg=deepspeed\n`,
      },
      output: {
        "requirements/requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${FIXED_SHA}#egg=deepspeed\n`,
      },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(f && brief(f)).toMatchObject({ messageId: "affected", severity: "error", certainty: "certain" });
    expect(f?.message).toContain("DeeperSpeed @ 22fda1e0");
    expect(f?.fix?.edits.map((e) => e.replacement.replace("@", ""))).toEqual([FIXED_SHA]);
  });

  it("reports each affected pin when every install path is affected", async () => {
    const findings = await checkInvalid(rule, {
      files: {
        "configs/ft.yml": BF16_FINETUNE,
        "requirements.txt": "deepspeed==0.12.6\n",
        "requirements-dev.txt": "deepspeed==0.10.3\n",
      },
      output: { "requirements.txt": "deepspeed==0.13.0\n", "requirements-dev.txt": "deepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.related.at(-1)?.location.path]).sort()).toEqual([
      ["error", "requirements-dev.txt"],
      ["error", "requirements.txt"],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it("warns once, naming both sides, when the install paths disagree", async () => {
    const findings = await checkInvalid(rule, {
      files: {
        "configs/ft.yml": BF16_FINETUNE,
        "requirements.txt": "deepspeed==0.12.6\n",
        "requirements-dev.txt": "deepspeed==0.10.3\n",
        "requirements-ci.txt": "deepspeed==0.13.0\n",
      },
      // The warning's fix moves the pin it names (requirements-dev.txt), not every affected one.
      output: { "requirements-dev.txt": "deepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    const detail = findings[0]?.certainty.detail ?? "";
    expect(detail).toContain("the install paths disagree");
    expect(detail).toContain("`requirements-ci.txt` installs deepspeed==0.13.0 (not affected)");
    expect(detail).toContain("`requirements.txt` installs deepspeed==0.12.6 (affected)");
  });

  it("lets assume.deepspeed settle install paths that disagree", async () => {
    const findings = await checkInvalid(rule, {
      files: {
        "configs/ft.yml": BF16_FINETUNE,
        "requirements.txt": "deepspeed==0.12.6\n",
        "requirements-ci.txt": "deepspeed==0.13.0\n",
      },
      config: "assume:\n  deepspeed: 0.12.6\n",
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings.map((f) => [f.severity, f.certainty.level])).toEqual([["error", "certain"]]);
  });

  it("judges the merged config set, pointing into the file that sets the flag", async () => {
    await checkInvalid(rule, {
      files: {
        "configs/model.yml": whole("bf16:", "  enabled: true"),
        "configs/finetune.yml": "load: checkpoints/base\nfinetune: true\ntrain_iters: 100\n",
        "requirements.txt": "deepspeed==0.12.6\n",
      },
      config: "config_sets:\n  - files: [configs/model.yml, configs/finetune.yml]\n",
      output: { "requirements.txt": "deepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/finetune.yml",
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 15,
        },
      ],
    });
  });

  it("takes assume.deepspeed as what the cluster runs when nothing is pinned", async () => {
    const findings = await checkInvalid(rule, {
      files: { "configs/ft.yml": BF16_FINETUNE },
      config: 'assume:\n  deepspeed: "0.12.6"\n',
      errors: [
        {
          messageId: "affected",
          severity: "error",
          certainty: "certain",
          path: "configs/ft.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings[0]?.message).toContain("assume.deepspeed 0.12.6");
  });

  it("marks fp32 with ZeRO as inferred, never certain", async () => {
    const findings = await checkInvalid(rule, {
      files: {
        "c.yml": whole("finetune: true", "load: ckpt", "zero_optimization:", "  stage: 2"),
        "requirements.txt": "deepspeed==0.12.6\n",
      },
      output: { "requirements.txt": "deepspeed==0.13.0\n" },
      errors: [
        {
          messageId: "fp32Zero",
          severity: "warning",
          certainty: "inferred",
          path: "c.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toMatch(/^fp32 with ZeRO stage 1 or 2 is likely affected/);
  });
});

describe("NXC101 near misses", () => {
  it.each`
    name                                | config                                                                 | requirements
    ${"fp16"}                           | ${whole("finetune: true", "load: ckpt", "fp16:", "  enabled: true")}   | ${"deepspeed==0.12.6"}
    ${"finetune commented out"}         | ${whole("# finetune: true", "load: ckpt", "bf16:", "  enabled: true")} | ${"deepspeed==0.12.6"}
    ${"finetune false"}                 | ${whole("finetune: false", "load: ckpt", "bf16:", "  enabled: true")}  | ${"deepspeed==0.12.6"}
    ${"finetune as a string"}           | ${whole('finetune: "yes"', "load: ckpt", "bf16:", "  enabled: true")}  | ${"deepspeed==0.12.6"}
    ${"no load in a whole run"}         | ${whole("finetune: true", "bf16:", "  enabled: true")}                 | ${"deepspeed==0.12.6"}
    ${"load written null"}              | ${whole("finetune: true", "load: null", "bf16:", "  enabled: true")}   | ${"deepspeed==0.12.6"}
    ${"fp32 without ZeRO"}              | ${whole("finetune: true", "load: ckpt", "precision: fp32")}            | ${"deepspeed==0.12.6"}
    ${"fixed release"}                  | ${BF16_FINETUNE}                                                       | ${"deepspeed==0.13.0"}
    ${"last good release"}              | ${BF16_FINETUNE}                                                       | ${"deepspeed==0.10.1"}
    ${"a range of fixed releases"}      | ${BF16_FINETUNE}                                                       | ${"deepspeed>=0.13,<0.15"}
    ${"DeeperSpeed v3.0"}               | ${BF16_FINETUNE}                                                       | ${"deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0"}
    ${"unknown pin next to a good one"} | ${BF16_FINETUNE}                                                       | ${"deepspeed\ndeepspeed==0.13.0"}
  `("says nothing for $name", async ({ config, requirements }) => {
    await checkValid(rule, { files: { "c.yml": config, "requirements.txt": `${requirements}\n` } });
  });

  it("says nothing when assume says the cluster runs a fixed release", async () => {
    await checkValid(rule, {
      files: { "c.yml": BF16_FINETUNE, "requirements.txt": "deepspeed\n" },
      config: 'assume:\n  deepspeed: "0.13.1"\n',
    });
  });

  it("stays quiet on an unpinned DeepSpeed when the option says so", async () => {
    await checkValid(rule, {
      files: { "c.yml": BF16_FINETUNE, "requirements.txt": "deepspeed\n" },
      config: "rules:\n  NXC101:\n    options:\n      unpinned: quiet\n",
    });
  });
});

describe("NXC101 unknowns", () => {
  it.each`
    name                                  | config                                                                                             | requirements                                                         | detail                                                           | fixed
    ${"range allowing affected releases"} | ${BF16_FINETUNE}                                                                                   | ${"deepspeed>=0.10"}                                                 | ${"`>=0.10` allows affected releases 0.10.2–0.12.6"}             | ${"deepspeed>=0.13.0"}
    ${"bare deepspeed"}                   | ${BF16_FINETUNE}                                                                                   | ${"deepspeed"}                                                       | ${"not pinned: the version installed depends on when and where"} | ${null}
    ${"DeeperSpeed without a commit"}     | ${BF16_FINETUNE}                                                                                   | ${"git+https://github.com/EleutherAI/DeeperSpeed.git#egg=deepspeed"} | ${"follows DeeperSpeed main"}                                    | ${null}
    ${"fragment without load"}            | ${"finetune: true\nbf16:\n  enabled: true\ntrain_iters: 100\n"}                                    | ${"deepspeed==0.12.6"}                                               | ${"`load` is not set in this file"}                              | ${"deepspeed==0.13.0"}
    ${"fragment without precision"}       | ${"finetune: true\nload: ckpt\ntrain_iters: 100\n"}                                                | ${"deepspeed==0.12.6"}                                               | ${"neither `precision` nor `bf16`/`fp16` is set in this file"}   | ${"deepspeed==0.13.0"}
    ${"bf16 with ZeRO stage 3"}           | ${whole("finetune: true", "load: ckpt", "bf16: {enabled: true}", "zero_optimization: {stage: 3}")} | ${"deepspeed==0.12.6"}                                               | ${"whether ZeRO stage 3 is affected"}                            | ${"deepspeed==0.13.0"}
  `("warns, naming what is unknown, for $name", async ({ config, requirements, detail, fixed }) => {
    const findings = await checkInvalid(rule, {
      files: { "c.yml": config, "requirements.txt": `${requirements}\n` },
      ...(fixed === null ? {} : { output: { "requirements.txt": `${fixed as string}\n` } }),
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "c.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(findings[0]?.certainty.detail).toContain(detail);
    expect(findings[0]?.message).toContain("Not established:");
  });

  it("names the missing requirement and the assume key when nothing pins DeepSpeed", async () => {
    const [f] = await checkInvalid(rule, {
      files: { "c.yml": BF16_FINETUNE },
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "c.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(f && brief(f)).toMatchObject({ messageId: "unknown", severity: "warning", certainty: "unknown" });
    expect(f?.certainty.detail).toContain(
      "no DeepSpeed requirement found in this repository (set `assume.deepspeed` in .github/neox-check.yml)",
    );
    expect(f?.related).toEqual([
      expect.objectContaining({ label: "loads a checkpoint here" }),
      expect.objectContaining({ label: "bf16 enabled here" }),
    ]);
  });

  it("names an unknown DeeperSpeed commit's reason and suggests the advisory's fork commit", async () => {
    const [f] = await checkInvalid(rule, {
      files: {
        "c.yml": BF16_FINETUNE,
        "requirements.txt":
          "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@0123456789abcdef\n",
      },
      output: {
        "requirements.txt": `deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${V3}\n`,
      },
      errors: [
        {
          messageId: "unknown",
          severity: "warning",
          certainty: "unknown",
          path: "c.yml",
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 15,
        },
      ],
    });
    expect(f?.certainty.detail).toContain(
      "commit 0123456789abcdef is not in the shipped EleutherAI/DeeperSpeed table",
    );
    // Nothing places an unknown commit in time, so the advisory's own `fix.fork_commit` is suggested.
    const fork = loadKnowledge().advisory("NXA-2026-0001").fix.fork_commit;
    expect(f?.fix?.edits.map((e) => e.replacement.replace("@", ""))).toEqual([fork]);
  });
});
