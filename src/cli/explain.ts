import { readFile } from "node:fs/promises";
import type { RuleInfo } from "../core/model/index.js";
import { stripUnsafe } from "../report/escape.js";
import { UsageError } from "./args.js";

/** An advisory as `explain` shows it. */
export interface ExplainedAdvisory {
  id: string;
  title: string;
  summary: string;
  references: Array<{ title: string; url: string }>;
}

/** The rule named by an id (`NXC101`, any case) or a name (`finetune-bf16-stale-master-weights`). */
export function findRule(rules: readonly RuleInfo[], query: string): RuleInfo {
  const wanted = query.trim().toLowerCase();
  const rule = rules.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
  if (rule === undefined) {
    throw new UsageError(`no such rule: ${query} (neox-check rules lists them)`);
  }
  return rule;
}

/** `neox-check rules`: one line per rule, aligned. */
export function renderRulesText(rules: readonly RuleInfo[]): string {
  const nameWidth = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map(
    (r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.name.padEnd(nameWidth)}  ${stripUnsafe(r.description)}`,
  );
  return `${lines.join("\n")}\n\n${rules.length} rules. neox-check explain <id> explains one.\n`;
}

/**
 * `neox-check explain NXC101`: the rule's documentation page as shipped (`docs/rules/<id>-<name>.md`),
 * or, without it, its description; then its advisories with their references and how to silence it.
 */
export async function renderExplainText(
  rule: RuleInfo,
  advisories: readonly ExplainedAdvisory[],
): Promise<string> {
  const page = await readDocPage(rule);
  const out: string[] = [];
  if (page !== null) {
    out.push(page.trimEnd());
  } else {
    out.push(`${rule.id} ${rule.name}`, "", `Default severity: ${rule.severity}`, "", rule.description);
  }
  if (advisories.length > 0) {
    out.push("", "Advisories:");
    for (const a of advisories) {
      out.push("", `  ${a.id}: ${a.title}`, ...wrapIndented(a.summary, "    "));
      for (const ref of a.references) out.push(`    - ${ref.title}: ${ref.url}`);
    }
  }
  out.push(
    "",
    `Docs: ${rule.docsUrl}`,
    `Silence one line: # neox-check: ignore ${rule.id} -- reason`,
    `Turn it off: rules: { ${rule.id}: off } in .github/neox-check.yml`,
  );
  return `${stripUnsafe(out.join("\n"))}\n`;
}

async function readDocPage(rule: RuleInfo): Promise<string | null> {
  // Both src/cli/ and dist/cli/ are two folders below the package root, which ships docs/.
  const url = new URL(`../../docs/rules/${rule.id}-${rule.name}.md`, import.meta.url);
  try {
    return await readFile(url, "utf8");
  } catch {
    return null;
  }
}

function wrapIndented(text: string, indent: string): string[] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `${indent}${line.trim()}`);
}
