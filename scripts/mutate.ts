/**
 * `npm run mutate`: breaks every rule and every parser in turn and checks that a test fails.
 *
 * - Rules are the modules registered in src/core/rules/index.ts (read from its imports, not listed here).
 *   Each gets three mutants: `silent` (its check reports nothing), `shift-line` (every finding one line
 *   lower) and `flip-severity` (error <-> warning, info -> warning).
 * - Parsers are every module under src/core/parse/ (found by listing the folder; generated tables and
 *   modules without an exported function are listed as skipped). Each gets three mutants applied to all
 *   of its exported functions: `throw` (every call throws), `empty` (arrays, strings, maps come back
 *   empty; a plain object gets its arrays emptied, or becomes null when it has none; booleans false,
 *   numbers 0) and `drop-last` (the last item of every array, string or map in the result is dropped).
 *
 * Nothing in the working tree is ever written: the tree (tracked and untracked files) is copied into a
 * temporary folder with node_modules (and ../shared, for the corpus tests) symlinked. Every mutant is
 * compiled in at once and switched on per test file by a global (mutation switching, as Stryker does),
 * so that one jest run covers many mutants. For each mutant and each test file that covers it, a
 * generated test file sets the switch and imports that test file. A mutant is *killed* when one of its
 * test files fails while the same file passes with no mutant switched on.
 *
 * Which tests cover a module, in three tiers (a tier runs only the mutants the earlier ones left alive):
 * 1. its own: test files that import it directly, and those named after it in the mirror folder of test/;
 * 2. the nearest few others of test/core and test/cli that import it through any chain (its mirror folder
 *    first, then the fewest imports away);
 * 3. every other such test file (rule tests of other rules aside; `--near-only` stops after tier 2).
 *
 * Usage: npm run mutate [-- --only <substring>] [-- --report <file>]
 *   --only   keep the mutants whose id contains one of these comma-separated substrings (`--only NXC228`,
 *            `--only deps/conda.ts,:throw`); the report is then written only where --report says.
 *   --report where to write the Markdown report (default docs/mutation.md for a full run).
 *   --workers jest workers (default 2).
 *   --near-only do not go on, for mutants the own tests and the nearest others leave alive, to every
 *            other test file that reaches the module (tens of files per mutant).
 *   --tests  run only these comma-separated test files (those that reach the module), e.g. to show that
 *            one test kills a mutant: `--only deps/conda.ts:throw --tests test/core/parse/deps/hostile.test.ts`.
 *   --test-name only the tests whose name matches this regular expression (jest's --testNamePattern).
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

interface Args {
  only: string | null;
  report: string | null;
  workers: number;
  /** Run every other test that reaches a module (tier 3) for mutants the nearer ones leave alive. */
  allTests: boolean;
  /** Run only these test files (those of them that reach the module), instead of the tiers. */
  tests: string[] | null;
  /** Jest's --testNamePattern, with --tests: which tests of those files run. */
  testName: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: null, report: null, workers: 2, allTests: true, tests: null, testName: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--only") args.only = next();
    else if (a === "--report") args.report = next();
    else if (a === "--workers") args.workers = Number(next());
    else if (a === "--near-only") args.allTests = false;
    else if (a === "--tests") args.tests = next().split(",");
    else if (a === "--test-name") args.testName = next();
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.report === null && args.only === null) args.report = "docs/mutation.md";
  return args;
}

type Kind = "silent" | "shift-line" | "flip-severity" | "throw" | "empty" | "drop-last";
const RULE_KINDS: Kind[] = ["silent", "shift-line", "flip-severity"];
const PARSER_KINDS: Kind[] = ["throw", "empty", "drop-last"];

interface Target {
  /** Repository path of the module, e.g. src/core/parse/deps/conda.ts. */
  file: string;
  type: "rule" | "parser";
  /** The rule id or the module path below src/core/parse/. */
  label: string;
  /** The names wrapped: the rule's export, or the module's exported functions. */
  names: string[];
  /** Exported functions declared to return `void` (their `empty` mutant does nothing). */
  voids: string[];
}

interface Mutant {
  id: string;
  gate: string;
  target: Target;
  kind: Kind;
}

interface Skipped {
  file: string;
  reason: string;
}

/** Every `.ts` file under a repository folder, as repository paths. */
function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

/** The rule modules of the registry: src/core/rules/index.ts's imports whose name is in `rules`. */
function discoverRules(): { targets: Target[]; skipped: Skipped[] } {
  const index = readFileSync(join(ROOT, "src/core/rules/index.ts"), "utf8");
  const registry = index.slice(index.indexOf("export const rules"));
  const targets: Target[] = [];
  const skipped: Skipped[] = [];
  for (const m of index.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(\.\/[^"]+)\.js"/g)) {
    const from = m[2] ?? "";
    const file = posix.join("src/core/rules", `${from}.ts`);
    for (const raw of (m[1] ?? "").split(",")) {
      const name = raw.trim();
      if (name === "" || name.startsWith("type ") || !new RegExp(`\\b${name}\\b`).test(registry)) continue;
      const text = readFileSync(join(ROOT, file), "utf8");
      const id = /\bid:\s*"(NXC\d+)"/.exec(text)?.[1];
      if (!new RegExp(`export const ${name}\\b`).test(text) || id === undefined) {
        skipped.push({ file, reason: `\`${name}\` is not an \`export const\` with an NXC id` });
        continue;
      }
      targets.push({ file, type: "rule", label: id, names: [name], voids: [] });
    }
  }
  return { targets: targets.sort((a, b) => a.label.localeCompare(b.label)), skipped };
}

/** The return type of the function declared at `from`, as written on the line that opens its body. */
function returnsVoid(text: string, from: number): boolean {
  const open = /\{\s*$/m.exec(text.slice(from));
  if (open === null) return false;
  const line =
    text
      .slice(from, from + open.index + 1)
      .split("\n")
      .at(-1) ?? "";
  return /\)\s*:\s*void\s*\{$/.test(line);
}

/** Exported function names of a module: `export [async] function f` and `export const f = (...) =>`. */
function exportedFunctions(text: string): { names: string[]; voids: string[] } {
  const names = new Set<string>();
  const voids: string[] = [];
  for (const m of text.matchAll(/^export (?:async )?function\*? ?(\w+)/gm)) {
    names.add(m[1] ?? "");
    if (returnsVoid(text, m.index)) voids.push(m[1] ?? "");
  }
  for (const m of text.matchAll(
    /^export const (\w+)(?:\s*:[^=]+)?\s*=\s*(?:async\s*)?(?:\(|function\b|\w+\s*=>)/gm,
  ))
    names.add(m[1] ?? "");
  names.delete("");
  return { names: [...names], voids };
}

function discoverParsers(): { targets: Target[]; skipped: Skipped[] } {
  const targets: Target[] = [];
  const skipped: Skipped[] = [];
  for (const file of listTs("src/core/parse")) {
    if (file.endsWith(".generated.ts")) {
      skipped.push({ file, reason: "generated data (its generator has its own test)" });
      continue;
    }
    const { names, voids } = exportedFunctions(readFileSync(join(ROOT, file), "utf8"));
    if (names.length === 0) {
      skipped.push({ file, reason: "no exported function (types or re-exports only)" });
      continue;
    }
    targets.push({ file, type: "parser", label: file.slice("src/core/parse/".length), names, voids });
  }
  return { targets, skipped };
}

/** The runtime half of the mutants, written into the temporary tree as src/__mutate__.ts. */
const RUNTIME = `
type Trace = Record<string, { calls: number; changed: number; applicable: number }>;
const g = globalThis as unknown as { __NEOX_MUTANT?: string; __NEOX_MUTANT_TRACE?: Trace };
function record(gate: string, changed: boolean, applicable = true): void {
  const trace = (g.__NEOX_MUTANT_TRACE ??= {});
  const t = (trace[gate] ??= { calls: 0, changed: 0, applicable: 0 });
  t.calls++;
  if (changed) t.changed++;
  if (applicable) t.applicable++;
}
function kindOf(gates: Record<string, string>): [string, string] | null {
  const on = g.__NEOX_MUTANT;
  if (on === undefined) return null;
  for (const [kind, gate] of Object.entries(gates)) if (gate === on) return [kind, gate];
  return null;
}
function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
function emptied(v: unknown): unknown {
  if (Array.isArray(v)) return [];
  if (typeof v === "string") return "";
  if (v instanceof Map) return new Map();
  if (v instanceof Set) return new Set();
  if (typeof v === "boolean") return false;
  if (typeof v === "number") return 0;
  if (isPlain(v)) {
    const out: Record<string, unknown> = { ...v };
    let any = false;
    for (const [k, x] of Object.entries(out)) {
      if (Array.isArray(x) && x.length > 0) { out[k] = []; any = true; }
      else if (x instanceof Map && x.size > 0) { out[k] = new Map(); any = true; }
    }
    return any ? out : null;
  }
  return v;
}
function dropLast(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice(0, -1);
  if (typeof v === "string") return v.slice(0, -1);
  if (v instanceof Map) return new Map([...v].slice(0, -1));
  if (isPlain(v)) {
    const out: Record<string, unknown> = { ...v };
    for (const [k, x] of Object.entries(out)) {
      if (Array.isArray(x)) out[k] = x.slice(0, -1);
      else if (x instanceof Map) out[k] = new Map([...x].slice(0, -1));
    }
    return out;
  }
  return v;
}
function canEmpty(v: unknown): boolean {
  return v !== null && v !== undefined && (typeof v !== "object" || Array.isArray(v) || v instanceof Map || v instanceof Set || isPlain(v));
}
function canDrop(v: unknown): boolean {
  if (Array.isArray(v) || typeof v === "string" || v instanceof Map) return true;
  return isPlain(v) && Object.values(v).some((x) => Array.isArray(x) || x instanceof Map);
}
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const plain = (_k: string, v: unknown): unknown => (v instanceof Map || v instanceof Set ? [...v] : v);
  try { return JSON.stringify(a, plain) === JSON.stringify(b, plain); } catch { return false; }
}
export function __mutFn<T>(fn: T, gates: Record<string, string>, returnsVoid = false): T {
  if (typeof fn !== "function") return fn;
  const original = fn as unknown as (...args: unknown[]) => unknown;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const on = kindOf(gates);
    if (on === null) return original.apply(this, args);
    const [kind, gate] = on;
    if (kind === "throw") { record(gate, true); throw new Error("mutant: " + gate); }
    // A function that only has effects: its empty result is doing nothing; it has no last item.
    if (returnsVoid) {
      if (kind === "empty") { record(gate, true); return undefined; }
      const r = original.apply(this, args);
      record(gate, false, false);
      return r;
    }
    const change = kind === "empty" ? emptied : dropLast;
    const can = kind === "empty" ? canEmpty : canDrop;
    const apply = (r: unknown): unknown => { const m = change(r); record(gate, !same(r, m), can(r)); return m; };
    const result = original.apply(this, args);
    if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function")
      return (result as Promise<unknown>).then(apply);
    return apply(result);
  };
  return wrapped as unknown as T;
}
interface Reported { location: { line: number; endLine: number }; severity?: string }
export function __mutRule(rule: { meta: { severity: string }; check: (ctx: { report: (d: Reported) => void }) => void }, gates: Record<string, string>): void {
  const check = rule.check;
  rule.check = function (ctx) {
    const on = kindOf(gates);
    if (on === null) return check.call(this, ctx);
    const [kind, gate] = on;
    const report = (d: Reported): void => {
      record(gate, true);
      if (kind === "silent") return;
      if (kind === "shift-line")
        return ctx.report({ ...d, location: { ...d.location, line: d.location.line + 1, endLine: d.location.endLine + 1 } });
      const severity = d.severity ?? rule.meta.severity;
      return ctx.report({ ...d, severity: severity === "error" ? "warning" : "error" });
    };
    record(gate, false);
    return check.call(this, { ...ctx, report });
  };
}
`;

/** Writes the mutated copy of one module: the gates appended, `export const` of wrapped names made `let`. */
function mutateSource(tree: string, target: Target, mutants: Mutant[]): void {
  const path = join(tree, target.file);
  let text = readFileSync(path, "utf8");
  const helper = relative(dirname(target.file), "src/__mutate__.js");
  const gates = JSON.stringify(Object.fromEntries(mutants.map((m) => [m.kind, m.gate])));
  const lines: string[] = [
    `import { __mutFn, __mutRule } from "${helper.startsWith(".") ? helper : `./${helper}`}";`,
  ];
  if (target.type === "rule") {
    lines.push(`__mutRule(${target.names[0]} as never, ${gates});`);
  } else {
    for (const name of target.names) {
      text = text.replace(new RegExp(`^export const ${name}\\b`, "m"), `export let ${name}`);
      // A function declaration is a mutable binding; importers see the wrapped one (live bindings).
      lines.push(`${name} = __mutFn(${name}, ${gates}${target.voids.includes(name) ? ", true" : ""});`);
    }
  }
  writeFileSync(path, `${text}\n${lines.join("\n")}\n`);
}

/** Relative imports of every .ts file of src/ and test/, resolved to repository paths. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = [...listTs("src"), ...listTs("test")];
  const known = new Set(files);
  for (const file of files) {
    const deps = new Set<string>();
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const m of text.matchAll(/(?:from\s*|import\s*\(?\s*)"(\.{1,2}\/[^"]+)"/g)) {
      const spec = posix.join(posix.dirname(file), m[1] ?? "");
      const base = spec.replace(/\.js$/, "");
      for (const candidate of [`${base}.ts`, `${base}/index.ts`, spec])
        if (known.has(candidate)) {
          deps.add(candidate);
          break;
        }
    }
    graph.set(file, deps);
  }
  return graph;
}

function closure(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const dep of graph.get(stack.pop() ?? "") ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      stack.push(dep);
    }
  }
  return seen;
}

/** How many imports lead from `from` to `to` (Infinity when none). */
function distance(graph: Map<string, Set<string>>, from: string, to: string): number {
  let level = new Set([from]);
  const seen = new Set(level);
  for (let d = 0; level.size > 0; d++) {
    if (level.has(to)) return d;
    const next = new Set<string>();
    for (const f of level)
      for (const dep of graph.get(f) ?? []) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        next.add(dep);
      }
    level = next;
  }
  return Infinity;
}

/** How many tests further away a mutant its own tests leave alive runs before all the rest. */
const NEAR = 4;

const TEST_SCOPE = /^test\/(core|cli)\/.*\.test\.ts$/;

/**
 * The tiers of test files for a module: its own tests; then the nearest few of the others that reach it
 * (its mirror folder first, then the fewest imports away, then the most focused); then all the rest.
 */
function testTiers(graph: Map<string, Set<string>>, target: Target): [string[], string[], string[]] {
  const tests = [...graph.keys()].filter((f) => TEST_SCOPE.test(f));
  const stem = posix.basename(target.file, ".ts");
  const mirror = posix.dirname(target.file).replace(/^src\//, "test/");
  const own = tests.filter(
    (t) =>
      graph.get(t)?.has(target.file) ||
      (posix.dirname(t) === mirror && posix.basename(t).replace(/(\.\w+)?\.test\.ts$/, "") === stem),
  );
  const rest = tests.filter(
    (t) =>
      !own.includes(t) &&
      !(
        target.type === "rule" &&
        t.startsWith("test/core/rules/") &&
        posix.dirname(t) === "test/core/rules"
      ) &&
      closure(graph, t).has(target.file),
  );
  // Nearest first: the mirror folder, then the rest of the folder's parent, then everything else.
  const near = (t: string): number =>
    t.startsWith(`${mirror}/`) ? 0 : t.startsWith(posix.dirname(mirror)) ? 1 : 2;
  const size = new Map(rest.map((t) => [t, closure(graph, t).size]));
  const hops = new Map(rest.map((t) => [t, distance(graph, t, target.file)]));
  rest.sort(
    (a, b) =>
      near(a) - near(b) ||
      (hops.get(a) ?? 0) - (hops.get(b) ?? 0) ||
      (size.get(a) ?? 0) - (size.get(b) ?? 0) ||
      a.localeCompare(b),
  );
  return [own.sort(), rest.slice(0, NEAR), rest.slice(NEAR)];
}

interface Run {
  mutant: Mutant | null;
  test: string;
  /** The generated test file, relative to the tree. */
  file: string;
  trace: string;
}

interface FileResult {
  passed: boolean;
  /** The first failing test's full name and the first line of its message. */
  failure: string | null;
}

function shortMessage(text: string): string {
  const line =
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("at ")) ?? "";
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001b\[[0-9;]*m/g, "").slice(0, 160);
}

async function runJest(
  tree: string,
  files: string[],
  workers: number,
  log: string,
  testName: string | null,
): Promise<Map<string, FileResult>> {
  const out = join(tree, "..", `jest-${Date.now()}.json`);
  const args = [
    "--experimental-vm-modules",
    "node_modules/jest/bin/jest.js",
    "--ci",
    "--json",
    `--outputFile=${out}`,
    `--maxWorkers=${workers}`,
    ...(testName === null ? [] : [`--testNamePattern=${testName}`]),
    "--runTestsByPath",
    ...files,
  ];
  await new Promise<void>((done) => {
    const child = spawn(process.execPath, args, { cwd: tree, stdio: ["ignore", "ignore", "pipe"] });
    const chunks: Buffer[] = [];
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("close", () => {
      writeFileSync(log, Buffer.concat(chunks));
      done();
    });
  });
  const results = new Map<string, FileResult>();
  if (!existsSync(out)) throw new Error(`jest wrote no results; see ${log}`);
  const json = JSON.parse(readFileSync(out, "utf8")) as {
    testResults: Array<{
      name: string;
      status: string;
      message: string;
      assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }>;
    }>;
  };
  for (const r of json.testResults) {
    const failed = r.assertionResults.find((a) => a.status === "failed");
    // `focused` is a file whose tests --test-name narrowed, and that passed.
    const passed = r.status !== "failed";
    const failure = passed
      ? null
      : failed
        ? `"${failed.fullName}": ${shortMessage(failed.failureMessages.join("\n"))}`
        : `the file failed to run: ${shortMessage(r.message)}`;
    results.set(relative(tree, r.name), { passed, failure });
  }
  return results;
}

interface Outcome {
  mutant: Mutant;
  /** `not-applicable`: called, but never with a result the mutation could change (e.g. drop-last of a boolean). */
  status: "killed" | "survived" | "not-applicable";
  /** The test file that killed it, with the failing test. */
  killedBy: string | null;
  tier: 1 | 2 | 3 | null;
  testsRun: string[];
  calls: number;
  changed: number;
  applicable: number;
}

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
}

function copyTree(tree: string): void {
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const files = git(["ls-files", "-co", "--exclude-standard", "-z"]).split("\0").filter(Boolean);
  for (const file of files) {
    const from = join(ROOT, file);
    if (!existsSync(from) || file === "node_modules") continue;
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    cpSync(from, join(tree, file));
  }
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(tree, "node_modules"));
  const shared = join(ROOT, "..", "shared");
  if (existsSync(shared) && !existsSync(join(tree, "..", "shared")))
    symlinkSync(realpathSync(shared), join(tree, "..", "shared"));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const rules = discoverRules();
  const parsers = discoverParsers();
  const targets = [...rules.targets, ...parsers.targets];
  let n = 0;
  const mutants: Mutant[] = targets.flatMap((target) =>
    (target.type === "rule" ? RULE_KINDS : PARSER_KINDS).map((kind) => ({
      id: `${target.label}:${kind}`,
      gate: `m${++n}`,
      target,
      kind,
    })),
  );
  const only = args.only?.split(",") ?? null;
  const chosen = mutants.filter((m) => only === null || only.some((o) => m.id.includes(o)));
  if (chosen.length === 0) throw new Error(`no mutant matches ${args.only}`);

  const work = join(
    tmpdir(),
    "neox-check-mutate",
    createHash("sha1").update(ROOT).digest("hex").slice(0, 10),
  );
  const tree = join(work, "tree");
  const lock = join(work, "pid");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`another mutation run (pid ${pid}) is using ${work}`);
  }
  mkdirSync(work, { recursive: true });
  for (const f of readdirSync(work)) if (/^(trace-|jest-)/.test(f)) rmSync(join(work, f), { force: true });
  writeFileSync(lock, String(process.pid));
  const cleanup = (): void => {
    rmSync(tree, { recursive: true, force: true });
    for (const f of readdirSync(work))
      if (/^(trace-|jest-\d)/.test(f)) rmSync(join(work, f), { force: true });
    rmSync(lock, { force: true });
  };
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  copyTree(tree);
  try {
    writeFileSync(join(tree, "src/__mutate__.ts"), RUNTIME);
    for (const target of targets)
      mutateSource(
        tree,
        target,
        mutants.filter((m) => m.target === target),
      );
    const graph = importGraph();
    const pick = args.tests;
    const tiers = new Map(
      targets.map((t) => {
        if (pick === null) return [t, testTiers(graph, t)] as const;
        const reach = pick.filter((f) => closure(graph, f).has(t.file));
        return [t, [reach, [], []] as [string[], string[], string[]]] as const;
      }),
    );
    const genDir = join(tree, "test", "__mutants__");
    mkdirSync(genDir, { recursive: true });
    const outcomes = new Map<Mutant, Outcome>(
      chosen.map((m) => [
        m,
        {
          mutant: m,
          status: "survived",
          killedBy: null,
          tier: null,
          testsRun: [],
          calls: 0,
          changed: 0,
          applicable: 0,
        },
      ]),
    );
    const baseline = new Map<string, FileResult>();
    let runCount = 0;

    for (const tier of args.allTests ? ([1, 2, 3] as const) : ([1, 2] as const)) {
      // A mutant whose tests so far never gave it a result it could change is not sent further (tier 3
      // would run tens of files to learn nothing more about, say, the last item of a boolean).
      for (const o of outcomes.values())
        if (tier === 3 && o.status === "survived" && o.calls > 0 && o.applicable === 0)
          o.status = "not-applicable";
      const alive = chosen.filter((m) => outcomes.get(m)?.status === "survived");
      const runs: Run[] = [];
      for (const mutant of alive) {
        const tests = (tiers.get(mutant.target) ?? [[], [], []])[tier - 1] ?? [];
        for (const test of tests) {
          const k = runs.length;
          const file = `test/__mutants__/t${tier}-${k}.test.ts`;
          const trace = join(work, `trace-${tier}-${k}.json`);
          writeFileSync(
            join(tree, file.replace(/\.test\.ts$/, ".gate.ts")),
            `(globalThis as { __NEOX_MUTANT?: string }).__NEOX_MUTANT = "${mutant.gate}";\n`,
          );
          writeFileSync(
            join(tree, file),
            [
              `import { writeFileSync } from "node:fs";`,
              `import "./t${tier}-${k}.gate.js";`,
              `import "../${test.slice("test/".length).replace(/\.ts$/, ".js")}";`,
              `afterAll(() => writeFileSync(${JSON.stringify(trace)}, JSON.stringify((globalThis as { __NEOX_MUTANT_TRACE?: unknown }).__NEOX_MUTANT_TRACE ?? {})));`,
              "",
            ].join("\n"),
          );
          runs.push({ mutant, test, file, trace });
        }
      }
      const baselineNeeded = [...new Set(runs.map((r) => r.test))].filter((t) => !baseline.has(t));
      if (runs.length === 0) continue;
      process.stdout.write(
        `tier ${tier}: ${alive.length} mutants, ${runs.length} mutant x test file runs, ${baselineNeeded.length} baseline files\n`,
      );
      const results = await runJest(
        tree,
        [...baselineNeeded, ...runs.map((r) => r.file)],
        args.workers,
        join(work, `jest-tier${tier}.log`),
        args.testName,
      );
      runCount += runs.length + baselineNeeded.length;
      for (const t of baselineNeeded)
        baseline.set(t, results.get(t) ?? { passed: false, failure: "no result" });
      for (const run of runs) {
        if (run.mutant === null) continue;
        const outcome = outcomes.get(run.mutant);
        if (outcome === undefined) continue;
        outcome.testsRun.push(run.test);
        if (existsSync(run.trace)) {
          const trace = JSON.parse(readFileSync(run.trace, "utf8")) as Record<
            string,
            { calls: number; changed: number; applicable: number }
          >;
          outcome.calls += trace[run.mutant.gate]?.calls ?? 0;
          outcome.changed += trace[run.mutant.gate]?.changed ?? 0;
          outcome.applicable += trace[run.mutant.gate]?.applicable ?? 0;
        }
        const result = results.get(run.file);
        if (result === undefined || result.passed || baseline.get(run.test)?.passed !== true) continue;
        if (outcome.status === "killed") continue;
        outcome.status = "killed";
        outcome.tier = tier;
        outcome.killedBy = `${run.test}: ${result.failure ?? ""}`;
      }
    }

    const list = chosen.map((m) => outcomes.get(m)).filter((o): o is Outcome => o !== undefined);
    for (const o of list)
      if (o.status === "survived" && o.calls > 0 && o.applicable === 0) o.status = "not-applicable";
    const brokenBaseline = [...baseline].filter(([, r]) => !r.passed);
    const report = render({
      outcomes: list,
      skipped: [...rules.skipped, ...parsers.skipped],
      brokenBaseline,
      seconds: Math.round((Date.now() - started) / 1000),
      runCount,
      only: args.only,
      allTests: args.allTests,
      targets,
    });
    if (args.report !== null) {
      writeFileSync(resolve(ROOT, args.report), report);
      process.stdout.write(`wrote ${args.report}\n`);
    }
    const survivors = list.filter((o) => o.status === "survived");
    const killedCount = list.filter((o) => o.status === "killed").length;
    process.stdout.write(
      `${killedCount}/${list.length} mutants killed, ${survivors.length} survived in ${Math.round((Date.now() - started) / 1000)} s\n` +
        survivors.map((o) => `  survived: ${o.mutant.id} (${o.mutant.target.file})\n`).join(""),
    );
    for (const [t, r] of brokenBaseline) process.stdout.write(`  baseline failure: ${t}: ${r.failure}\n`);
  } finally {
    cleanup();
  }
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function render(input: {
  outcomes: Outcome[];
  skipped: Skipped[];
  brokenBaseline: Array<[string, FileResult]>;
  seconds: number;
  runCount: number;
  only: string | null;
  allTests: boolean;
  targets: Target[];
}): string {
  const { outcomes } = input;
  const killed = outcomes.filter((o) => o.status === "killed");
  const survived = outcomes.filter((o) => o.status === "survived");
  const inapplicable = outcomes.filter((o) => o.status === "not-applicable");
  const commit = git(["rev-parse", "--short=12", "HEAD"]);
  const dirty =
    git(["status", "--porcelain", "--", "src", "test"]) !== "" ? " (with uncommitted changes)" : "";
  const note = (o: Outcome): string =>
    o.testsRun.length === 0
      ? "no test reaches it"
      : o.calls === 0
        ? "never called by its tests"
        : o.applicable === 0
          ? "its results are never something this mutation changes (e.g. the last item of a boolean)"
          : o.changed === 0
            ? "its tests only give it inputs where the mutation changes nothing (e.g. results already empty)"
            : `changed ${o.changed} of ${o.calls} results, no test noticed`;
  const lines = [
    "# Mutation run",
    "",
    "Generated by `npm run mutate` (scripts/mutate.ts); do not edit by hand. Each rule registered in",
    "src/core/rules/index.ts is broken three ways (`silent`: its check reports nothing; `shift-line`: every",
    "finding one line lower; `flip-severity`: error <-> warning), each module under src/core/parse/ three",
    "ways, applied to all its exported functions (`throw`; `empty`: arrays, strings and maps in the result",
    "come back empty, an object without any becomes null; `drop-last`: the last item of each is dropped).",
    "A mutant is killed when a test file that passes unmutated fails with it. Tests: the module's own",
    "(test files importing it, or named after it in the mirror folder), then the nearest others that",
    "reach it through imports, then (unless `--near-only`) every other test file of test/core and test/cli",
    "that reaches it. Rule tests are in test/core/rules/.",
    "",
    `- Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- Commit: ${commit}${dirty}`,
    input.only ? `- Only mutants matching \`${input.only}\`` : "- All rules and parsers",
    `- Tests: each module's own, then the ${NEAR} nearest others that reach it${input.allTests ? ", then every other test file in test/core and test/cli that reaches it" : ""}`,
    `- ${input.targets.filter((t) => t.type === "rule").length} rules, ${input.targets.filter((t) => t.type === "parser").length} parser modules, ${outcomes.length} mutants, ${input.runCount} test-file runs, ${input.seconds} s`,
    `- **${killed.length} killed** (${killed.filter((o) => o.tier === 1).length} by the module's own tests, ${killed.filter((o) => o.tier === 2).length} by one of the ${NEAR} nearest others, ${killed.filter((o) => o.tier === 3).length} only further away), **${survived.length} survived**, ${inapplicable.length} not applicable`,
    "",
  ];
  if (input.brokenBaseline.length > 0) {
    lines.push("## Test files that fail without any mutant (their kills do not count)", "");
    for (const [t, r] of input.brokenBaseline) lines.push(`- \`${t}\`: ${mdCell(r.failure ?? "")}`);
    lines.push("");
  }
  lines.push("## Survivors", "");
  if (survived.length === 0) lines.push("None.", "");
  else {
    lines.push("| Mutant | Module | Tests run | Why it lives |", "| --- | --- | --- | --- |");
    for (const o of survived)
      lines.push(
        `| \`${o.mutant.id}\` | \`${o.mutant.target.file}\` | ${o.testsRun.length} | ${mdCell(note(o))} |`,
      );
    lines.push("");
  }
  if (inapplicable.length > 0) {
    lines.push(
      "## Not applicable",
      "",
      "Called by the tests, but never with a result the mutation can change: a boolean, a number, a function",
      "that returns nothing, or an object whose lists are nested below its top level (the mutation only reaches",
      "the top level) has no last item to drop. Not counted as survivors; the module's `throw` and `empty`",
      "mutants say whether its tests can fail.",
      "",
    );
    for (const o of inapplicable) lines.push(`- \`${o.mutant.id}\`: ${o.mutant.target.names.join(", ")}`);
    lines.push("");
  }
  lines.push("## Every mutant", "", "| Mutant | Result | Killed by |", "| --- | --- | --- |");
  for (const o of outcomes)
    lines.push(
      `| \`${o.mutant.id}\` | ${o.status}${o.tier !== null && o.tier > 1 ? ` (tier ${o.tier})` : ""} | ${mdCell(o.killedBy ?? note(o))} |`,
    );
  lines.push("", "## Not mutated", "");
  for (const s of input.skipped) lines.push(`- \`${s.file}\`: ${s.reason}`);
  lines.push("");
  return lines.join("\n");
}

await main();
