/**
 * test/ mirrors src/: a test of `src/x/y.ts` lives in `test/x/y.test.ts`, so every folder of test/ is a
 * folder of src/, except the suites that cut across it (listed here, each with why).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = process.cwd();

/** Top-level folders of test/ with no counterpart in src/. */
const CROSS_CUTTING: Record<string, string> = {
  corpus: "the judged real-world suite, through the CLI and the App",
  e2e: "the real server process, driven over HTTP",
  fixtures: "shared test data",
  hostile: "hostile inputs through every entry point",
  recall: "the recall suite over every rule",
  scripts: "mirrors scripts/, not src/",
  ship: "the package, the Action, the pre-commit hook and the Dockerfile",
  support: "helpers shared by tests",
  toolchain: "the build tools' configuration (ESLint layers, ESM + nock, this layout)",
};

/** Every folder below test/ (relative, `/`-separated) that holds a test file. */
function testFolders(): string[] {
  const files = readdirSync(join(ROOT, "test"), { recursive: true }) as string[];
  const folders = files
    .map((f) => f.split("\\").join("/"))
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => f.split("/").slice(0, -1).join("/"));
  return [...new Set(folders)].sort();
}

/** The test folders that mirror no folder of src/ and are not a listed cross-cutting suite. */
function unmirrored(folders: string[], srcHas: (folder: string) => boolean): string[] {
  return folders.filter((folder) => {
    const top = folder.split("/")[0] ?? "";
    if (folder === "" || Object.hasOwn(CROSS_CUTTING, top)) return folder === "";
    return !srcHas(folder);
  });
}

const srcHas = (folder: string): boolean =>
  existsSync(join(ROOT, "src", folder)) && statSync(join(ROOT, "src", folder)).isDirectory();

describe("test/ mirrors src/", () => {
  it("has no test folder without a counterpart in src/ (besides the cross-cutting suites)", () => {
    expect(unmirrored(testFolders(), srcHas)).toEqual([]);
  });

  it("lists only cross-cutting suites that exist and have no namesake in src/", () => {
    for (const top of Object.keys(CROSS_CUTTING)) {
      expect(existsSync(join(ROOT, "test", top))).toBe(true);
      expect(srcHas(top)).toBe(false);
    }
  });

  it("catches a folder that mirrors nothing, and a test file at test/'s top", () => {
    const fake = (folder: string): boolean => ["core", "core/parse"].includes(folder);
    expect(unmirrored(["core/parse", "core/parsing", "e2e", "fixtures/x", ""], fake)).toEqual([
      "core/parsing",
      "",
    ]);
  });
});
