import { parseDependencies } from "../../../../src/core/parse/deps/index.js";
import { loc, memoryLoader } from "./helpers.js";

describe("parseDependencies: includes", () => {
  it("follows -r and -c (and their long forms) relative to the including file, depth first", async () => {
    const repo = memoryLoader({
      "requirements/requirements.txt": "-r base.txt\n--constraint=../constraints/pins.txt\ndeepspeed\n",
      "requirements/base.txt": "--requirement common/more.txt\ntorch>=2.0\n",
      "requirements/common/more.txt": "six\n",
      "constraints/pins.txt": "-c  ../requirements/extra.txt\ndeepspeed==0.13.0\n",
      "requirements/extra.txt": "regex<2024\n",
    });
    const { files, diagnostics } = await parseDependencies(["requirements/requirements.txt"], repo.load);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.path)).toEqual([
      "requirements/requirements.txt",
      "requirements/base.txt",
      "requirements/common/more.txt",
      "constraints/pins.txt",
      "requirements/extra.txt",
    ]);
    expect(files[0]?.includes.map((i) => [i.path, i.constraint, loc(i.span)])).toEqual([
      ["requirements/base.txt", false, "1:4-1:12"],
      ["constraints/pins.txt", true, "2:14-2:37"],
    ]);
    const pins = files.flatMap((f) => f.pins).map((p) => [p.path, p.name, p.includedFrom, p.constraint]);
    expect(pins).toEqual([
      ["requirements/requirements.txt", "deepspeed", null, false],
      ["requirements/base.txt", "torch", "requirements/requirements.txt", false],
      ["requirements/common/more.txt", "six", "requirements/base.txt", false],
      ["constraints/pins.txt", "deepspeed", "requirements/requirements.txt", true],
      ["requirements/extra.txt", "regex", "constraints/pins.txt", true],
    ]);
  });

  it("reads a file included twice once, and a root that is also included keeps its own standing", async () => {
    const repo = memoryLoader({
      "a.txt": "-r shared.txt\n-r b.txt\n",
      "b.txt": "-r shared.txt\n-c shared.txt\n",
      "shared.txt": "numpy\n",
      "requirements/dev.txt": "-r ../a.txt\npytest\n",
    });
    const { files, diagnostics } = await parseDependencies(
      ["requirements/dev.txt", "./a.txt", "a.txt"],
      repo.load,
    );
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.path)).toEqual(["requirements/dev.txt", "a.txt", "shared.txt", "b.txt"]);
    expect(repo.asked.filter((p) => p === "shared.txt")).toHaveLength(1);
    expect(
      files.find((f) => f.path === "shared.txt")?.pins.map((p) => [p.includedFrom, p.constraint]),
    ).toEqual([["a.txt", false]]);
    // a.txt is given as a path itself: its pins are not "included from" dev.txt.
    expect(files.find((f) => f.path === "a.txt")?.includes).toHaveLength(2);
  });

  it("treats a given file that the repository only uses with -c as constraints", async () => {
    const repo = memoryLoader({
      "requirements/requirements.txt": "-c pins.txt\n-r base.txt\ndeepspeed\n",
      "requirements/pins.txt": "deepspeed==0.13.0\n",
      "requirements/base.txt": "torch\n",
    });
    const paths = ["requirements/base.txt", "requirements/pins.txt", "requirements/requirements.txt"];
    const { files } = await parseDependencies(paths, repo.load);
    expect(files.flatMap((f) => f.pins.map((p) => [p.path, p.name, p.constraint, p.includedFrom]))).toEqual([
      ["requirements/base.txt", "torch", false, null],
      ["requirements/pins.txt", "deepspeed", true, null],
      ["requirements/requirements.txt", "deepspeed", false, null],
    ]);
  });

  it("stops at a cycle with a diagnostic on the include that closes it", async () => {
    const repo = memoryLoader({
      "a.txt": "x\n-r b.txt\n",
      "b.txt": "y\n-r c.txt\n",
      "c.txt": "z\n-r ./a.txt\n",
      "self.txt": "-r self.txt\nw\n",
    });
    const { files, diagnostics } = await parseDependencies(["a.txt", "self.txt"], repo.load);
    expect(files.map((f) => [f.path, f.pins.map((p) => p.name)])).toEqual([
      ["a.txt", ["x"]],
      ["b.txt", ["y"]],
      ["c.txt", ["z"]],
      ["self.txt", ["w"]],
    ]);
    expect(diagnostics.map((d) => [d.path, d.line, d.column, d.code])).toEqual([
      ["c.txt", 2, 4, "include-cycle"],
      ["self.txt", 1, 4, "include-cycle"],
    ]);
    expect(diagnostics[0]?.message).toMatch(/recursively references itself/);
  });

  it("reports a missing include on its line, and goes on", async () => {
    const repo = memoryLoader({
      "requirements.txt": "six\n-r requirements/missing.txt\n-c nope.txt\ntorch\n",
    });
    const { files, diagnostics } = await parseDependencies(["requirements.txt"], repo.load);
    expect(files.flatMap((f) => f.pins.map((p) => p.name))).toEqual(["six", "torch"]);
    expect(diagnostics.map((d) => [d.line, d.column, d.endColumn, d.code])).toEqual([
      [2, 4, 28, "include-not-found"],
      [3, 4, 12, "include-not-found"],
    ]);
    expect(diagnostics[0]?.message).toContain("requirements/missing.txt");
  });

  it("never leaves the repository and never fetches URLs", async () => {
    const repo = memoryLoader({
      "requirements/requirements.txt": [
        "-r ../../etc/passwd",
        "-r /etc/passwd",
        "-r https://example.org/requirements.txt",
        "-c http://example.org/constraints.txt",
        "-r file:///etc/passwd",
        "-r ../ok.txt",
      ].join("\n"),
      "ok.txt": "six\n",
    });
    const { files, diagnostics } = await parseDependencies(["requirements/requirements.txt"], repo.load);
    expect(repo.asked).toEqual(["requirements/requirements.txt", "ok.txt"]);
    expect(files.map((f) => f.path)).toEqual(["requirements/requirements.txt", "ok.txt"]);
    expect(diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [1, 4, "include-outside-repository"],
      [2, 4, "include-outside-repository"],
      [3, 4, "include-url"],
      [4, 4, "include-url"],
      [5, 4, "include-url"],
    ]);
  });

  it("follows includes of other formats: setup.cfg and pyproject `file:`, conda's pip section, Dockerfiles", async () => {
    const repo = memoryLoader({
      "setup.cfg": "[options]\ninstall_requires = file: requirements/base.txt\n",
      "pyproject.toml":
        '[project]\nname = "x"\ndynamic = ["dependencies"]\n[tool.setuptools.dynamic]\ndependencies = { file = ["requirements/base.txt"] }\n',
      "env/environment.yml": "dependencies:\n  - pip:\n    - -r ../requirements/conda.txt\n",
      Dockerfile:
        "COPY . /app\nRUN pip install -r requirements/docker.txt -r /opt/absent.txt -r missing.txt\n",
      "requirements/base.txt": "deepspeed==0.13.0\n",
      "requirements/conda.txt": "torch\n",
      "requirements/docker.txt": "six\n",
    });
    const { files, diagnostics } = await parseDependencies(
      ["setup.cfg", "pyproject.toml", "env/environment.yml", "Dockerfile"],
      repo.load,
    );
    // A Dockerfile's -r names a file in the image: absent or absolute ones are not problems of the repository.
    expect(diagnostics).toEqual([]);
    expect(files.flatMap((f) => f.pins.map((p) => [p.path, p.name, p.includedFrom]))).toEqual([
      ["requirements/base.txt", "deepspeed", "setup.cfg"],
      ["requirements/conda.txt", "torch", "env/environment.yml"],
      ["requirements/docker.txt", "six", "Dockerfile"],
    ]);
  });

  it("skips a given path the loader cannot read, silently (the loader's owner reports it)", async () => {
    const repo = memoryLoader({ "b.txt": "six\n" });
    const { files, diagnostics } = await parseDependencies(["a.txt", "b.txt"], repo.load);
    expect(files.map((f) => f.path)).toEqual(["b.txt"]);
    expect(diagnostics).toEqual([]);
  });

  it("survives a loader that throws", async () => {
    const { files } = await parseDependencies(["a.txt"], async () => {
      throw new Error("network down");
    });
    expect(files).toEqual([]);
  });

  it("bounds a hostile include graph", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`r${i}.txt`] = `-r r${i + 1}.txt\n-r x${i}.txt\npkg${i}\n`;
    const result = await parseDependencies(["r0.txt"], memoryLoader(files).load);
    expect(result.files.length).toBeLessThanOrEqual(500);
    expect(result.diagnostics.some((d) => d.code === "too-many-files")).toBe(true);
  });
});
