/**
 * The import direction is a lint rule (eslint.config.js, `LAYERS`): these tests run ESLint's API on small
 * in-memory files placed in each layer, so the rule cannot silently vanish or stop matching a layer.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";

const ROOT = process.cwd();
const { LAYERS } = (await import(pathToFileURL(join(ROOT, "eslint.config.js")).href)) as {
  LAYERS: Array<{ name: string }>;
};

/** A real file of each layer, for an import that points into it; a folder for an in-memory file in it. */
const SAMPLES: Record<string, { target: string; dir: string }> = {
  model: { target: "src/core/model/index.ts", dir: "src/core/model" },
  parse: { target: "src/core/parse/config.ts", dir: "src/core/parse" },
  versioning: { target: "src/core/versioning/index.ts", dir: "src/core/versioning" },
  knowledge: { target: "src/core/knowledge/index.ts", dir: "src/core/knowledge" },
  engine: { target: "src/core/engine/types.ts", dir: "src/core/engine" },
  rules: { target: "src/core/rules/index.ts", dir: "src/core/rules" },
  analyze: { target: "src/core/analyze.ts", dir: "src/core/environment" },
  report: { target: "src/report/index.ts", dir: "src/report" },
  adapters: { target: "src/github/app.ts", dir: "src/cli" },
};

const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages ESLint gives a file at `dir` that imports `target`. */
async function restrictedImports(dir: string, target: string): Promise<string[]> {
  let specifier = relative(dir, target).replace(/\.ts$/, ".js");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const filePath = join(ROOT, dir, "layer-probe.ts");
  const [result] = await eslint.lintText(`import * as probe from "${specifier}";\nexport { probe };\n`, {
    filePath,
  });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const names = LAYERS.map((l) => l.name);
const pairs = names.flatMap((from, i) => names.map((to, j) => ({ from, to, allowed: j <= i })));

describe("import direction", () => {
  it("names the layers in the documented order, each with a sample that exists", () => {
    expect(names).toEqual([
      "model",
      "parse",
      "versioning",
      "knowledge",
      "engine",
      "rules",
      "analyze",
      "report",
      "adapters",
    ]);
    for (const name of names) expect(existsSync(join(ROOT, SAMPLES[name]!.target))).toBe(true);
  });

  it.each(pairs)("$from importing $to: allowed $allowed", async ({ from, to, allowed }) => {
    const messages = await restrictedImports(SAMPLES[from]!.dir, SAMPLES[to]!.target);
    if (allowed) expect(messages).toEqual([]);
    else expect(messages).toEqual([expect.stringContaining(`${from} is below ${to}`)]);
  });

  it("rejects the import that motivated it: versioning reading the knowledge schema", async () => {
    const messages = await restrictedImports("src/core/versioning", "src/core/knowledge/schema.ts");
    expect(messages).toEqual([expect.stringContaining("versioning is below knowledge")]);
  });

  it("keeps the demo and the tests out of src/", async () => {
    const messages = await restrictedImports("src/github", "test/github/support.ts");
    expect(messages).toEqual([expect.stringContaining("src/ does not import tests")]);
  });

  it("still keeps I/O out of the pure layers", async () => {
    const filePath = join(ROOT, "src/core/parse/layer-probe.ts");
    const [result] = await eslint.lintText(
      `import { readFileSync } from "node:fs";\nexport { readFileSync };\n`,
      {
        filePath,
      },
    );
    expect(result?.messages.map((m) => m.message)).toEqual([expect.stringContaining("no I/O")]);
  });

  it("puts every source file into a layer", async () => {
    const files = (readdirSync(join(ROOT, "src"), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join("src", f));
    const unsorted: string[] = [];
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as {
        rules?: Record<string, unknown>;
      };
      const rule = JSON.stringify(config.rules?.["no-restricted-imports"] ?? null);
      const layers = names.filter((n) => rule.includes(`"${n}: src/ does not import`));
      if (layers.length !== 1) unsorted.push(file);
    }
    expect(unsorted).toEqual([]);
  });
});
