import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DOCS_URL, PROJECT_REPO, PROJECT_URL, RAW_URL } from "../../src/core/project.js";

/**
 * src/core/project.ts is the one home of the project's address. The files that cannot import it
 * (package.json, app.yml, the JSON schema, README and docs) are checked against it: every address of
 * this project they write names the same repository.
 */
const ROOT = new URL("../../", import.meta.url).pathname;

function docs(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? docs(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** Every `owner/neox-check` that a GitHub address, an Action's `uses:` or a raw URL in `text` names. */
function namedRepos(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:github\.com\/|raw\.githubusercontent\.com\/|uses:\s*)(?<repo>[\w.-]+\/neox-check)(?=[/@#.\s"')\]]|$)/g;
  for (const m of text.matchAll(pattern)) if (m.groups?.repo) found.push(m.groups.repo);
  return found;
}

describe("the project's address", () => {
  it("builds every URL from PROJECT_REPO", () => {
    expect(PROJECT_URL).toBe(`https://github.com/${PROJECT_REPO}`);
    expect(DOCS_URL.startsWith(`${PROJECT_URL}/`)).toBe(true);
    expect(RAW_URL).toContain(`/${PROJECT_REPO}/`);
  });

  it("is the only repository of neox-check that package.json, app.yml, the schema, README and docs name", () => {
    const files = ["package.json", "app.yml", "schema/neox-check.schema.json", "README.md", ...docs("docs")];
    const named = files.flatMap((file) =>
      namedRepos(readFileSync(join(ROOT, file), "utf8")).map((r) => `${file}: ${r}`),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !n.endsWith(`: ${PROJECT_REPO}`))).toEqual([]);
    expect(namedRepos("uses: someone/neox-check@v1 and https://github.com/other/neox-check#readme")).toEqual([
      "someone/neox-check",
      "other/neox-check",
    ]);
  });

  it("is named where the package and the App say where they live", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      homepage?: string;
      repository?: { url?: string };
    };
    expect(pkg.homepage?.startsWith(PROJECT_URL)).toBe(true);
    expect(pkg.repository?.url).toBe(`git+${PROJECT_URL}.git`);
    expect(readFileSync(join(ROOT, "app.yml"), "utf8")).toContain(`url: ${PROJECT_URL}\n`);
  });
});
