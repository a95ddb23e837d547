import { loadRepoConfig } from "../../../src/core/engine/load-repo-config.js";
import { defaultRepoConfig, repoConfigSchemaFor } from "../../../src/core/engine/repo-config.js";
import { rules } from "../../../src/core/rules/index.js";

const path = ".github/neox-check.yml";

describe("repo config", () => {
  it("has a default for everything", () => {
    expect(defaultRepoConfig).toEqual({
      rules: {},
      include: ["**"],
      exclude: [],
      config_sets: [],
      ignore: [],
      assume: {},
      fail_on: "error",
      scope: "new",
      on_error: "failure",
    });
    expect(loadRepoConfig({ path, text: "" })).toEqual({ config: defaultRepoConfig, problems: [] });
  });

  it("reads every field", () => {
    const text = [
      "rules:",
      "  NXC204: off",
      "  NXC301: error",
      "  NXC101: { enabled: true, severity: warning, options: { x: 1 } }",
      "include: ['configs/**']",
      "exclude: ['configs/old/**']",
      "config_sets:",
      "  - name: run",
      "    files: [configs/a.yml, configs/b.yml]",
      "ignore:",
      "  - rule: NXC207",
      "    path: configs/pythia/**",
      "    reason: v1.0",
      "    until: 2027-01-31",
      "assume: { deepspeed: '0.13.1', deeperspeed: v3.0, torch: '2.1.0', neox: head }",
      "fail_on: warning",
      "scope: all",
      "on_error: action_required",
    ].join("\n");
    const { config, problems } = loadRepoConfig({ path, text });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      rules: {
        NXC204: "off",
        NXC301: "error",
        NXC101: { enabled: true, severity: "warning", options: { x: 1 } },
      },
      include: ["configs/**"],
      exclude: ["configs/old/**"],
      config_sets: [{ name: "run", files: ["configs/a.yml", "configs/b.yml"] }],
      ignore: [{ rule: "NXC207", path: "configs/pythia/**", reason: "v1.0", until: "2027-01-31" }],
      assume: { deepspeed: "0.13.1", deeperspeed: "v3.0", torch: "2.1.0", neox: "head" },
      fail_on: "warning",
      scope: "all",
      on_error: "action_required",
    });
  });

  it("does not offer a passing on_error (GitHub treats neutral as passing)", () => {
    const { config, problems } = loadRepoConfig({ path, text: "on_error: neutral\n" });
    expect(config.on_error).toBe("failure");
    expect(problems).toHaveLength(1);
  });

  it("accepts an already-parsed value (Probot's context.config)", () => {
    const { config, problems } = loadRepoConfig({ path, value: { fail_on: "never" } });
    expect(problems).toEqual([]);
    expect(config.fail_on).toBe("never");
  });

  it.each([
    ["fail_on: sometimes\n", "fail_on", 1],
    ["scope: everything\n", "scope", 1],
    ["assume: { neox: v9 }\n", "assume.neox", 1],
    ["config_sets:\n  - files: []\n", "config_sets.0.files", 2],
    ["ignore:\n  - rule: NXC101\n    reason: x\n    until: next week\n", "ignore.0.until", 4],
    ["include: configs\n", "include", 1],
    ["- a\n- b\n", "(top level)", 1],
  ])("points at the problem in %j", (text, field, line) => {
    const { config, problems } = loadRepoConfig({ path, text });
    expect(config).toEqual(defaultRepoConfig);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message.startsWith(`${field}: `)).toBe(true);
    expect(problems[0]?.span.line).toBe(line);
  });

  it("survives YAML bombs and garbage", () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const result = loadRepoConfig({ path, text: bomb.join("\n") });
    expect(result.problems.length).toBeGreaterThan(0);
    expect(loadRepoConfig({ path, text: "\u0000\u0001\u0002binary" }).problems.length).toBeGreaterThan(0);
  });
});

describe("repo config validated for this build's rules", () => {
  const schema = repoConfigSchemaFor(
    rules.map((r) => ({ id: r.meta.id, options: r.meta.options })),
    {
      // A stand-in for the glob matcher's own check: an unclosed `[` is an error.
      globError: (pattern) => (/\[[^\]]*$/.test(pattern) ? "`[` is never closed" : null),
    },
  );

  it.each([
    ["exclude:\n  - ok/**\n  - 'configs/[ab'\n", "exclude.1", 3, 5, "not a valid glob: `[` is never closed"],
    ["include: ['**', 'x/[']\n", "include.1", 1, 17, "not a valid glob"],
    [
      "ignore:\n  - rule: NXC101\n    path: 'a/[b'\n    reason: r\n",
      "ignore.0.path",
      3,
      11,
      "not a valid glob",
    ],
    [
      "rules:\n  NXC101: { options: { unpined: quiet } }\n",
      "rules.NXC101.options.unpined",
      2,
      24,
      'has no option "unpined"',
    ],
    ["rules:\n  NXC777: off\n", "rules.NXC777", 2, 3, "no such rule: NXC777"],
  ])("reports %j at %s, line %i column %i", (text, field, line, column, message) => {
    const { config, problems } = loadRepoConfig({ path, text }, schema);
    expect(config).toEqual(defaultRepoConfig);
    expect(problems).toEqual([
      { message: expect.stringContaining(message), span: expect.objectContaining({ path, line, column }) },
    ]);
    expect(problems[0]?.message.startsWith(`${field}: `)).toBe(true);
  });

  it("keeps the defaults of globs and paths", () => {
    expect(loadRepoConfig({ path, text: "ignore:\n  - rule: NXC101\n    reason: r\n" }, schema)).toEqual({
      config: { ...defaultRepoConfig, ignore: [{ rule: "NXC101", path: "**", reason: "r" }] },
      problems: [],
    });
  });
});
