import { parseCommand, UsageError } from "../../src/cli/args.js";

describe("parseCommand", () => {
  it.each<[string[], object]>([
    [[], { name: "help", topic: null }],
    [["--help"], { name: "help", topic: null }],
    [["help", "check"], { name: "help", topic: "check" }],
    [["check", "-h"], { name: "help", topic: "check" }],
    [["--version"], { name: "version" }],
    [["inspect"], { name: "inspect", paths: [], format: "text" }],
    [
      ["inspect", "a", "b/c.yml", "--format", "json"],
      { name: "inspect", paths: ["a", "b/c.yml"], format: "json" },
    ],
    [["check"], { name: "check", paths: [], format: "text", base: null, config: null, failOn: null }],
    [
      [
        "check",
        ".",
        "--base",
        "origin/main",
        "--format=sarif",
        "--config",
        "ci/nc.yml",
        "--fail-on",
        "warning",
      ],
      {
        name: "check",
        paths: ["."],
        format: "sarif",
        base: "origin/main",
        config: "ci/nc.yml",
        failOn: "warning",
      },
    ],
  ])("%j", (argv, expected) => {
    expect(parseCommand(argv)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [["lint"], "unknown command: lint (commands: check, inspect, explain, rules)"],
    [["--bogus"], "unknown option: --bogus"],
    [["check", "--bogus"], "unknown option: --bogus"],
    [["check", "--format", "xml"], '--format must be one of text, json, sarif, markdown, github (got "xml")'],
    [["inspect", "--format", "sarif"], '--format must be one of text, json (got "sarif")'],
    [["check", "--fail-on", "fatal"], '--fail-on must be one of error, warning, never (got "fatal")'],
    [["check", "--base"], "--base needs a value"],
    [["check", "--base", " "], "--base needs a value"],
    [["inspect", "--base", "main"], "--base is an option of check, not inspect"],
  ])("%j is a usage error: %s", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(new UsageError(message));
  });
});
