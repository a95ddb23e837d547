import { renderExplain, renderHelp } from "../../src/report/help.js";
import { ruleInfos } from "../fixtures/report.js";
import { expectNoInjectedHtml, expectNoMentions, expectTablesIntact } from "./markdown-assertions.js";

const advisory = {
  id: "NXA-2024-0001",
  title: "bf16 finetune trains from stale fp32 master weights",
  summary: "DeepSpeed 0.10.2 to 0.12.6 never re-syncs the master weights.\nFixed in 0.13.0.",
  references: [
    { title: "EleutherAI/gpt-neox#1121", url: "https://github.com/EleutherAI/gpt-neox/issues/1121" },
    { title: "bad link", url: "javascript:alert(1)" },
  ],
};

describe("renderHelp", () => {
  it("lists the commands", () => {
    const help = renderHelp();
    expect(help).toMatchSnapshot();
    expect(help).toContain("`/neox-check explain NXC101`");
    expectTablesIntact(help);
  });
});

describe("renderExplain", () => {
  it("shows the rule, its advisories and their references", () => {
    const text = renderExplain(ruleInfos[0]!, { advisories: [advisory] });
    expect(text).toMatchSnapshot();
    expect(text).toContain(
      "[EleutherAI/gpt-neox&#35;1121](https://github.com/EleutherAI/gpt-neox/issues/1121)",
    );
    expect(text).not.toContain("javascript:");
  });

  it("escapes hostile advisory text", () => {
    const text = renderExplain(ruleInfos[0]!, {
      advisories: [{ ...advisory, title: "<img src=x> @org/team", summary: "# not a heading\n| a | b |" }],
    });
    expectNoInjectedHtml(text);
    expectNoMentions(text);
    expect(text).toContain("\\# not a heading");
  });
});
