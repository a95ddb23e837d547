import { sameBasenameConfigsRule } from "../../../src/core/rules/same-basename-configs.js";
import { checkInvalid, checkValid } from "../../support/rule-tester.js";

const MODEL = "num_layers: 2\ntrain_iters: 100\n";
const SETUP = "# setup for the cluster\ndata_path: data/enwik8\nvocab_file: v.json\n";

describe("NXC222 same-basename-configs", () => {
  it("flags two files of a declared set with the same name, on the second", async () => {
    const findings = await checkInvalid(sameBasenameConfigsRule, {
      files: { "configs/run/config.yml": MODEL, "configs/cluster/config.yml": SETUP },
      config:
        "config_sets:\n  - name: run\n    files: [configs/run/config.yml, configs/cluster/config.yml]\n",
      errors: [
        {
          messageId: "clash",
          severity: "error",
          certainty: "certain",
          path: "configs/cluster/config.yml",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 2,
        },
      ],
    });
    expect(findings[0]?.message).toContain('`config.yml` is passed to NeoX twice in config set "run"');
    expect(findings[0]?.related.map((r) => [r.label, r.location.path, r.location.line])).toEqual([
      ["first file with this name", "configs/run/config.yml", 1],
    ]);
  });

  it("names every file of a three-way clash", async () => {
    const findings = await checkInvalid(sameBasenameConfigsRule, {
      files: { "a/x.yml": MODEL, "b/x.yml": SETUP, "c/x.yml": "log_interval: 10\nsteps_per_print: 10\n" },
      config: "config_sets:\n  - files: [a/x.yml, b/x.yml, c/x.yml]\n",
      errors: [
        {
          messageId: "clash",
          severity: "error",
          certainty: "certain",
          path: "b/x.yml",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 2,
        },
      ],
    });
    expect(findings[0]?.related.map((r) => r.label)).toEqual(["first file with this name", "also this name"]);
  });

  it.each([
    [
      "a declared set with distinct names",
      { "a/model.yml": MODEL, "a/setup.yml": SETUP },
      "config_sets:\n  - files: [a/model.yml, a/setup.yml]\n",
    ],
    [
      "the same name in two different sets",
      { "a/config.yml": MODEL, "b/config.yml": MODEL },
      "config_sets:\n  - files: [a/config.yml]\n  - files: [b/config.yml]\n",
    ],
    [
      "same-named files that are not passed together",
      { "a/config.yml": MODEL, "b/config.yml": MODEL },
      undefined,
    ],
  ])("does not flag %s", async (_name, files, config) => {
    await checkValid(sameBasenameConfigsRule, { files, ...(config === undefined ? {} : { config }) });
  });
});
