/**
 * Every renderer over every corpus repository, as if a pull request added all of it: no line of any
 * fixture gets two suggestion blocks, no output carries a zero-width character, and every reference
 * is a link. Skips with a printed reason when `../shared/corpus` is absent.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../../src/core/analyze.js";
import { readFindingLines } from "../../src/adapters/finding-lines.js";
import { memoryWorkspace } from "../../src/core/memory-workspace.js";
import { PROJECT_ROOT, readTree } from "../../demo/harness.js";
import {
  renderCheckRun,
  renderJson,
  renderReviewComments,
  renderSarif,
  renderSummaryComment,
  renderText,
} from "../../src/report/index.js";
import { expectNoZeroWidth } from "./markdown-assertions.js";

const CORPUS = join(PROJECT_ROOT, "..", "shared", "corpus");
const repos = existsSync(CORPUS)
  ? readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory())
  : [];
if (repos.length === 0) process.stdout.write(`corpus-output.test.ts: skipped, ${CORPUS} is absent\n`);
const each = repos.length === 0 ? it.skip.each([["(none)"]]) : it.each(repos.map((r) => [r]));

const link = { repoUrl: "https://github.com/o/r", headSha: "0123456789abcdef0123456789abcdef01234567" };

describe("the renderers on the corpus", () => {
  each(
    "%s: one suggestion block per line at most, no zero-width character, references as links",
    async (name) => {
      const files = readTree(join(CORPUS, name));
      const head = memoryWorkspace(files);
      const report = await analyze(head, { today: "2026-12-02" });
      const lineText = await readFindingLines(head, report);
      const diff = Object.fromEntries(
        Object.entries(files).map(([path, text]) => [path, new Set(text.split("\n").map((_, i) => i + 1))]),
      );
      const { comments } = renderReviewComments(report, { diff, lineText, link });
      const perLine = new Map<string, number>();
      for (const c of comments) {
        const blocks = (c.body.match(/^`{3,}suggestion$/gm) ?? []).length;
        const key = `${c.path}:${c.line}`;
        perLine.set(key, (perLine.get(key) ?? 0) + blocks);
      }
      const twice = [...perLine].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);

      const check = renderCheckRun(report, link, { lineText });
      const outputs = [
        renderSummaryComment(report, link, { lineText }),
        check.summary,
        check.text,
        ...check.annotations.map((a) => `${a.message}\n${a.raw_details ?? ""}`),
        ...comments.map((c) => c.body),
        renderText(report, { color: false, lineText }),
        renderJson(report),
        JSON.stringify(renderSarif(report, [], "0.0.0")),
      ];
      for (const text of outputs) expectNoZeroWidth(text);
      // A short reference outside a link or code is a reference that did not become a link.
      for (const text of outputs.slice(0, 3)) {
        const bare = text
          .replace(/```[\s\S]*?```/g, "")
          .replace(/`[^`\n]*`/g, "")
          .replace(/\[[^\]\n]*\]\([^)\n]*\)/g, "")
          .replace(/<a href="[^"]*">[^<]*<\/a>/g, "")
          .match(/\b(?:gpt-neox|DeepSpeed|DeeperSpeed)(?:#|&#35;)\d+/g);
        expect(bare).toBeNull();
      }
    },
    600_000,
  );
});
