import { readdirSync, readFileSync } from "node:fs";
import { loadKnowledge } from "../../../src/core/knowledge/index.js";
import type { Advisory } from "../../../src/core/knowledge/schema.js";
import { compareVersions, isVersion } from "../../../src/core/versioning/index.js";

/**
 * Every version boundary a rule page states comes from the knowledge data. A boundary is what the docs
 * write in bold (`**0.10.2 to 0.12.6**`, `**02e2ebf7**`) and every version or commit in README's rules
 * table; besides, any 7+ hex commit prefix on a line of a rule page that names DeeperSpeed. A version is
 * in the data when it is an advisory's range event, the last known release before a `fixed` event, or a
 * `fix.upgrade_to` / `downgrade_to`; a commit prefix when an advisory's per-commit table, `GIT` range,
 * fork commit or the shipped DeeperSpeed commit table has it.
 */
const VERSION = /\b\d+\.\d+\.\d+(?:\.post\d+)?\b/g;
const COMMIT = /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b/g;

function boundaries(advisories: Advisory[], releases: string[]): { versions: Set<string>; commits: string[] } {
  const versions = new Set<string>();
  const commits: string[] = [];
  for (const a of advisories) {
    for (const p of a.affected) {
      for (const r of p.ranges) {
        for (const e of r.events) {
          const v = "introduced" in e ? e.introduced : "fixed" in e ? e.fixed : e.last_affected;
          if (r.type === "GIT") commits.push(v);
          else versions.add(v);
          if ("fixed" in e && isVersion(e.fixed) && p.package.name === "deepspeed") {
            const before = releases.filter((x) => compareVersions(x, e.fixed) < 0).at(-1);
            if (before !== undefined) versions.add(before);
          }
        }
      }
      commits.push(...(p.commits?.affected ?? []), ...(p.commits?.not_affected ?? []));
    }
    for (const v of [a.fix.upgrade_to, a.fix.downgrade_to]) if (v !== undefined) versions.add(v);
    if (a.fix.fork_commit !== undefined) commits.push(a.fix.fork_commit);
  }
  return { versions, commits };
}

function unknownIn(
  text: string,
  data: { versions: Set<string>; commits: string[] },
  knownCommits: string[],
): string[] {
  const out: string[] = [];
  for (const v of text.match(VERSION) ?? []) if (!data.versions.has(v)) out.push(v);
  for (const c of text.match(COMMIT) ?? [])
    if (![...data.commits, ...knownCommits].some((sha) => sha.startsWith(c))) out.push(c);
  return out;
}

describe("version boundaries in the docs come from the knowledge data", () => {
  const knowledge = loadKnowledge();
  const data = boundaries(
    knowledge.advisories,
    knowledge.deepspeedReleases.map((r) => r.version),
  );
  const tableCommits = knowledge.deeperspeedCommits.map((c) => c.sha);

  it.each(readdirSync("docs/rules").filter((f) => f.endsWith(".md")))("%s", (file) => {
    const text = readFileSync(`docs/rules/${file}`, "utf8");
    const bold = [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1] ?? "").join("\n");
    const deeper = text
      .split("\n")
      .filter((l) => /deeperspeed/i.test(l) && !/https?:\/\//.test(l))
      .join("\n");
    expect([...unknownIn(bold, data, []), ...unknownIn(deeper.replace(VERSION, ""), data, tableCommits)]).toEqual(
      [],
    );
  });

  it("README's rules table", () => {
    const rows = readFileSync("README.md", "utf8")
      .split("\n")
      .filter((l) => /^\| \[NXC\d{3}\]/.test(l));
    expect(rows.length).toBeGreaterThan(30);
    expect(unknownIn(rows.join("\n"), data, [])).toEqual([]);
  });

  it("fails on a boundary the data lacks", () => {
    expect(unknownIn("**0.13.4**, **deadbeef1**", data, tableCommits)).toEqual(["0.13.4", "deadbeef1"]);
  });
});
