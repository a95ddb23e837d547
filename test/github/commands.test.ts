import { codeSpan, parseCommand } from "../../src/github/commands.js";

describe("parseCommand", () => {
  it.each([
    ["/neox-check", { kind: "run" }],
    ["/neox-check run", { kind: "run" }],
    ["  /NEOX-CHECK   Run  ", { kind: "run" }],
    ["/neox-check\nplease look again", { kind: "run" }],
    ["/neox-check help", { kind: "help" }],
    ["/Neox-Check HELP\r\nthanks", { kind: "help" }],
    ["/neox-check explain NXC101", { kind: "explain", ruleId: "NXC101" }],
    ["/neox-check explain nxc207", { kind: "explain", ruleId: "NXC207" }],
    ["/neox-check explain", { kind: "explain", ruleId: null }],
    ["/neox-check explain finetune", { kind: "explain", ruleId: null }],
    ["/neox-check deploy", { kind: "unknown", word: "deploy" }],
  ])("%j is %j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    [""],
    [null],
    [undefined],
    ["LGTM"],
    ["please /neox-check"],
    ["/neox-checker"],
    ["/neox-check-run"],
    ["thanks\n/neox-check"],
    ["`/neox-check`"],
  ])("%j is not a command", (body) => {
    expect(parseCommand(body)).toBeNull();
  });
});

describe("codeSpan", () => {
  it("cannot break out of the code span and is bounded", () => {
    expect(codeSpan("a`b\nc")).toBe("`abc`");
    expect(codeSpan("x".repeat(100))).toBe(`\`${"x".repeat(60)}\``);
  });
});
