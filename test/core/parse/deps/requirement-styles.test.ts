import { parseDependencyFile } from "../../../../src/core/parse/deps/index.js";
import type { Pin } from "../../../../src/core/model/index.js";
import { loc } from "./helpers.js";

const DS = "https://github.com/EleutherAI/DeeperSpeed.git";

interface Row {
  line: string;
  name: string;
  kind: Pin["kind"];
  provider: Pin["provider"];
  specifier?: string | null;
  version?: string | null;
  ref?: string | null;
  refKind?: "commit" | "name" | null;
  vcsUrl?: string;
  egg?: string | null;
  editable?: boolean;
  extras?: string[];
  marker?: string | null;
  url?: string | null;
  /** Columns on line 1: the whole requirement, the name, the specifier (or ref). */
  span: [number, number];
  nameSpan: [number, number];
  specifierSpan: [number, number] | null;
}

// Every pin style of GPT-NeoX's history (knowledge/seed-bug.md §2) and the other forms pip accepts.
const rows: Array<[string, Row]> = [
  [
    "exact",
    {
      line: "deepspeed==0.12.6",
      name: "deepspeed",
      kind: "exact",
      provider: "pypi",
      specifier: "==0.12.6",
      version: "0.12.6",
      span: [1, 18],
      nameSpan: [1, 10],
      specifierSpan: [10, 18],
    },
  ],
  [
    "bare name",
    {
      line: "deepspeed",
      name: "deepspeed",
      kind: "unpinned",
      provider: "pypi",
      specifier: null,
      span: [1, 10],
      nameSpan: [1, 10],
      specifierSpan: null,
    },
  ],
  [
    "spaced range, mixed case",
    {
      line: "DeepSpeed >= 0.10, < 0.11",
      name: "deepspeed",
      kind: "range",
      provider: "pypi",
      specifier: ">=0.10,<0.11",
      version: null,
      span: [1, 26],
      nameSpan: [1, 10],
      specifierSpan: [11, 26],
    },
  ],
  [
    "prefix match",
    {
      line: "deepspeed==0.12.*",
      name: "deepspeed",
      kind: "range",
      provider: "pypi",
      specifier: "==0.12.*",
      span: [1, 18],
      nameSpan: [1, 10],
      specifierSpan: [10, 18],
    },
  ],
  [
    "arbitrary equality",
    {
      line: "deepspeed===0.12.6",
      name: "deepspeed",
      kind: "exact",
      provider: "pypi",
      version: "0.12.6",
      span: [1, 19],
      nameSpan: [1, 10],
      specifierSpan: [10, 19],
    },
  ],
  [
    "compatible release",
    {
      line: "deepspeed~=0.12.0",
      name: "deepspeed",
      kind: "range",
      provider: "pypi",
      span: [1, 18],
      nameSpan: [1, 10],
      specifierSpan: [10, 18],
    },
  ],
  [
    "exclusion",
    {
      line: "deepspeed!=0.12.*",
      name: "deepspeed",
      kind: "range",
      provider: "pypi",
      span: [1, 18],
      nameSpan: [1, 10],
      specifierSpan: [10, 18],
    },
  ],
  [
    "local version",
    {
      line: "deepspeed==0.12.4+91d1c55b",
      name: "deepspeed",
      kind: "exact",
      provider: "pypi",
      version: "0.12.4+91d1c55b",
      span: [1, 27],
      nameSpan: [1, 10],
      specifierSpan: [10, 27],
    },
  ],
  [
    "parenthesised",
    {
      line: "deepspeed (>=0.13)",
      name: "deepspeed",
      kind: "range",
      provider: "pypi",
      specifier: ">=0.13",
      span: [1, 19],
      nameSpan: [1, 10],
      specifierSpan: [12, 18],
    },
  ],
  [
    "2afd107: exact with an inline comment",
    {
      line: "deepspeed==0.3.10 # bug in DeepSpeed, see https://github.com/huggingface/transformers/issues/9996#issuecomment-773725303",
      name: "deepspeed",
      kind: "exact",
      provider: "pypi",
      specifier: "==0.3.10",
      version: "0.3.10",
      marker: null,
      span: [1, 18],
      nameSpan: [1, 10],
      specifierSpan: [10, 18],
    },
  ],
  [
    "92d033d8: editable git+git with a commit",
    {
      line: "-e git+git://github.com/EleutherAI/DeeperSpeed.git@5a454114886709987a954ed315bf9f6b14cc4efc#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "5a454114886709987a954ed315bf9f6b14cc4efc",
      refKind: "commit",
      vcsUrl: "git://github.com/EleutherAI/DeeperSpeed.git",
      egg: "deepspeed",
      editable: true,
      span: [1, 106],
      nameSpan: [97, 106],
      specifierSpan: [52, 92],
    },
  ],
  [
    "542fa7af: git+git with a commit",
    {
      line: "git+git://github.com/EleutherAI/DeeperSpeed.git@2d6a0d3de1282aa77a86df1a0d2a7ffa8647790b#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "2d6a0d3de1282aa77a86df1a0d2a7ffa8647790b",
      refKind: "commit",
      egg: "deepspeed",
      editable: false,
      span: [1, 103],
      nameSpan: [94, 103],
      specifierSpan: [49, 89],
    },
  ],
  [
    "b4c11710: git+https with a commit",
    {
      line: `git+${DS}@eb7f5cff36678625d23db8a8fe78b4a93e5d2c75#egg=deepspeed`,
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "eb7f5cff36678625d23db8a8fe78b4a93e5d2c75",
      refKind: "commit",
      vcsUrl: DS,
      egg: "deepspeed",
      span: [1, 105],
      nameSpan: [96, 105],
      specifierSpan: [51, 91],
    },
  ],
  [
    "586f5149: git+https without a ref",
    {
      line: `git+${DS}#egg=deepspeed`,
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: null,
      refKind: null,
      vcsUrl: DS,
      egg: "deepspeed",
      span: [1, 64],
      nameSpan: [55, 64],
      specifierSpan: null,
    },
  ],
  [
    "d3d59f2f: PEP 508 direct reference",
    {
      line: `deepspeed@git+${DS}@02e2ebf7dee6aaab3d89094ed470a4609763c742#egg=deepspeed`,
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "02e2ebf7dee6aaab3d89094ed470a4609763c742",
      refKind: "commit",
      vcsUrl: DS,
      egg: "deepspeed",
      span: [1, 115],
      nameSpan: [1, 10],
      specifierSpan: [61, 101],
    },
  ],
  [
    "direct reference to a tag, no .git",
    {
      line: "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed@v3.0",
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "v3.0",
      refKind: "name",
      vcsUrl: "https://github.com/EleutherAI/DeeperSpeed",
      egg: null,
      span: [1, 63],
      nameSpan: [1, 10],
      specifierSpan: [59, 63],
    },
  ],
  [
    "git+ssh with a user and a short SHA",
    {
      line: "git+ssh://git@github.com/EleutherAI/DeeperSpeed.git@91d1c55b#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "91d1c55b",
      refKind: "commit",
      vcsUrl: "ssh://git@github.com/EleutherAI/DeeperSpeed.git",
      span: [1, 75],
      nameSpan: [66, 75],
      specifierSpan: [53, 61],
    },
  ],
  [
    "DeeperSpeed in lower case, on a branch",
    {
      line: "git+https://github.com/eleutherai/deeperspeed@main#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "main",
      refKind: "name",
      span: [1, 65],
      nameSpan: [56, 65],
      specifierSpan: [47, 51],
    },
  ],
  [
    "upstream microsoft/DeepSpeed git",
    {
      line: "git+https://github.com/microsoft/DeepSpeed.git@v0.13.0#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "deepspeed-git",
      ref: "v0.13.0",
      refKind: "name",
      span: [1, 69],
      nameSpan: [60, 69],
      specifierSpan: [48, 55],
    },
  ],
  [
    "upstream deepspeedai/DeepSpeed at the fix commit",
    {
      line: "deepspeed @ git+https://github.com/deepspeedai/DeepSpeed.git@870ae041d42190be8139afc12bef51d6ed7719f3",
      name: "deepspeed",
      kind: "vcs",
      provider: "deepspeed-git",
      ref: "870ae041d42190be8139afc12bef51d6ed7719f3",
      refKind: "commit",
      span: [1, 102],
      nameSpan: [1, 10],
      specifierSpan: [62, 102],
    },
  ],
  [
    "#egg=deepspeed on an unrelated repository",
    {
      line: "git+https://github.com/someone/not-deepspeed.git@abc1234#egg=deepspeed",
      name: "deepspeed",
      kind: "vcs",
      provider: "other",
      ref: "abc1234",
      refKind: "commit",
      egg: "deepspeed",
      span: [1, 71],
      nameSpan: [62, 71],
      specifierSpan: [50, 57],
    },
  ],
  [
    "upstream git without #egg (name from the repository)",
    {
      line: "git+https://github.com/microsoft/DeepSpeed.git@v0.14.0",
      name: "deepspeed",
      kind: "vcs",
      provider: "deepspeed-git",
      ref: "v0.14.0",
      egg: null,
      span: [1, 55],
      nameSpan: [1, 55],
      specifierSpan: [48, 55],
    },
  ],
  [
    "another package by git, no #egg",
    {
      line: "git+https://github.com/EleutherAI/lm_dataformat.git@4eec05349977071bf67fc072290b95e31c8dd836",
      name: "lm-dataformat",
      kind: "vcs",
      provider: null,
      ref: "4eec05349977071bf67fc072290b95e31c8dd836",
      refKind: "commit",
      egg: null,
      span: [1, 93],
      nameSpan: [1, 93],
      specifierSpan: [53, 93],
    },
  ],
  [
    "subdirectory fragment",
    {
      line: "git+https://github.com/org/mono.git@v1#egg=pkg&subdirectory=python",
      name: "pkg",
      kind: "vcs",
      provider: null,
      ref: "v1",
      egg: "pkg",
      vcsUrl: "https://github.com/org/mono.git",
      span: [1, 67],
      nameSpan: [44, 47],
      specifierSpan: [37, 39],
    },
  ],
  [
    "extras",
    {
      line: "transformer-engine[pytorch]==1.12",
      name: "transformer-engine",
      kind: "exact",
      provider: null,
      version: "1.12",
      extras: ["pytorch"],
      span: [1, 34],
      nameSpan: [1, 19],
      specifierSpan: [28, 34],
    },
  ],
  [
    "environment marker",
    {
      line: 'numpy<2.0 ; python_version < "3.10"',
      name: "numpy",
      kind: "range",
      provider: null,
      specifier: "<2.0",
      marker: 'python_version < "3.10"',
      span: [1, 36],
      nameSpan: [1, 6],
      specifierSpan: [6, 10],
    },
  ],
  [
    "marker without spaces",
    {
      line: 'deepspeed;python_version>="3.8"',
      name: "deepspeed",
      kind: "unpinned",
      provider: "pypi",
      marker: 'python_version>="3.8"',
      span: [1, 32],
      nameSpan: [1, 10],
      specifierSpan: null,
    },
  ],
  [
    "hashes",
    {
      line: "flash-attn==2.5.6 --hash=sha256:abcd --hash=sha256:ef01",
      name: "flash-attn",
      kind: "exact",
      provider: null,
      version: "2.5.6",
      span: [1, 18],
      nameSpan: [1, 11],
      specifierSpan: [11, 18],
    },
  ],
  [
    "underscores normalised",
    {
      line: "mamba_ssm>=1.2.0.post1",
      name: "mamba-ssm",
      kind: "range",
      provider: null,
      specifier: ">=1.2.0.post1",
      span: [1, 23],
      nameSpan: [1, 10],
      specifierSpan: [10, 23],
    },
  ],
  [
    "two clauses",
    {
      line: "lm_eval>=0.4.0,<=0.4.1",
      name: "lm-eval",
      kind: "range",
      provider: null,
      specifier: ">=0.4.0,<=0.4.1",
      span: [1, 23],
      nameSpan: [1, 8],
      specifierSpan: [8, 23],
    },
  ],
  [
    "wheel URL",
    {
      line: "https://github.com/x/y/releases/download/v1/deepspeed-0.12.6-py3-none-any.whl",
      name: "deepspeed",
      kind: "url",
      provider: "other",
      url: "https://github.com/x/y/releases/download/v1/deepspeed-0.12.6-py3-none-any.whl",
      span: [1, 78],
      nameSpan: [1, 78],
      specifierSpan: null,
    },
  ],
  [
    "direct reference to an sdist",
    {
      line: "deepspeed @ https://files.example.org/deepspeed-0.12.6.tar.gz",
      name: "deepspeed",
      kind: "url",
      provider: "other",
      url: "https://files.example.org/deepspeed-0.12.6.tar.gz",
      span: [1, 62],
      nameSpan: [1, 10],
      specifierSpan: null,
    },
  ],
  [
    "direct reference to a local wheel",
    {
      line: "deepspeed @ file:///opt/wheels/deepspeed-0.12.6-py3-none-any.whl",
      name: "deepspeed",
      kind: "path",
      provider: "other",
      url: "file:///opt/wheels/deepspeed-0.12.6-py3-none-any.whl",
      span: [1, 65],
      nameSpan: [1, 10],
      specifierSpan: null,
    },
  ],
  [
    "local path",
    {
      line: "./vendor/deepspeed",
      name: "deepspeed",
      kind: "path",
      provider: "other",
      url: "./vendor/deepspeed",
      editable: false,
      span: [1, 19],
      nameSpan: [1, 19],
      specifierSpan: null,
    },
  ],
  [
    "editable current folder",
    {
      line: "-e .",
      name: "",
      kind: "path",
      provider: null,
      url: ".",
      editable: true,
      span: [1, 5],
      nameSpan: [4, 5],
      specifierSpan: null,
    },
  ],
  [
    "--editable= form",
    {
      line: `--editable=git+${DS}@v3.0#egg=deepspeed`,
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "v3.0",
      editable: true,
      span: [1, 80],
      nameSpan: [71, 80],
      specifierSpan: [62, 66],
    },
  ],
  [
    "VCS URL with a marker",
    {
      line: `git+${DS}@v3.0#egg=deepspeed ; sys_platform == "linux"`,
      name: "deepspeed",
      kind: "vcs",
      provider: "deeperspeed",
      ref: "v3.0",
      marker: 'sys_platform == "linux"',
      span: [1, 95],
      nameSpan: [60, 69],
      specifierSpan: [51, 55],
    },
  ],
];

describe("requirements lines: every pin style", () => {
  it.each(rows)("%s", (_title, row) => {
    const file = parseDependencyFile("requirements.txt", `${row.line}\n`);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins).toHaveLength(1);
    const pin = file.pins[0] as Pin;
    expect(pin).toMatchObject({
      path: "requirements.txt",
      source: "requirements",
      name: row.name,
      kind: row.kind,
      provider: row.provider,
    });
    if (row.specifier !== undefined) expect(pin.specifier).toBe(row.specifier);
    if (row.version !== undefined) expect(pin.version).toBe(row.version);
    if (row.ref !== undefined) expect(pin.vcs?.ref ?? null).toBe(row.ref);
    if (row.refKind !== undefined) expect(pin.vcs?.refKind ?? null).toBe(row.refKind);
    if (row.vcsUrl !== undefined) expect(pin.vcs?.url).toBe(row.vcsUrl);
    if (row.egg !== undefined) expect(pin.egg).toBe(row.egg);
    if (row.url !== undefined) expect(pin.url).toBe(row.url);
    expect(pin.editable).toBe(row.editable ?? false);
    expect(pin.extras).toEqual(row.extras ?? []);
    expect(pin.marker).toBe(row.marker ?? null);
    expect(pin.constraint).toBe(false);
    expect(pin.includedFrom).toBeNull();
    expect(loc(pin.span)).toBe(`1:${row.span[0]}-1:${row.span[1]}`);
    expect(loc(pin.nameSpan)).toBe(`1:${row.nameSpan[0]}-1:${row.nameSpan[1]}`);
    expect(loc(pin.specifierSpan)).toBe(
      row.specifierSpan ? `1:${row.specifierSpan[0]}-1:${row.specifierSpan[1]}` : null,
    );
    if (pin.kind === "vcs") {
      // A VCS pin's ref span covers exactly the ref, where a fix would write a new one.
      expect(pin.vcs?.refField).toBe(pin.vcs?.ref === null ? null : "at");
      if (pin.specifierSpan)
        expect(row.line.slice(pin.specifierSpan.column - 1, pin.specifierSpan.endColumn - 1)).toBe(
          pin.vcs?.ref,
        );
    }
  });

  it("records GitHub owner and name for a DeeperSpeed URL", () => {
    const [pin] = parseDependencyFile("requirements.txt", `git+${DS}@v3.0#egg=deepspeed\n`).pins;
    expect(pin?.vcs).toEqual({
      url: DS,
      ref: "v3.0",
      refKind: "name",
      refField: "at",
      repo: { host: "github.com", owner: "EleutherAI", name: "DeeperSpeed" },
    });
  });

  it("gives the PEP 440 form of the specifier for the versioning module", () => {
    const file = parseDependencyFile("requirements.txt", "a >= 1.0, < 2\nb\nc @ https://x/c-1.0.tar.gz\n");
    expect(file.pins.map((p) => p.pep440Specifier)).toEqual([">=1.0,<2", null, null]);
  });

  it("reads a requirement split over continuation lines with its options", () => {
    const text =
      "deepspeed \\\n    ==0.12.6 \\\n    --hash=sha256:abcd \\\n    --hash=sha256:ef01\ntorch==2.1.0\n";
    const file = parseDependencyFile("requirements.txt", text);
    expect(file.diagnostics).toEqual([]);
    expect(
      file.pins.map((p) => [p.name, p.specifier, loc(p.span), loc(p.nameSpan), loc(p.specifierSpan)]),
    ).toEqual([
      ["deepspeed", "==0.12.6", "1:1-2:13", "1:1-1:10", "2:5-2:13"],
      ["torch", "==2.1.0", "5:1-5:13", "5:1-5:6", "5:6-5:13"],
    ]);
  });

  it("ignores comments, blank lines and option lines, with CRLF line ends", () => {
    const text = [
      "# full-line comment",
      "",
      "--index-url https://download.pytorch.org/whl/cu121",
      "--extra-index-url https://example.org/simple",
      "-i https://example.org/simple",
      "-f https://example.org/wheels",
      "--find-links=./wheels",
      "--pre",
      "--trusted-host example.org",
      "--no-binary :all:",
      "--only-binary=deepspeed",
      "--prefer-binary",
      "--require-hashes",
      "--no-index",
      "--use-feature=fast-deps",
      "   # indented comment",
      "deepspeed==0.13.0  # fixed in 0.13.0",
    ].join("\r\n");
    const file = parseDependencyFile("requirements.txt", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map((p) => [p.name, p.specifier, loc(p.span)])).toEqual([
      ["deepspeed", "==0.13.0", "17:1-17:18"],
    ]);
  });

  it("keeps `#` that is not after whitespace: a URL fragment is not a comment", () => {
    const text = "deepspeed @ https://files.example.org/deepspeed-0.12.6.tar.gz#sha256=abcd # a comment\n";
    const [pin] = parseDependencyFile("requirements.txt", text).pins;
    expect(pin?.url).toBe("https://files.example.org/deepspeed-0.12.6.tar.gz#sha256=abcd");
    expect(loc(pin?.span)).toBe("1:1-1:74");
  });

  it("marks every pin of a constraints file as a constraint", () => {
    const file = parseDependencyFile("constraints.txt", "deepspeed<0.13\ntorch==2.1.0\n");
    expect(file.source).toBe("constraints");
    expect(file.pins.map((p) => [p.name, p.constraint, p.source])).toEqual([
      ["deepspeed", true, "constraints"],
      ["torch", true, "constraints"],
    ]);
  });
});
