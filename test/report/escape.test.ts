import {
  blobUrl,
  codeFence,
  codeSpan,
  escapeCommandData,
  escapeCommandProperty,
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownLines,
  escapeMessage,
  safeUrl,
  stripUnsafe,
  tableCodeSpan,
  truncate,
} from "../../src/report/escape.js";
import { HOSTILE_PATH } from "../fixtures/report.js";
import { tableCells } from "./markdown-assertions.js";

describe("escapeMarkdown", () => {
  it.each([
    ["a|b", "a\\|b"],
    ["<img src=x>", "&lt;img src=x&gt;"],
    ["`code`", "\\`code\\`"],
    ["**bold** _it_ ~s~", "\\*\\*bold\\*\\* \\_it\\_ \\~s\\~"],
    ["[link](http://x)", "\\[link\\](http://x)"],
    ["@org/team", "&#64;org/team"],
    ["see #123", "see &#35;123"],
    ['a & b "c"', "a &amp; b &quot;c&quot;"],
    ["two\nlines", "two lines"],
    ["esc\u001b[31mred", "esc\ufffd\\[31mred"],
    ["back\\slash", "back\\\\slash"],
  ])("%j -> %j", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it("keeps a hostile file name in one table cell, without HTML or a mention", () => {
    const cell = escapeMarkdown(HOSTILE_PATH);
    expect(tableCells(`| ${cell} | x |`)).toHaveLength(2);
    expect(cell).not.toMatch(/<|@[a-z]/);
  });
});

describe("escapeMessage", () => {
  it("turns backticked parts into code spans and escapes the rest", () => {
    expect(escapeMessage("`finetune: true` with <b>bf16</b> @team")).toBe(
      "`finetune: true` with &lt;b&gt;bf16&lt;/b&gt; &#64;team",
    );
  });

  it("escapes pipes inside code spans in tables", () => {
    expect(escapeMessage("`a|b` c|d", { inTable: true })).toBe("`a\\|b` c\\|d");
  });

  it("cannot be broken out of by an odd backtick", () => {
    const out = escapeMessage("value `x` then ` <img src=x> @org");
    expect(out).toBe("value `x` then \\` &lt;img src=x&gt; &#64;org");
  });
});

describe("references", () => {
  it.each([
    ["gpt-neox#1121", "[gpt-neox&#35;1121](https://github.com/EleutherAI/gpt-neox/issues/1121)"],
    ["DeepSpeed#4141", "[DeepSpeed&#35;4141](https://github.com/deepspeedai/DeepSpeed/pull/4141)"],
    ["DeeperSpeed#57", "[DeeperSpeed&#35;57](https://github.com/EleutherAI/DeeperSpeed/pull/57)"],
    [
      "EleutherAI/gpt-neox#1306",
      "[EleutherAI/gpt-neox&#35;1306](https://github.com/EleutherAI/gpt-neox/issues/1306)",
    ],
    [
      "(gpt-neox#1121, fixed by DeepSpeed#4141)",
      "([gpt-neox&#35;1121](https://github.com/EleutherAI/gpt-neox/issues/1121), fixed by [DeepSpeed&#35;4141](https://github.com/deepspeedai/DeepSpeed/pull/4141))",
    ],
    ["unknown#12 and #7", "unknown&#35;12 and &#35;7"],
  ])("%j becomes a link (or stays defused text)", (input, expected) => {
    expect(escapeMessage(input)).toBe(expected);
  });

  it("leaves references inside code spans alone", () => {
    expect(escapeMessage("see `gpt-neox#1121`")).toBe("see `gpt-neox#1121`");
  });
});

describe("escapeMarkdownLines", () => {
  it("neutralises what would start a block on each line, and keeps line breaks", () => {
    expect(escapeMarkdownLines("first\n# heading\n- item\n1. one\n===\n> quote")).toBe(
      ["first", "\\# heading", "\\- item", "1\\. one", "\\===", "&gt; quote"].join("  \n"),
    );
  });
});

describe("escapeHtml", () => {
  it("escapes markup and defuses mentions without breaking entities", () => {
    expect(escapeHtml(`<a href="x">'#1'</a> @org`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&apos;&#35;1&apos;&lt;/a&gt; &#64;org",
    );
  });
});

describe("code spans and fences", () => {
  it.each([
    ["plain", "`plain`"],
    ["has `tick`", "`` has `tick` ``"],
    ["`starts", "`` `starts ``"],
    ["a ``` b", "```` a ``` b ````".replace(/^```` /, "````").replace(/ ````$/, "````")],
    ["", '""'],
  ])("codeSpan(%j) is %j", (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it("escapes pipes in table code spans", () => {
    expect(tableCodeSpan("a|b")).toBe("`a\\|b`");
  });

  it("picks a fence longer than any backtick run in the block", () => {
    expect(codeFence("plain")).toBe("```");
    expect(codeFence("x ```` y")).toBe("`````");
  });
});

describe("URLs", () => {
  it("links a hostile path at the head SHA, percent-encoded", () => {
    expect(blobUrl({ repoUrl: "https://github.com/o/r/", headSha: "abc" }, "a (1)/b c.yml", 3)).toBe(
      "https://github.com/o/r/blob/abc/a%20%281%29/b%20c.yml#L3",
    );
    expect(blobUrl({ repoUrl: "", headSha: "" }, "a.yml", 1)).toBeNull();
  });

  it.each([
    ["https://example.com/a(b)", "https://example.com/a%28b%29"],
    ["javascript:alert(1)", null],
    ["/relative", null],
  ])("safeUrl(%j)", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe("GitHub workflow command escaping", () => {
  it("escapes data as the Actions toolkit does", () => {
    expect(escapeCommandData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
  });

  it("also escapes : and , in properties", () => {
    expect(escapeCommandProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });
});

describe("stripUnsafe and truncate", () => {
  it("replaces control and bidi characters but keeps tabs and newlines", () => {
    expect(stripUnsafe("a\tb\nc\u0007d\u202ee")).toBe("a\tb\nc\ufffdd\ufffde");
  });

  it("cuts with an ellipsis", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });
});
