import { buildEnvironment } from "../../../src/core/environment/build-environment.js";
import { z } from "zod";
import { defineRule } from "../../../src/core/engine/define-rule.js";
import { repoConfigSchema } from "../../../src/core/engine/repo-config.js";
import { runRules } from "../../../src/core/engine/run-rules.js";
import type { WorkspaceModel } from "../../../src/core/engine/types.js";
import type { Knowledge } from "../../../src/core/knowledge/types.js";

const span = { path: "a.yml", line: 2, column: 3, endLine: 2, endColumn: 7 };
const model: WorkspaceModel = {
  configs: [],
  configSets: [],
  dependencyFiles: [],
  pins: [],
  neoxArgs: { source: "shipped", paths: [], args: {} },
  environment: buildEnvironment({
    neoxArgs: { source: "shipped", paths: [], args: {} },
    dependencyFiles: [],
  }),
  refs: {},
  repoConfig: { path: null, problems: [], expiredIgnores: [] },
};
const knowledge = {} as Knowledge;

const loud = defineRule(
  {
    id: "NXC900",
    name: "loud",
    severity: "error",
    description: "test rule",
    messages: { hit: "hit {{what}}" },
    options: z.object({ what: z.string().default("x") }).strict(),
  },
  (ctx) => {
    ctx.report({ messageId: "hit", data: { what: ctx.options.what }, location: span, key: "k" });
    ctx.report({
      messageId: "hit",
      data: { what: "unsure" },
      location: span,
      key: "k2",
      severity: "warning",
    });
  },
);
const broken = defineRule(
  {
    id: "NXC901",
    name: "broken",
    severity: "error",
    description: "throws",
    messages: {},
    options: z.object({}),
  },
  () => {
    throw new Error("boom");
  },
);

function run(config: unknown) {
  return runRules({
    rules: [broken, loud],
    head: model,
    base: null,
    knowledge,
    config: repoConfigSchema.parse(config),
  });
}

describe("runRules", () => {
  it("turns a rule that throws into a diagnostic naming it, and still runs the others", () => {
    const result = run({});
    expect(result.diagnostics.map((d) => d.message)).toEqual(["rule NXC901 (broken) failed: boom"]);
    expect(result.findings.map((f) => [f.ruleId, f.message, f.severity])).toEqual([
      ["NXC900", "hit x", "error"],
      ["NXC900", "hit unsure", "warning"],
    ]);
    expect(result.findings[0]?.docsUrl).toMatch(/docs\/rules\/NXC900-loud\.md$/);
  });

  it("passes rule options and turns a rule off", () => {
    expect(run({ rules: { NXC900: { options: { what: "y" } } } }).findings[0]?.message).toBe("hit y");
    expect(run({ rules: { NXC900: "off", NXC901: "off" } })).toEqual({ findings: [], diagnostics: [] });
  });

  it("reports invalid rule options as a diagnostic and skips the rule", () => {
    const result = run({ rules: { NXC900: { options: { what: 3 } } } });
    expect(result.findings.filter((f) => f.ruleId === "NXC900")).toEqual([]);
    expect(result.diagnostics.some((d) => d.code === "rule-options")).toBe(true);
  });

  it("gives a rule declared without options the empty strict object: {} runs it, anything else is refused", () => {
    const quiet = defineRule(
      { id: "NXC902", name: "quiet", severity: "info", description: "no options", messages: { hit: "hit" } },
      (ctx) => ctx.report({ messageId: "hit", location: span, key: "k" }),
    );
    const runQuiet = (config: unknown) =>
      runRules({
        rules: [quiet],
        head: model,
        base: null,
        knowledge,
        config: repoConfigSchema.parse(config),
      });
    expect(quiet.meta.options.safeParse({}).success).toBe(true);
    expect(runQuiet({}).findings.map((f) => f.message)).toEqual(["hit"]);
    const refused = runQuiet({ rules: { NXC902: { options: { what: "y" } } } });
    expect(refused.findings).toEqual([]);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["rule-options"]);
  });

  it("applies a configured severity without raising a finding the rule lowered", () => {
    expect(run({ rules: { NXC900: "warning" } }).findings.map((f) => f.severity)).toEqual([
      "warning",
      "warning",
    ]);
    expect(run({ rules: { NXC900: "info" } }).findings.map((f) => f.severity)).toEqual(["info", "info"]);
    expect(run({ rules: { NXC900: { severity: "error" } } }).findings.map((f) => f.severity)).toEqual([
      "error",
      "warning",
    ]);
  });

  it("gives each finding a stable fingerprint from rule, file and key", () => {
    const [a, b] = run({}).findings;
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
    expect(run({}).findings[0]?.fingerprint).toBe(a?.fingerprint);
  });
});
