import { parseDependencyFile } from "../../../../src/core/parse/deps/index.js";
import type { Pin } from "../../../../src/core/model/index.js";
import { loc } from "./helpers.js";

/** The facts of a pin that a table row checks, in a fixed order. */
function facts(p: Pin): unknown[] {
  return [
    p.source,
    p.name,
    p.kind,
    p.specifier,
    p.pep440Specifier,
    p.version,
    p.provider,
    p.vcs ? `${p.vcs.url}@${p.vcs.ref ?? "-"}(${p.vcs.refKind ?? "-"},${p.vcs.refField ?? "-"})` : null,
    loc(p.span),
    loc(p.nameSpan),
    loc(p.specifierSpan),
  ];
}

const DS = "https://github.com/EleutherAI/DeeperSpeed.git";

describe("pyproject.toml", () => {
  const text = [
    "[project]", // 1
    'name = "neox-run"', // 2
    "dependencies = [", // 3
    '  "deepspeed>=0.13",  # uv source below', // 4
    "  'numpy<2.0 ; python_version < \"3.12\"',", // 5
    '  "torch @ https://download.example.org/torch-2.1.0-cp310-cp310-linux_x86_64.whl",', // 6
    "]", // 7
    "[project.optional-dependencies]", // 8
    'flash = ["flash-attn==2.5.6", "einops"]', // 9
    "[dependency-groups]", // 10
    'test = ["pytest>=8", {include-group = "flash"}]', // 11
    "[tool.uv.sources]", // 12
    `deepspeed = { git = "${DS}", rev = "02e2ebf7dee6aaab3d89094ed470a4609763c742" }`, // 13
    "[tool.uv]", // 14
    'constraint-dependencies = ["triton==2.1.0"]', // 15
  ].join("\n");

  it("reads PEP 621 lists, dependency groups, uv sources and uv constraints with exact places", () => {
    const file = parseDependencyFile("pyproject.toml", text);
    expect(file.source).toBe("pyproject");
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "uv",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deeperspeed",
        `${DS}@02e2ebf7dee6aaab3d89094ed470a4609763c742(commit,rev)`,
        "13:1-13:120",
        "13:1-13:10",
        "13:77-13:117",
      ],
      ["pyproject", "numpy", "range", "<2.0", "<2.0", null, null, null, "5:4-5:39", "5:4-5:9", "5:9-5:13"],
      ["pyproject", "torch", "url", null, null, null, null, null, "6:4-6:81", "6:4-6:9", null],
      [
        "pyproject",
        "flash-attn",
        "exact",
        "==2.5.6",
        "==2.5.6",
        "2.5.6",
        null,
        null,
        "9:11-9:28",
        "9:11-9:21",
        "9:21-9:28",
      ],
      ["pyproject", "einops", "unpinned", null, null, null, null, null, "9:32-9:38", "9:32-9:38", null],
      [
        "pyproject",
        "pytest",
        "range",
        ">=8",
        ">=8",
        null,
        null,
        null,
        "11:10-11:19",
        "11:10-11:16",
        "11:16-11:19",
      ],
      [
        "uv",
        "triton",
        "exact",
        "==2.1.0",
        "==2.1.0",
        "2.1.0",
        null,
        null,
        "15:29-15:42",
        "15:29-15:35",
        "15:35-15:42",
      ],
    ]);
    expect(file.pins.find((p) => p.name === "numpy")?.marker).toBe('python_version < "3.12"');
    expect(file.pins.find((p) => p.name === "triton")?.constraint).toBe(true);
  });

  it("reads Poetry dependencies, groups and every value form", () => {
    const poetry = [
      "[tool.poetry.dependencies]", // 1
      'python = "^3.8"', // 2
      `deepspeed = {git = "${DS}", rev = "02e2ebf7dee6aaab3d89094ed470a4609763c742"}`, // 3
      'ftfy = "^6.0.1"', // 4
      'jinja2 = "3.1.4"', // 5
      'regex = "*"', // 6
      'lm_eval = ">=0.4.0,<=0.4.1"', // 7
      'torch = {version = "~2.1", extras = ["cuda"], markers = "sys_platform == \'linux\'"}', // 8
      'local = {path = "../local", develop = true}', // 9
      'wheel = {url = "https://example.org/wheel-1.0-py3-none-any.whl"}', // 10
      "numpy = [", // 11
      '  {version = "<2", python = "<3.9"},', // 12
      '  {version = "^2.0", python = ">=3.9"},', // 13
      "]", // 14
      "[tool.poetry.group.dev.dependencies]", // 15
      'tok = {git = "git@github.com:huggingface/tokenizers.git", tag = "v0.15.0"}', // 16
      'DeepSpeed = {git = "https://github.com/microsoft/DeepSpeed.git", branch = "master"}', // 17
    ].join("\n");
    const file = parseDependencyFile("requirements/pyproject.toml", poetry);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "poetry",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deeperspeed",
        `${DS}@02e2ebf7dee6aaab3d89094ed470a4609763c742(commit,rev)`,
        "3:1-3:118",
        "3:1-3:10",
        "3:76-3:116",
      ],
      [
        "poetry",
        "ftfy",
        "range",
        "^6.0.1",
        ">=6.0.1,<7.0.0",
        null,
        null,
        null,
        "4:1-4:16",
        "4:1-4:5",
        "4:9-4:15",
      ],
      [
        "poetry",
        "jinja2",
        "exact",
        "3.1.4",
        "==3.1.4",
        "3.1.4",
        null,
        null,
        "5:1-5:17",
        "5:1-5:7",
        "5:11-5:16",
      ],
      ["poetry", "regex", "unpinned", null, null, null, null, null, "6:1-6:12", "6:1-6:6", null],
      [
        "poetry",
        "lm-eval",
        "range",
        ">=0.4.0,<=0.4.1",
        ">=0.4.0,<=0.4.1",
        null,
        null,
        null,
        "7:1-7:28",
        "7:1-7:8",
        "7:12-7:27",
      ],
      [
        "poetry",
        "torch",
        "range",
        "~2.1",
        ">=2.1,<2.2",
        null,
        null,
        null,
        "8:1-8:83",
        "8:1-8:6",
        "8:21-8:25",
      ],
      ["poetry", "local", "path", null, null, null, null, null, "9:1-9:44", "9:1-9:6", null],
      ["poetry", "wheel", "url", null, null, null, null, null, "10:1-10:65", "10:1-10:6", null],
      ["poetry", "numpy", "range", "<2", "<2", null, null, null, "12:3-12:36", "11:1-11:6", "12:15-12:17"],
      [
        "poetry",
        "numpy",
        "range",
        "^2.0",
        ">=2.0,<3.0",
        null,
        null,
        null,
        "13:3-13:39",
        "11:1-11:6",
        "13:15-13:19",
      ],
      [
        "poetry",
        "tok",
        "vcs",
        null,
        null,
        null,
        null,
        "git@github.com:huggingface/tokenizers.git@v0.15.0(name,tag)",
        "16:1-16:75",
        "16:1-16:4",
        "16:66-16:73",
      ],
      [
        "poetry",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deepspeed-git",
        "https://github.com/microsoft/DeepSpeed.git@master(name,branch)",
        "17:1-17:84",
        "17:1-17:10",
        "17:76-17:82",
      ],
    ]);
    const torch = file.pins.find((p) => p.name === "torch");
    expect([torch?.extras, torch?.marker]).toEqual([["cuda"], "sys_platform == 'linux'"]);
    expect(file.pins.find((p) => p.name === "local")).toMatchObject({ editable: true, url: "../local" });
    expect(file.pins.find((p) => p.name === "tok")?.vcs?.repo).toEqual({
      host: "github.com",
      owner: "huggingface",
      name: "tokenizers",
    });
  });

  it("reads a dependency written as its own table", () => {
    const file = parseDependencyFile(
      "pyproject.toml",
      `[tool.poetry.dependencies.deepspeed]\ngit = "${DS}"\ntag = "v3.0"\n`,
    );
    expect(file.pins.map(facts)).toEqual([
      [
        "poetry",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deeperspeed",
        `${DS}@v3.0(name,tag)`,
        "1:1-1:37",
        "1:27-1:36",
        "3:8-3:12",
      ],
    ]);
  });

  it("reports invalid TOML and bad Poetry constraints where they are", () => {
    expect(
      parseDependencyFile(
        "pyproject.toml",
        '[project]\ndependencies = ["a",\n  "b"\nx = 1\n',
      ).diagnostics.map((d) => [d.line, d.code]),
    ).toEqual([[4, "invalid-toml"]]);
    const bad = parseDependencyFile("pyproject.toml", '[tool.poetry.dependencies]\ndeepspeed = "^latest"\n');
    expect(bad.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[2, 14, "invalid-requirement"]]);
  });
});

describe("setup.py and setup.cfg", () => {
  it("reads install_requires and extras_require string literals from setup.py", () => {
    const text = [
      "from setuptools import setup", // 1
      "setup(", // 2
      '    name="x",', // 3
      "    install_requires=[", // 4
      '        "deepspeed==0.12.6",  # pinned, see "NOTES"', // 5
      "        'torch>=2.0',", // 6
      '        f"x{y}",', // 7
      "        *extra,", // 8
      "    ],", // 9
      '    extras_require={"flash": ["flash-attn>=2.3.0"], "dev": ("pytest",)},', // 10
      ")", // 11
    ].join("\n");
    const file = parseDependencyFile("setup.py", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "setup.py",
        "deepspeed",
        "exact",
        "==0.12.6",
        "==0.12.6",
        "0.12.6",
        "pypi",
        null,
        "5:10-5:27",
        "5:10-5:19",
        "5:19-5:27",
      ],
      [
        "setup.py",
        "torch",
        "range",
        ">=2.0",
        ">=2.0",
        null,
        null,
        null,
        "6:10-6:20",
        "6:10-6:15",
        "6:15-6:20",
      ],
      [
        "setup.py",
        "flash-attn",
        "range",
        ">=2.3.0",
        ">=2.3.0",
        null,
        null,
        null,
        "10:32-10:49",
        "10:32-10:42",
        "10:42-10:49",
      ],
      ["setup.py", "pytest", "unpinned", null, null, null, null, null, "10:62-10:68", "10:62-10:68", null],
    ]);
  });

  it("reads [options] install_requires and [options.extras_require] from setup.cfg", () => {
    const text = [
      "[metadata]", // 1
      "name = x", // 2
      "[options]", // 3
      "install_requires =", // 4
      "    deepspeed==0.12.6", // 5
      "    # a comment line", // 6
      '    torch>=2.0; python_version>"3.8"', // 7
      "[options.extras_require]", // 8
      "flash = flash-attn==2.5.6", // 9
      "one-line = a; b>1", // 10
    ].join("\n");
    const file = parseDependencyFile("setup.cfg", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map((p) => [p.name, p.specifier, p.marker, loc(p.span)])).toEqual([
      ["deepspeed", "==0.12.6", null, "5:5-5:22"],
      ["torch", ">=2.0", 'python_version>"3.8"', "7:5-7:37"],
      ["flash-attn", "==2.5.6", null, "9:9-9:26"],
      ["a", null, null, "10:12-10:13"],
      ["b", ">1", null, "10:15-10:18"],
    ]);
  });
});

describe("conda environment files", () => {
  it("reads conda specs and the pip section as requirement lines", () => {
    const text = [
      "name: neox", // 1
      "channels: [conda-forge]", // 2
      "dependencies:", // 3
      "  - python=3.10", // 4
      "  - pytorch=2.1", // 5
      "  - numpy>=1.24,<2", // 6
      "  - conda-forge::deepspeed==0.12.6", // 7
      "  - cudatoolkit=11.8=h4ba93d1_12", // 8
      "  - mpi4py 3.1.4 py310", // 9
      "  - pip:", // 10
      '    - "deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0"', // 11
      "    - --extra-index-url https://example.org/simple", // 12
      "    - flash-attn==2.5.6  # comment", // 13
    ].join("\n");
    const file = parseDependencyFile("environment.yml", text);
    expect(file.source).toBe("conda");
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "conda",
        "python",
        "range",
        "=3.10",
        "==3.10.*",
        null,
        null,
        null,
        "4:5-4:16",
        "4:5-4:11",
        "4:11-4:16",
      ],
      ["conda", "torch", "range", "=2.1", "==2.1.*", null, null, null, "5:5-5:16", "5:5-5:12", "5:12-5:16"],
      [
        "conda",
        "numpy",
        "range",
        ">=1.24,<2",
        ">=1.24,<2",
        null,
        null,
        null,
        "6:5-6:19",
        "6:5-6:10",
        "6:10-6:19",
      ],
      [
        "conda",
        "deepspeed",
        "exact",
        "==0.12.6",
        "==0.12.6",
        "0.12.6",
        "pypi",
        null,
        "7:5-7:35",
        "7:18-7:27",
        "7:27-7:35",
      ],
      [
        "conda",
        "cudatoolkit",
        "exact",
        "=11.8=h4ba93d1_12",
        "==11.8",
        "11.8",
        null,
        null,
        "8:5-8:33",
        "8:5-8:16",
        "8:16-8:33",
      ],
      [
        "conda",
        "mpi4py",
        "exact",
        "3.1.4 py310",
        "==3.1.4",
        "3.1.4",
        null,
        null,
        "9:5-9:23",
        "9:5-9:11",
        "9:12-9:23",
      ],
      [
        "conda",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deeperspeed",
        `${DS}@v3.0(name,at)`,
        "11:8-11:74",
        "11:8-11:17",
        "11:70-11:74",
      ],
      [
        "conda",
        "flash-attn",
        "exact",
        "==2.5.6",
        "==2.5.6",
        "2.5.6",
        null,
        null,
        "13:7-13:24",
        "13:7-13:17",
        "13:17-13:24",
      ],
    ]);
    expect(file.pins[1]?.rawName).toBe("pytorch");
  });

  it("reports broken YAML with its place", () => {
    const file = parseDependencyFile("environment.yml", "dependencies:\n  - numpy\n - [oops\n");
    expect(file.pins).toEqual([]);
    expect(file.diagnostics.map((d) => d.code)).toEqual(["invalid-yaml"]);
    expect(file.diagnostics[0]?.line).toBeGreaterThanOrEqual(2);
  });
});

describe("Pipfile and Pipfile.lock", () => {
  it("reads [packages] and [dev-packages]", () => {
    const text = [
      "[[source]]", // 1
      'url = "https://pypi.org/simple"', // 2
      "[packages]", // 3
      'deepspeed = "==0.12.6"', // 4
      'numpy = "*"', // 5
      'torch = {version = ">=2.0", extras = ["cuda"]}', // 6
      `fork = {git = "${DS}", ref = "v3.0", editable = true}`, // 7
      "[dev-packages]", // 8
      'pytest = "8.0"', // 9
    ].join("\n");
    const file = parseDependencyFile("Pipfile", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "pipfile",
        "deepspeed",
        "exact",
        "==0.12.6",
        "==0.12.6",
        "0.12.6",
        "pypi",
        null,
        "4:1-4:23",
        "4:1-4:10",
        "4:14-4:22",
      ],
      ["pipfile", "numpy", "unpinned", null, null, null, null, null, "5:1-5:12", "5:1-5:6", null],
      ["pipfile", "torch", "range", ">=2.0", ">=2.0", null, null, null, "6:1-6:47", "6:1-6:6", "6:21-6:26"],
      [
        "pipfile",
        "fork",
        "vcs",
        null,
        null,
        null,
        null,
        `${DS}@v3.0(name,rev)`,
        "7:1-7:94",
        "7:1-7:5",
        "7:71-7:75",
      ],
      ["pipfile", "pytest", "exact", "8.0", "==8.0", "8.0", null, null, "9:1-9:15", "9:1-9:7", "9:11-9:14"],
    ]);
    expect(file.pins[3]?.editable).toBe(true);
  });

  it("reads Pipfile.lock entries as locked pins", () => {
    const text = JSON.stringify(
      {
        _meta: { hash: { sha256: "x" } },
        default: {
          deepspeed: { hashes: ["sha256:ab"], index: "pypi", version: "==0.12.6" },
          fork: { git: DS, ref: "91d1c55ba037b5ada99ae14884dff87a4dc5b9ea" },
        },
        develop: { pytest: { version: "==8.0.0", markers: "python_version >= '3.8'" } },
      },
      null,
      4,
    );
    const file = parseDependencyFile("Pipfile.lock", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "pipfile.lock",
        "deepspeed",
        "locked",
        "==0.12.6",
        "==0.12.6",
        "0.12.6",
        "pypi",
        null,
        "8:9-14:10",
        "8:10-8:19",
        "13:25-13:33",
      ],
      [
        "pipfile.lock",
        "fork",
        "locked",
        null,
        null,
        null,
        null,
        `${DS}@91d1c55ba037b5ada99ae14884dff87a4dc5b9ea(commit,rev)`,
        "15:9-18:10",
        "15:10-15:14",
        "17:21-17:61",
      ],
      [
        "pipfile.lock",
        "pytest",
        "locked",
        "==8.0.0",
        "==8.0.0",
        "8.0.0",
        null,
        null,
        "21:9-24:10",
        "21:10-21:16",
        "22:25-22:32",
      ],
    ]);
    expect(file.pins[2]?.marker).toBe("python_version >= '3.8'");
    expect(parseDependencyFile("Pipfile.lock", '{"default": {').diagnostics.map((d) => d.code)).toEqual([
      "invalid-json",
    ]);
  });
});

describe("poetry.lock and uv.lock", () => {
  it("reads poetry.lock packages, with a git source's resolved commit", () => {
    const text = [
      "[[package]]", // 1
      'name = "deepspeed"', // 2
      'version = "0.12.4"', // 3
      'description = "DeepSpeed library"', // 4
      "", // 5
      "[package.source]", // 6
      'type = "git"', // 7
      `url = "${DS}"`, // 8
      'reference = "02e2ebf7dee6aaab3d89094ed470a4609763c742"', // 9
      'resolved_reference = "02e2ebf7dee6aaab3d89094ed470a4609763c742"', // 10
      "", // 11
      "[[package]]", // 12
      'name = "numpy"', // 13
      'version = "1.26.4"', // 14
    ].join("\n");
    const file = parseDependencyFile("poetry.lock", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "poetry.lock",
        "deepspeed",
        "locked",
        null,
        "==0.12.4",
        "0.12.4",
        "deeperspeed",
        `${DS}@02e2ebf7dee6aaab3d89094ed470a4609763c742(commit,rev)`,
        "2:1-2:19",
        "2:9-2:18",
        "10:23-10:63",
      ],
      [
        "poetry.lock",
        "numpy",
        "locked",
        null,
        "==1.26.4",
        "1.26.4",
        null,
        null,
        "13:1-13:15",
        "13:9-13:14",
        "14:12-14:18",
      ],
    ]);
  });

  it("reads uv.lock packages, with a git source's locked commit", () => {
    const text = [
      "version = 1", // 1
      "[[package]]", // 2
      'name = "deepspeed"', // 3
      'version = "0.16.5"', // 4
      `source = { git = "${DS}?rev=v3.0#91d1c55ba037b5ada99ae14884dff87a4dc5b9ea" }`, // 5
      "", // 6
      "[[package]]", // 7
      'name = "torch"', // 8
      'version = "2.1.0"', // 9
      'source = { registry = "https://pypi.org/simple" }', // 10
      "[[package]]", // 11
      'name = "deepspeed-local"', // 12
      'version = "0.1.0"', // 13
      'source = { editable = "." }', // 14
    ].join("\n");
    const file = parseDependencyFile("uv.lock", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "uv.lock",
        "deepspeed",
        "locked",
        null,
        "==0.16.5",
        "0.16.5",
        "deeperspeed",
        `${DS}@91d1c55ba037b5ada99ae14884dff87a4dc5b9ea(commit,rev)`,
        "3:1-3:19",
        "3:9-3:18",
        "5:74-5:114",
      ],
      [
        "uv.lock",
        "torch",
        "locked",
        null,
        "==2.1.0",
        "2.1.0",
        null,
        null,
        "8:1-8:15",
        "8:9-8:14",
        "9:12-9:17",
      ],
      [
        "uv.lock",
        "deepspeed-local",
        "locked",
        null,
        "==0.1.0",
        "0.1.0",
        null,
        null,
        "12:1-12:25",
        "12:9-12:24",
        "13:12-13:17",
      ],
    ]);
  });

  it("says a locked deepspeed from an index is PyPI, and from a path is something else", () => {
    const text =
      '[[package]]\nname = "deepspeed"\nversion = "0.13.0"\nsource = { path = "./wheels/deepspeed-0.13.0.whl" }\n';
    expect(parseDependencyFile("uv.lock", text).pins[0]?.provider).toBe("other");
    expect(
      parseDependencyFile("poetry.lock", '[[package]]\nname = "DeepSpeed"\nversion = "0.13.0"\n').pins[0]
        ?.provider,
    ).toBe("pypi");
  });
});

describe("Dockerfiles", () => {
  it("reads pip install in RUN chains, across continuations, quoted or not", () => {
    const text = [
      "FROM nvcr.io/nvidia/pytorch:23.10-py3", // 1
      "# RUN pip install deepspeed==0.10.0", // 2
      "RUN apt-get update && \\", // 3
      '    pip install --no-cache-dir "deepspeed==0.12.6" torch==2.1.0 \\', // 4
      "      -r requirements/requirements.txt && \\", // 5
      "    python -m pip install -U git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0#egg=deepspeed", // 6
      "run pip3 install 'flash-attn>=2.3' six", // 7
      "RUN uv pip install --system regex; echo done", // 8
      'RUN echo "pip install not-a-pin"', // 9
    ].join("\n");
    const file = parseDependencyFile("docker/Dockerfile", text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map(facts)).toEqual([
      [
        "dockerfile",
        "deepspeed",
        "exact",
        "==0.12.6",
        "==0.12.6",
        "0.12.6",
        "pypi",
        null,
        "4:33-4:50",
        "4:33-4:42",
        "4:42-4:50",
      ],
      [
        "dockerfile",
        "torch",
        "exact",
        "==2.1.0",
        "==2.1.0",
        "2.1.0",
        null,
        null,
        "4:52-4:64",
        "4:52-4:57",
        "4:57-4:64",
      ],
      [
        "dockerfile",
        "deepspeed",
        "vcs",
        null,
        null,
        null,
        "deeperspeed",
        `${DS}@v3.0(name,at)`,
        "6:30-6:98",
        "6:89-6:98",
        "6:80-6:84",
      ],
      [
        "dockerfile",
        "flash-attn",
        "range",
        ">=2.3",
        ">=2.3",
        null,
        null,
        null,
        "7:19-7:34",
        "7:19-7:29",
        "7:29-7:34",
      ],
      ["dockerfile", "six", "unpinned", null, null, null, null, null, "7:36-7:39", "7:36-7:39", null],
      ["dockerfile", "regex", "unpinned", null, null, null, null, null, "8:29-8:34", "8:29-8:34", null],
    ]);
    expect(file.includes.map((i) => [i.path, loc(i.span)])).toEqual([
      ["docker/requirements/requirements.txt", "5:10-5:39"],
    ]);
  });

  it("says what an unquoted `>` and a build variable do", () => {
    const file = parseDependencyFile(
      "Dockerfile",
      "ARG V=0.12.6\nRUN pip install deepspeed>=0.10 flash-attn==${V}\n",
    );
    expect(file.pins.map((p) => [p.name, p.kind])).toEqual([["deepspeed", "unpinned"]]);
    expect(file.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [2, 17, "shell-redirection"],
      [2, 33, "unresolved-variable"],
    ]);
    expect(file.diagnostics[0]?.message).toMatch(/file named `=0.10`/);
  });

  it("skips wrappers, their options and file-descriptor redirections", () => {
    const file = parseDependencyFile(
      "Dockerfile",
      "RUN FOO=1 sudo -H pip install deepspeed==0.13.0 2>/dev/null >log.txt\n",
    );
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map((p) => [p.name, p.specifier, loc(p.span)])).toEqual([
      ["deepspeed", "==0.13.0", "1:31-1:48"],
    ]);
  });

  it("honours the escape directive", () => {
    const file = parseDependencyFile("Dockerfile", "# escape=`\nRUN pip install `\n    deepspeed==0.13.0\n");
    expect(file.pins.map((p) => [p.name, loc(p.span)])).toEqual([["deepspeed", "3:5-3:22"]]);
  });
});

describe("extras of a PEP 508 requirement", () => {
  it.each([
    ["requirements.txt", "transformer-engine[pytorch,jax]==1.12\n"],
    ["pyproject.toml", '[project]\ndependencies = ["transformer-engine[pytorch,jax]==1.12"]\n'],
    ["setup.py", 'setup(install_requires=["transformer-engine[pytorch,jax]==1.12"])\n'],
    ["setup.cfg", "[options]\ninstall_requires =\n    transformer-engine[pytorch,jax]==1.12\n"],
    ["Dockerfile", "RUN pip install 'transformer-engine[pytorch,jax]==1.12'\n"],
  ])("%s keeps every extra, in order", (path, text) => {
    const file = parseDependencyFile(path, text);
    expect(file.diagnostics).toEqual([]);
    expect(file.pins.map((p) => [p.name, p.extras, p.version])).toEqual([
      ["transformer-engine", ["pytorch", "jax"], "1.12"],
    ]);
  });
});
