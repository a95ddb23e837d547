/**
 * The Dockerfile, read statically (there is no Docker engine where the tests run): multi-stage on Node 24
 * LTS, a runtime stage with production dependencies and the compiled server only, a non-root user, and
 * node itself as PID 1 (exec form), so `docker stop`'s SIGTERM reaches the server. And .dockerignore keeps
 * tests, the demo, git and secrets out of the build context.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./support.js";

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions: comments and blank lines dropped, `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === null && (/^\s*#/.test(line) || line.trim() === "")) return;
    if (pending !== null && /^\s*#/.test(line)) return;
    const piece = line.replace(/\\$/, "");
    pending =
      pending === null
        ? { text: piece, line: index + 1 }
        : { ...pending, text: `${pending.text} ${piece.trim()}` };
    if (!line.endsWith("\\")) {
      const match = /^\s*(\S+)\s*(.*)$/.exec(pending.text);
      if (match)
        out.push({
          keyword: (match[1] ?? "").toUpperCase(),
          args: (match[2] ?? "").trim(),
          line: pending.line,
        });
      pending = null;
    }
  });
  return out;
}

/** The instructions of each stage, by stage name (`FROM image AS name`). */
function stages(all: Instruction[]): Array<{ from: string; name: string; body: Instruction[] }> {
  const out: Array<{ from: string; name: string; body: Instruction[] }> = [];
  for (const instruction of all) {
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = instruction.args.split(/\s+/);
      out.push({ from: image, name: as?.toUpperCase() === "AS" ? (name ?? "") : "", body: [] });
    } else out.at(-1)?.body.push(instruction);
  }
  return out;
}

const dockerfile = readFileSync(join(PROJECT_ROOT, "Dockerfile"), "utf8");
const all = instructions(dockerfile);
const built = stages(all);
const runtime = built.at(-1);
const body = runtime?.body ?? [];
const of = (keyword: string) => body.filter((i) => i.keyword === keyword);

describe("Dockerfile", () => {
  it("is multi-stage, every stage on Node 24 LTS", () => {
    expect(built.length).toBeGreaterThanOrEqual(2);
    for (const stage of built)
      expect(stage.from).toMatch(/^node:24(\.\d+)*(-[a-z]+)*(-slim)?(@sha256:[0-9a-f]+)?$/);
  });

  it("builds dist/ in a stage with dev dependencies, and the runtime stage copies only dist/ from it", () => {
    const build = built.find((s) => s.body.some((i) => i.keyword === "RUN" && /npm run build/.test(i.args)));
    expect(build).toBeDefined();
    expect(build?.body.some((i) => i.keyword === "RUN" && /npm ci(?!.*--omit=dev)/.test(i.args))).toBe(true);
    expect(build).not.toBe(runtime);
    const copies = of("COPY").map((i) => i.args);
    expect(copies).toContainEqual(
      expect.stringMatching(new RegExp(`--from=${build?.name ?? "?"}\\b.*\\s/app/dist\\s+\\./dist$`)),
    );
    // Production dependencies only; no sources, tests, demo or TypeScript loader in the runtime stage.
    const deps = built.find((s) =>
      s.body.some((i) => i.keyword === "RUN" && /npm ci .*--omit=dev/.test(i.args)),
    );
    expect(copies).toContainEqual(
      expect.stringMatching(new RegExp(`--from=${deps?.name ?? "?"}\\b.*/app/node_modules`)),
    );
    for (const copy of copies)
      expect(copy).not.toMatch(/\b(src|test|bench|scripts)\b|demo|tsconfig|\s\.\s+\.?\/?$/);
    expect(of("RUN").map((i) => i.args)).toEqual([]);
  });

  it("runs as a non-root user", () => {
    const users = of("USER").map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it("starts node on the compiled server as PID 1 (exec form, no npm, no shell), so SIGTERM reaches it", () => {
    const entrypoints = of("ENTRYPOINT");
    const cmds = of("CMD");
    expect(cmds).toHaveLength(1);
    const argv = JSON.parse(cmds[0]?.args ?? "null") as string[];
    const start = [
      ...(entrypoints.length > 0 ? (JSON.parse(entrypoints.at(-1)?.args ?? "[]") as string[]) : []),
      ...argv,
    ];
    expect(start).toEqual(["node", "dist/github/server.js"]);
    expect(existsSync(join(PROJECT_ROOT, "src", "github", "server.ts"))).toBe(true);
    const stop = of("STOPSIGNAL").map((i) => i.args);
    expect(stop.every((s) => s === "SIGTERM")).toBe(true);
  });

  it("has a HEALTHCHECK in exec form against /ping", () => {
    const health = of("HEALTHCHECK").map((i) => i.args);
    expect(health).toHaveLength(1);
    expect(health[0]).toMatch(/CMD \["node", "-e", ".*\/ping/);
  });
});

describe(".dockerignore", () => {
  const ignored = readFileSync(join(PROJECT_ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));

  it("keeps git, tests, the demo, dependencies, builds and secrets out of the build context", () => {
    expect(ignored).toEqual(
      expect.arrayContaining([
        ".git",
        "test",
        "demo",
        "node_modules",
        "dist",
        "bench",
        ".env",
        "*.pem",
        "demo-output",
      ]),
    );
  });

  it("keeps everything the build copies", () => {
    const copied = all
      .filter((i) => i.keyword === "COPY" && !i.args.includes("--from="))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied.length).toBeGreaterThan(0);
    for (const source of copied) {
      expect(existsSync(join(PROJECT_ROOT, source))).toBe(true);
      expect(ignored).not.toContain(source);
    }
  });
});
