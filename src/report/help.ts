import type { RuleInfo } from "../core/model/index.js";
import { codeSpan, escapeMarkdown, escapeMarkdownLines, markdownLink, safeUrl } from "./escape.js";
import { SEVERITY_ICON } from "./markdown.js";

/** What `renderExplain` shows about an advisory the rule applies. */
export interface ExplainAdvisory {
  id: string;
  title: string;
  summary: string;
  references: Array<{ title: string; url: string }>;
}

/** The reply to `/neox-check help`. */
export function renderHelp(): string {
  return [
    "### neox-check commands",
    "",
    "Comment on a pull request (people with write access to the repository):",
    "",
    "| Command | What it does |",
    "| --- | --- |",
    "| `/neox-check` or `/neox-check run` | Check the pull request's head again now. |",
    "| `/neox-check help` | Show this list. |",
    "| `/neox-check explain NXC101` | Explain a rule: what it checks, why it matters, how to fix it, references. |",
    "",
    "Silence one finding with a comment on its line or the line above: `# neox-check: ignore NXC101 -- reason`.",
    "Configure rules, config sets and ignores in `.github/neox-check.yml`.",
  ].join("\n");
}

/** The reply to `/neox-check explain <RULE>`: the rule, its default severity, its advisories and references. */
export function renderExplain(rule: RuleInfo, details: { advisories: ExplainAdvisory[] }): string {
  const lines = [
    `### ${escapeMarkdown(rule.id)} ${codeSpan(rule.name)}`,
    "",
    escapeMarkdownLines(rule.description),
    "",
    `**Default severity:** ${SEVERITY_ICON[rule.severity]} ${rule.severity}`,
  ];
  const docs = safeUrl(rule.docsUrl);
  if (docs !== null)
    lines.push(
      "",
      `Full explanation, with flagged and fine examples: [${escapeMarkdown(rule.id)} documentation](${docs})`,
    );
  if (details.advisories.length > 0) {
    lines.push("", "#### Advisories");
    for (const advisory of details.advisories) {
      lines.push("", `**${escapeMarkdown(advisory.id)}**: ${escapeMarkdown(advisory.title)}`, "");
      lines.push(escapeMarkdownLines(advisory.summary));
      const refs = advisory.references.map((r) => `- ${markdownLink(r.title, safeUrl(r.url))}`);
      if (refs.length > 0) lines.push("", "References:", "", ...refs);
    }
  }
  lines.push(
    "",
    `Silence it on one line with ${codeSpan(`# neox-check: ignore ${rule.id} -- reason`)}, or turn it off in ${codeSpan(
      ".github/neox-check.yml",
    )}.`,
  );
  return lines.join("\n");
}
