/**
 * The hostile-input suite (issue 9): every case is one repository a pull request author could write,
 * run through BOTH ways neox-check reads a repository, the CLI (`neox-check check --format json`, in
 * process, over the files on disk) and the App's analysis (`analyze` over the GitHub API workspace,
 * GitHub served by nock). Each case must end with a finding or a diagnostic, never a throw nor an
 * internal error, and the CLI and the App must say exactly the same thing.
 *
 * How "linear time" is asserted, without timing assertions (which are flaky on a shared machine):
 * - The two texts that were super-linear (the suppression comment regex, the glob regexes) are now
 *   scans that count their work (`ScanWork`, `MatchWork`). Below, each hostile case of that kind is
 *   measured at 1x, 2x and 4x its size: the count must at most about double per doubling. The same
 *   growth tests, on more shapes, are in test/core/engine/{suppressions,glob}.test.ts.
 * - Structurally: the scanners contain no regular expression at all, and no `new RegExp` in src/core or
 *   src/report is built from anything but constants (checked below on the source text).
 * - The YAML and dependency parsers were made linear and bounded earlier (limits: 128 KiB per config,
 *   nesting, aliases, node count, line length, pins per file); their growth per doubling is what
 *   `npm run bench` section 3 ("hostile input") reports as ratios against a same-size honest file.
 * A hang still fails here, through jest's timeout, but no test asserts a duration.
 *
 * The earlier reliability cases this suite gathers by reference (each is a unit test of one layer):
 * - YAML bombs, deep nesting, NUL, random text: test/core/parse/yaml11.test.ts ("hostile input");
 * - every dependency format with binary, 5 MB, noise, long lines, continuations, alias bombs, hostile
 *   include paths: test/core/parse/deps/hostile.test.ts; include cycles: deps/includes.test.ts;
 * - decoding (NUL, BOM, invalid UTF-8, surrogates, 1 MiB): test/core/parse/decode-text.test.ts;
 * - suppression and glob growth: test/core/engine/{suppressions,glob}.test.ts;
 * - hostile names and symlinks on disk: test/cli/fs-workspace.test.ts;
 * - escaping of paths and messages into Markdown, SARIF, annotations and workflow commands:
 *   test/report/{escape,summary-comment,check-run,review-comments,sarif}.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { matchesAny, type MatchWork } from "../../src/core/engine/glob.js";
import { neoxChecks } from "../../src/core/knowledge/neox-checks.generated.js";
import { parseSuppressions, type ScanWork } from "../../src/core/engine/suppressions.js";
import { oneLine } from "../../src/report/escape.js";
import { runApp, runCli, type Files } from "./harness.js";

const CONFIG = "configs/finetune.yml";
const REQS = "requirements.txt";
const REPO_CONFIG = ".github/neox-check.yml";

/** A NeoX config that finetunes in bf16 (line 10: `finetune: true`), as lines. */
const CONFIG_LINES = [
  "num_layers: 12",
  "hidden_size: 768",
  "num_attention_heads: 12",
  "seq_length: 2048",
  "max_position_embeddings: 2048",
  "pos_emb: rotary",
  "train_micro_batch_size_per_gpu: 8",
  "zero_optimization: {stage: 1}",
  "precision: bfloat16",
  "finetune: true",
  "load: checkpoints/pythia-160m",
];
const FINETUNE_LINE = 10;
const config = (eol = "\n"): string => CONFIG_LINES.join(eol) + eol;
/** The seed bug: NXC101 on the finetune line. */
const BUGGY: Files = { [CONFIG]: config(), [REQS]: "deepspeed==0.12.6\n" };
const nxc101 = (path = CONFIG, line = FINETUNE_LINE): string => `NXC101 ${path}:${line}`;

/** `mutate` applied to the lines of the buggy config. */
function configWith(mutate: (lines: string[]) => string[]): string {
  return `${mutate([...CONFIG_LINES]).join("\n")}\n`;
}

interface Case {
  name: string;
  files: Files;
  /** Lines the outcome must contain (findings or diagnostics); one ending in `:` matches any line. */
  expect: string[];
  /** Why the CLI cannot be given these files (then only the App reads them). */
  appOnly?: string;
}

/** A path of about `length` characters in folders of 250 (a file system refuses names over 255 bytes). */
const longDir = (length: number): string =>
  Array.from(
    { length: Math.ceil(length / 251) },
    (_, i) => `${String(i).padStart(3, "0")}${"d".repeat(247)}`,
  ).join("/");
/** As long as a path on disk may be (Linux refuses paths over 4,096 bytes): the CLI and the App. */
const deepDir = longDir(3_700);
/** 10 KB: only a git tree (the App) can hold it. */
const tenKbDir = longDir(10_000);

const CASES: Case[] = [
  { name: "the seed bug itself (control)", files: BUGGY, expect: [nxc101()] },

  // Suppression comments (the regex that froze the App).
  {
    name: "requirements: a directive followed by 1,000,000 spaces",
    files: {
      [CONFIG]: config(),
      [REQS]: `deepspeed==0.12.6  # neox-check: ignore${" ".repeat(1_000_000)}\n`,
    },
    expect: [nxc101()],
  },
  {
    name: "config: a directive followed by 120,000 spaces, then a word",
    files: {
      ...BUGGY,
      [CONFIG]: configWith((l) => [
        ...l.slice(0, 9),
        `finetune: true  # neox-check: ignore${" ".repeat(120_000)}x`,
        l[10] as string,
      ]),
    },
    expect: [nxc101()],
  },
  {
    name: "config: a directive followed by 120,000 spaces suppresses",
    files: {
      ...BUGGY,
      [CONFIG]: configWith((l) => [
        ...l.slice(0, 9),
        `finetune: true  # neox-check: ignore NXC101 -- reviewed${" ".repeat(120_000)}`,
        l[10] as string,
      ]),
    },
    expect: [`${nxc101()} (suppressed)`],
  },
  {
    name: "config: 20,000 rule ids and a trailing comma, then many #",
    files: {
      ...BUGGY,
      [CONFIG]: configWith((l) => [
        ...l,
        `# neox-check: ignore ${"NXC101 ".repeat(10_000)},`,
        `#${"# neox-check: ignore NXC101 x ".repeat(2_000)}`,
      ]),
    },
    expect: [nxc101()],
  },
  {
    name: "config: a suppression whose reason is Markdown, HTML and right-to-left text",
    files: {
      ...BUGGY,
      [CONFIG]: configWith((l) => [
        ...l.slice(0, 9),
        "# neox-check: ignore NXC101 -- [click](https://evil.example) <img src=x onerror=alert(1)> \u202etxt.exe @org/team",
        ...l.slice(9),
      ]),
    },
    expect: [`NXC101 ${CONFIG}:${FINETUNE_LINE + 1} (suppressed)`],
  },

  // Globs in the repository configuration (compiled to backtracking regexes before).
  {
    name: "exclude *a*a*a*a*a*a*a*ab against a long file name",
    files: {
      ...BUGGY,
      [REPO_CONFIG]: 'exclude: ["*a*a*a*a*a*a*a*ab"]\n',
      [`configs/${"a".repeat(250)}.yml`]: config(),
    },
    expect: [nxc101(), nxc101(`configs/${"a".repeat(250)}.yml`)],
  },
  {
    name: "exclude **/ repeated 2,000 times against a 10 KB path",
    files: {
      ...BUGGY,
      [REPO_CONFIG]: `exclude: ["${"**/".repeat(1_000)}x/y"]\n`,
      [`${deepDir}/a.yml`]: config(),
    },
    expect: [nxc101(), nxc101(`${deepDir}/a.yml`)],
  },
  {
    name: "a 400 KB glob (a regex stack overflow before)",
    files: { ...BUGGY, [REPO_CONFIG]: `exclude: ["${"*a".repeat(200_000)}b"]\n` },
    expect: [nxc101()],
  },
  {
    name: "braces nested 500 deep and 2^20 alternatives",
    files: {
      ...BUGGY,
      [REPO_CONFIG]: `exclude: ["${"{a,".repeat(500)}${"}".repeat(500)}", "${"{a,b}".repeat(20)}"]\n`,
    },
    expect: [nxc101()],
  },
  {
    name: "ignore entries with hostile globs",
    files: {
      ...BUGGY,
      [REPO_CONFIG]: `ignore:\n  - rule: NXC101\n    path: "${"*a".repeat(2_000)}*b"\n    reason: hostile\n  - rule: NXC101\n    path: "[z-a"\n    reason: broken\n`,
    },
    expect: [nxc101()],
  },

  // YAML bombs.
  {
    name: "billion laughs",
    files: {
      ...BUGGY,
      "configs/bomb.yml": `a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n${Array.from(
        { length: 9 },
        (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(",")}]`,
      ).join("\n")}\nnum_layers: 2\n`,
    },
    expect: [nxc101(), "yaml-limit configs/bomb.yml:"],
  },
  {
    name: "deep block sequences - - - - x",
    files: { ...BUGGY, "configs/deep.yml": `num_layers: 2\nx: ${"- ".repeat(30_000)}x\n` },
    expect: [nxc101(), "yaml-syntax configs/deep.yml:2"],
  },
  {
    name: "deep flow [[[[ ]]]]",
    files: { ...BUGGY, "configs/flow.yml": `num_layers: [${"[".repeat(50_000)}${"]".repeat(50_000)}]\n` },
    expect: [nxc101(), "yaml-limit configs/flow.yml:1"],
  },

  // Sizes and bytes.
  {
    name: "a 5 MB config",
    files: { ...BUGGY, "configs/huge.yml": `num_layers: 2\n# ${"x".repeat(5 * 1024 * 1024)}\n` },
    expect: [nxc101(), "too-large configs/huge.yml:1"],
  },
  {
    name: "a 1 MB single line",
    files: { ...BUGGY, "configs/line.yml": `num_layers: "${"x".repeat(1_000_000)}"` },
    expect: [nxc101(), "yaml-limit configs/line.yml:1"],
  },
  {
    name: "a binary file where a config is expected",
    files: { ...BUGGY, "configs/binary.yml": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]) },
    expect: [nxc101(), "binary configs/binary.yml:1"],
  },
  {
    name: "a NUL byte in the requirements",
    files: { [CONFIG]: config(), [REQS]: "deepspeed==0.12.6\n\u0000\n" },
    expect: [`binary ${REQS}:1`],
  },
  {
    name: "a lone surrogate encoded in UTF-8 bytes",
    files: { ...BUGGY, "configs/surrogate.yml": Buffer.from([0x61, 0x3a, 0x20, 0xed, 0xa0, 0x80, 0x0a]) },
    expect: [nxc101(), "not-utf8 configs/surrogate.yml:1"],
  },
  {
    name: "a byte-order mark",
    files: { ...BUGGY, [CONFIG]: `\ufeff${config()}` },
    expect: [nxc101()],
  },
  {
    name: "invalid UTF-8 (Latin-1) in the config",
    files: {
      ...BUGGY,
      [CONFIG]: Buffer.from(
        configWith((l) => [...l, "# caf\xe9"]),
        "latin1",
      ),
    },
    expect: [`not-utf8 ${CONFIG}:12`],
  },
  {
    name: "invalid UTF-8 in the requirements",
    files: { [CONFIG]: config(), [REQS]: Buffer.from("numpy\ndeepspeed==0.12.6 # \xff\n", "latin1") },
    expect: [`not-utf8 ${REQS}:2`],
  },

  // Line endings.
  {
    name: "\\r-only line endings (old Mac)",
    files: { ...BUGGY, [CONFIG]: config("\r") },
    expect: [nxc101()],
  },
  { name: "\\r\\n line endings", files: { ...BUGGY, [CONFIG]: config("\r\n") }, expect: [nxc101()] },
  {
    name: "NEL and U+2028 line endings",
    files: { ...BUGGY, [CONFIG]: config("\u2028") },
    expect: [nxc101()],
  },

  // File names.
  {
    name: "a file name with Markdown, HTML and a newline",
    files: { [REQS]: "deepspeed==0.12.6\n", "configs/[x](https:evil) <b>a</b>\n`b`.yml": config() },
    expect: [nxc101("configs/[x](https:evil) <b>a</b>\n`b`.yml")],
  },
  {
    name: "a right-to-left override in a file name",
    files: { [REQS]: "deepspeed==0.12.6\n", "configs/\u202elmy.yml": config() },
    expect: [nxc101("configs/\u202elmy.yml")],
  },
  {
    name: "a 3.7 KB path",
    files: { [REQS]: "deepspeed==0.12.6\n", [`${deepDir}/run.yml`]: config() },
    expect: [nxc101(`${deepDir}/run.yml`)],
  },
  {
    name: "a 10 KB path",
    files: { [REQS]: "deepspeed==0.12.6\n", [`${tenKbDir}/run.yml`]: config() },
    expect: [nxc101(`${tenKbDir}/run.yml`)],
    appOnly: "Linux refuses paths over 4,096 bytes, so no checkout holds it; a git tree can",
  },
  {
    name: "../ and absolute paths in a git tree",
    files: { [REQS]: "deepspeed==0.12.6\n", "../../etc/x.yml": config(), "/abs/y.yml": config() },
    expect: [nxc101("../../etc/x.yml"), nxc101("/abs/y.yml")],
    appOnly:
      "a directory on disk cannot hold these names; GitHub never sends them, but the App must not care",
  },
  {
    name: "includes that leave the repository (../, absolute)",
    files: { [CONFIG]: config(), [REQS]: "-r ../../../etc/passwd\n-c /etc/shadow\ndeepspeed==0.12.6\n" },
    expect: [nxc101(), `include-outside-repository ${REQS}:1`, `include-outside-repository ${REQS}:2`],
  },

  // Odd pins.
  {
    name: "deepspeed=== with no version",
    files: { [CONFIG]: config(), [REQS]: "deepspeed===\n" },
    expect: [`invalid-requirement ${REQS}:1`, `NXC303 ${REQS}:1`],
  },
  {
    name: "a 100 KB version string",
    files: { [CONFIG]: config(), [REQS]: `deepspeed==${"1.".repeat(50_000)}0\n` },
    expect: [`line-too-long ${REQS}:1`],
  },
  {
    name: "10,000 -r includes",
    files: {
      [CONFIG]: config(),
      [REQS]: `${Array.from({ length: 10_000 }, (_, i) => `-r req/r${i}.txt`).join("\n")}\ndeepspeed==0.12.6\n`,
    },
    expect: [nxc101(), `include-not-found ${REQS}:1`, `too-many-files ${REQS}:1`],
  },
  {
    name: "an include cycle",
    files: {
      [CONFIG]: config(),
      [REQS]: "-r requirements/a.txt\ndeepspeed==0.12.6\n",
      "requirements/a.txt": "-r b.txt\n",
      "requirements/b.txt": "-r a.txt\n-r ../requirements.txt\n",
    },
    expect: [nxc101(), "include-cycle requirements/b.txt:1"],
  },

  // Other regexes that backtracked on untrusted text (found by the audit of src/core and src/report).
  {
    name: "config: !!float on 100,000 digits and a letter",
    files: { ...BUGGY, "configs/float.yml": `num_layers: 2\nlr: !!float ${"1".repeat(100_000)}x\n` },
    expect: [nxc101(), "yaml-syntax configs/float.yml:2"],
  },
  {
    name: "config: !!float on 100,000 dots in quotes (the message quotes them)",
    files: { ...BUGGY, "configs/dots.yml": `num_layers: 2\nlr: !!float "${".".repeat(100_000)}x"\n` },
    expect: [nxc101(), "yaml-syntax configs/dots.yml:2", "NXC223 configs/dots.yml:2"],
  },
  {
    name: "a git ref that almost looks like a version (v1.0aaaa...a-)",
    files: {
      [CONFIG]: config(),
      [REQS]: `deepspeed @ git+https://github.com/microsoft/DeepSpeed.git@v1.0${"a".repeat(5_000)}-\n`,
    },
    expect: [`NXC101 ${CONFIG}:`],
  },
  {
    name: "NeoX's arguments source with a class line of 200,000 spaces",
    files: {
      ...BUGGY,
      "megatron/neox_arguments/neox_args.py": `class NeoXArgsX${" ".repeat(200_000)}x\nclass NeoXArgsModel(NeoXArgsTemplate):\n    num_layers: int = None\n`,
    },
    expect: [`NXC107 ${REQS}:1`],
  },

  // TOML and JSON bombs.
  {
    name: "pyproject.toml: arrays nested 100,000 deep",
    files: {
      [CONFIG]: config(),
      [REQS]: "deepspeed==0.12.6\n",
      "pyproject.toml": `[project]\nname = "x"\ndependencies = ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
    },
    expect: [nxc101(), "invalid-toml pyproject.toml:"],
  },
  {
    name: "pyproject.toml: 50,000 inline tables",
    files: {
      [CONFIG]: config(),
      "pyproject.toml": `[project]\nname = "x"\ndependencies = ["deepspeed==0.12.6"]\n[tool.x]\n${Array.from(
        { length: 50_000 },
        (_, i) => `k${i} = {a = {b = {c = [1, 2, 3]}}}`,
      ).join("\n")}\n`,
    },
    expect: [nxc101(), "too-large pyproject.toml:1"],
  },
  {
    name: "Pipfile.lock: objects nested 100,000 deep",
    files: {
      [CONFIG]: config(),
      [REQS]: "deepspeed==0.12.6\n",
      "Pipfile.lock": `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`,
    },
    expect: [nxc101(), "invalid-json Pipfile.lock:1"],
  },
  {
    name: "environment.yml: an alias bomb",
    files: {
      [CONFIG]: config(),
      [REQS]: "deepspeed==0.12.6\n",
      "environment.yml": `x: &a [1,1,1,1,1,1,1,1,1]\n${Array.from(
        { length: 12 },
        (_, i) =>
          `x${i}: &a${i} [${Array(9)
            .fill(i === 0 ? "*a" : `*a${i - 1}`)
            .join(",")}]`,
      ).join("\n")}\ndependencies: [python]\n`,
    },
    expect: [nxc101()],
  },
];

describe("hostile input through the CLI and the App", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const app = await runApp(c.files);
    if (c.appOnly === undefined) {
      const cli = await runCli(c.files);
      expect(cli.stderr).toBe("");
      expect([0, 1]).toContain(cli.code);
      // The same findings and diagnostics, whichever way the repository is read.
      expect(app.findings).toEqual(cli.findings);
      expect(app.diagnostics).toEqual(cli.diagnostics);
      expect(app.messages).toEqual(cli.messages);
    } else {
      console.log(`${c.name}: the App only, because ${c.appOnly}`);
    }
    // Never silent, never an internal error.
    expect(app.findings.length + app.diagnostics.length).toBeGreaterThan(0);
    expect(app.diagnostics.filter((d) => d.startsWith("internal"))).toEqual([]);
    const said = [...app.findings, ...app.diagnostics];
    for (const line of c.expect) {
      expect(said.filter((s) => (line.endsWith(":") ? s.startsWith(line) : s === line))).not.toEqual([]);
    }
  });
});

describe("the two scanners on this suite's hostile texts grow linearly", () => {
  /** Work at 1x, 2x and 4x: each doubling may at most about double it. */
  function expectLinear(counts: number[]): void {
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i] as number).toBeLessThanOrEqual(2.1 * (counts[i - 1] as number));
    }
  }

  it("suppression comments followed by spaces", () => {
    expectLinear(
      [250_000, 500_000, 1_000_000].map((n) => {
        const work: ScanWork = { steps: 0 };
        parseSuppressions(`deepspeed  # neox-check: ignore${" ".repeat(n)}x\n`, work);
        return work.steps;
      }),
    );
  });

  it("*a*a*a*a*a*a*a*ab and **/ repeated, against longer and longer paths", () => {
    for (const [glob, path] of [
      ["*a*a*a*a*a*a*a*ab", (n: number) => "a".repeat(n)],
      [`${"**/".repeat(1_000)}x/y`, (n: number) => "d/".repeat(n) + "a.yml"],
    ] as const) {
      expectLinear(
        [2_500, 5_000, 10_000].map((n) => {
          const work: MatchWork = { steps: 0 };
          expect(matchesAny(path(n), [glob], work)).toBe(false);
          return work.steps;
        }),
      );
    }
  });
});

describe("renderers fold hostile white space in linear time", () => {
  it.each([
    ["a million spaces and a word", `${" ".repeat(1_000_000)}x`, `${" ".repeat(1_000_000)}x`],
    ["spaces around newlines", ` a ${" ".repeat(100_000)}\n${" ".repeat(100_000)} b`, " a b"],
  ])("oneLine: %s", (_name, text, expected) => {
    // The old `\s*[\r\n]+\s*` took minutes on the first text; a hang fails through jest's timeout.
    expect(oneLine(text)).toBe(expected);
  });
});

describe("no regular expression over untrusted text in the scanners", () => {
  const root = new URL("../../src/", import.meta.url);

  it.each(["core/engine/glob.ts", "core/engine/suppressions.ts", "core/parse/decode-text.ts"])(
    "%s applies no regular expression",
    (file) => {
      const source = readFileSync(new URL(file, root), "utf8");
      // No `new RegExp`, no regex method, no string method given a regex literal.
      expect(source).not.toMatch(
        /new RegExp|\.(?:exec|test)\(|\.(?:match|matchAll|replace|replaceAll|split|search)\(\s*\//,
      );
    },
  );

  it("every new RegExp in src/core and src/report is built from constants", () => {
    const built: string[] = [];
    for (const dir of ["core", "report"]) {
      const base = new URL(`${dir}/`, root);
      for (const entry of readdirSync(base, { recursive: true, encoding: "utf8" })) {
        if (!entry.endsWith(".ts")) continue;
        const source = readFileSync(join(base.pathname, entry), "utf8");
        for (const m of source.matchAll(/new RegExp\((?<arg>[^,)]*)/g))
          built.push(`${dir}/${entry}: ${m.groups?.arg}`);
      }
    }
    // Left: a PEP 440 clause pattern from a constant string, and the NeoX checks' patterns from
    // knowledge/neox-checks.yml (ours, checked below to be plain text with no group or nested quantifier).
    expect(built).toEqual([
      "core/environment/neox-environment.ts: check.match",
      "core/versioning/specifier.ts: `^${RANGE_PATTERN}$`",
    ]);
    for (const check of neoxChecks) expect(check.match).not.toMatch(/[(){}|]|[*+?].*[*+?]/);
  });
});
