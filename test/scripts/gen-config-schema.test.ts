import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Ajv from "ajv";
import { buildConfigSchema, SCHEMA_PATH } from "../../scripts/gen-config-schema.js";
import { rules } from "../../src/core/rules/index.js";
import { loadRepoConfig } from "../../src/core/engine/load-repo-config.js";
import { checkedRepoConfigSchema } from "../../src/core/analyze/repo-config-schema.js";

const ROOT = process.cwd();

describe("the JSON Schema of .github/neox-check.yml", () => {
  it("is committed exactly as `npm run gen:config-schema` writes it", async () => {
    const committed = await readFile(join(ROOT, SCHEMA_PATH), "utf8");
    expect(committed).toBe(await buildConfigSchema(ROOT));
  });

  describe("validates as the loader does", () => {
    let validate: (value: unknown) => boolean;
    beforeAll(async () => {
      const schema: unknown = JSON.parse(await readFile(join(ROOT, SCHEMA_PATH), "utf8"));
      validate = new Ajv({ allErrors: true }).compile(schema as object) as (value: unknown) => boolean;
    });

    it("lists every rule, with its description", async () => {
      const schema = JSON.parse(await readFile(join(ROOT, SCHEMA_PATH), "utf8")) as {
        properties: { rules: { properties: Record<string, { description: string }> } };
      };
      expect(Object.keys(schema.properties.rules.properties)).toEqual(rules.map((r) => r.meta.id));
      expect(schema.properties.rules.properties.NXC101?.description).toMatch(
        /^finetune-bf16-stale-master-weights: /,
      );
    });

    it.each<[string, unknown]>([
      ["an empty file", {}],
      [
        "every field",
        {
          _extends: "acme/models:.github/base.yml",
          rules: { NXC204: "off", NXC101: { severity: "warning", options: { unpinned: "quiet" } } },
          include: ["configs/**"],
          exclude: [],
          config_sets: [{ name: "run", files: ["a.yml", "b.yml"] }],
          ignore: [{ rule: "NXC207", path: "configs/**", reason: "v1.0", until: "2027-01-31" }],
          assume: { deepspeed: "0.13.1", neox: "head" },
          fail_on: "warning",
          scope: "all",
        },
      ],
    ])("accepts %s", (_name, value) => {
      expect(validate(value)).toBe(true);
    });

    it.each<[string, unknown]>([
      ["an unknown rule id", { rules: { NXC999: "off" } }],
      ["a typo in an option name", { rules: { NXC101: { options: { unpined: "quiet" } } } }],
      ["an unknown rule in ignore", { ignore: [{ rule: "NXC998", reason: "x" }] }],
      ["an unknown key", { "fail-on": "error" }],
      ["a bad severity", { rules: { NXC101: "loud" } }],
    ])("rejects %s", (_name, value) => {
      expect(validate(value)).toBe(false);
    });
  });
});

describe("docs/configuration.md", () => {
  it("shows a full example that validates, and the yaml-language-server line for editors", async () => {
    const doc = await readFile(join(ROOT, "docs/configuration.md"), "utf8");
    const blocks = [...doc.matchAll(/```yaml\n(?<body>[\s\S]*?)```/g)].map((m) => m.groups?.body ?? "");
    const full = blocks.find((b) => b.includes("config_sets:"));
    expect(full).toBeDefined();
    expect(
      loadRepoConfig({ path: ".github/neox-check.yml", text: full ?? "" }, checkedRepoConfigSchema).problems,
    ).toEqual([]);
    expect(doc).toContain(
      `# yaml-language-server: $schema=https://raw.githubusercontent.com/neox-check/neox-check/main/${SCHEMA_PATH}`,
    );
  });
});
