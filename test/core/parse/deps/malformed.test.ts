import { parseDependencyFile } from "../../../../src/core/parse/deps/index.js";

// Each bad line sits on line 2, after a good one that must still be read; the column is where pip's
// complaint is (or where the user must fix it).
const rows: Array<[string, string, number, RegExp]> = [
  [
    "gpt-neox beaf960c: `deepspeed+https://`",
    "deepspeed+https://github.com/EleutherAI/DeeperSpeed.git",
    1,
    /starts with `git\+`/,
  ],
  [
    "a space after `@`",
    "git+https://github.com/EleutherAI/DeeperSpeed.git@ a8fc352a0b3c43c76a0ad2e9e52d79b2e20ddd4b#egg=deepspeed",
    51,
    /whitespace after `@`/,
  ],
  ["a trailing comma", "deepspeed==0.12.6,", 18, /trailing `,`/],
  ["a single `=`", "deepspeed=0.12", 10, /use `==`/],
  ["a version that is not PEP 440", "deepspeed==latest", 10, /not a valid PEP 440 version specifier/],
  ["two specifiers without a comma", "deepspeed>=0.10 <0.11", 17, /expected `,` between version specifiers/],
  ["a version without an operator", "deepspeed 0.12.6", 11, /version operator/],
  ["`~=` with one release number", "deepspeed~=1", 10, /not a valid PEP 440/],
  ["a local version with `>=`", "deepspeed>=1.0+local", 10, /not a valid PEP 440/],
  ["an scp-style git address", "git@github.com:EleutherAI/DeeperSpeed.git", 1, /git\+ssh:\/\/git@host/],
  [
    "an empty ref after `@`",
    "git+https://github.com/EleutherAI/DeeperSpeed.git@#egg=deepspeed",
    50,
    /empty revision/,
  ],
  ["git:// without git+", "git://github.com/EleutherAI/DeeperSpeed.git#egg=deepspeed", 1, /needs `git\+`/],
  [
    "a direct reference without a URL scheme",
    "deepspeed @ github.com/EleutherAI/DeeperSpeed",
    13,
    /needs a URL with a scheme/,
  ],
  [
    "an unknown marker variable",
    'deepspeed; python_versio < "3"',
    12,
    /unknown marker variable `python_versio`/,
  ],
  ["a marker cut short", "deepspeed ; python_version <", 29, /after the operator/],
  ["an option without its value", "numpy==1.0 --hash", 12, /`--hash` option needs a value/],
  ["an unknown option", "--frobnicate", 1, /does not know the option `--frobnicate`/],
  [
    "an editable VCS URL without #egg",
    "-e git+https://github.com/EleutherAI/DeeperSpeed.git@v3.0",
    57,
    /#egg=/,
  ],
  ["an editable plain URL", "-e https://example.org/pkg.zip", 4, /local path or a VCS URL/],
  ["unclosed extras", "deepspeed[1bit==0.12", 10, /`\]`/],
  ["-r without a file", "-r", 1, /needs a value/],
  ["an unterminated quote in options", 'numpy==1.0 --hash="sha256:ab', 19, /unterminated double quote/],
];

describe("malformed requirement lines", () => {
  it.each(rows)("%s", (_title, bad, column, message) => {
    const file = parseDependencyFile("requirements/requirements.txt", `torch==2.1.0\n${bad}\nsix\n`);
    expect(file.pins.map((p) => p.name)).toEqual(["torch", "six"]);
    expect(file.diagnostics).toHaveLength(1);
    const d = file.diagnostics[0];
    expect(d).toMatchObject({
      path: "requirements/requirements.txt",
      code: "invalid-requirement",
      line: 2,
      column,
    });
    expect(d?.message).toMatch(message);
  });

  it("reports the line a continued requirement starts on, and the column on the physical line", () => {
    const file = parseDependencyFile("requirements.txt", "six\ndeepspeed \\\n  =0.12\n");
    expect(file.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[3, 3, "invalid-requirement"]]);
  });

  it("checks the same syntax in pyproject, setup.cfg and setup.py strings", () => {
    const pyproject = parseDependencyFile(
      "pyproject.toml",
      '[project]\nname = "x"\ndependencies = [\n  "deepspeed==0.12.6,",\n]\n',
    );
    const cfg = parseDependencyFile("setup.cfg", "[options]\ninstall_requires =\n    deepspeed=0.12\n");
    const py = parseDependencyFile(
      "setup.py",
      'setup(install_requires=["torch", "deepspeed>=0.10 <0.11"])\n',
    );
    expect(
      [...pyproject.diagnostics, ...cfg.diagnostics, ...py.diagnostics].map((d) => [
        d.path,
        d.line,
        d.column,
        d.code,
      ]),
    ).toEqual([
      ["pyproject.toml", 4, 21, "invalid-requirement"],
      ["setup.cfg", 3, 14, "invalid-requirement"],
      ["setup.py", 1, 51, "invalid-requirement"],
    ]);
    expect(py.pins.map((p) => p.name)).toEqual(["torch"]);
  });
});
