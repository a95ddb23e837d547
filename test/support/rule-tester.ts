import { applyEdits } from "../../src/cli/apply-fixes.js";
import { buildModel } from "../../src/core/analyze.js";
import { memoryWorkspace } from "../../src/core/memory-workspace.js";
import { loadRepoConfig } from "../../src/core/engine/load-repo-config.js";
import { defaultRepoConfig } from "../../src/core/engine/repo-config.js";
import { runRules } from "../../src/core/engine/run-rules.js";
import { checkedRepoConfigSchema } from "../../src/core/analyze/repo-config-schema.js";
import type { Rule } from "../../src/core/engine/types.js";
import { loadKnowledge } from "../../src/core/knowledge/index.js";
import type { Finding, TextEdit } from "../../src/core/model/index.js";

/**
 * The rule tester (the shape of ESLint's RuleTester): a rule's table of valid and invalid cases, each
 * run through the same model building and rule engine as `analyze`, each invalid case asserting every
 * finding exactly (message id, severity, certainty, path and span) and, where the rule offers edits, the
 * text after they are applied (as `neox-check --fix` applies them). Any finding whose message, fix,
 * certainty detail or related label still holds a `{{` or `}}` (a placeholder left unfilled) fails the
 * case, valid or invalid.
 */

const REPO_CONFIG = ".github/neox-check.yml";

export interface RuleCase {
  /** path -> text of the head snapshot. */
  files: Record<string, string>;
  /** path -> text of the base snapshot, for rules about a change. */
  base?: Record<string, string>;
  /** `.github/neox-check.yml` text (config sets, assume, rule options); its problems reach the model. */
  config?: string;
  /** The day expired `ignore` entries are judged against (ISO date); default 2026-11-27. */
  today?: string;
}

/** Placeholders (`{{name}}`) left in a finding's texts; empty when every one was filled. */
export function unfilledPlaceholders(f: Finding): string[] {
  const texts = [
    ["message", f.message],
    ["fix", f.fix?.description ?? ""],
    ["certainty detail", f.certainty.detail ?? ""],
    ...f.related.map((r) => ["related label", r.label] as const),
  ] as const;
  return texts
    .filter(([, text]) => text.includes("{{") || text.includes("}}"))
    .map(([where, text]) => `${f.ruleId}/${f.messageId} ${where}: ${text}`);
}

/**
 * Runs one rule over in-memory files, as analyze would, and returns its findings (no suppression).
 * Throws on a diagnostic of the rule engine and on any unfilled placeholder.
 */
export async function runRule(rule: Rule, c: RuleCase): Promise<Finding[]> {
  // As analyze loads it: validated against this build's rule list and options.
  const loaded =
    c.config === undefined
      ? { config: defaultRepoConfig, problems: [] }
      : loadRepoConfig({ path: REPO_CONFIG, text: c.config }, checkedRepoConfigSchema);
  const config = loaded.config;
  const knowledge = loadKnowledge();
  const head = await buildModel(memoryWorkspace(c.files), { config, knowledge });
  if (c.config !== undefined) {
    const today = c.today ?? "2026-11-27";
    head.model.repoConfig = {
      path: REPO_CONFIG,
      problems: loaded.problems,
      expiredIgnores: config.ignore
        .filter((e) => e.until !== undefined && e.until < today)
        .map((e) => ({ rule: e.rule, path: e.path, until: e.until as string, reason: e.reason })),
    };
  }
  const base = c.base ? await buildModel(memoryWorkspace(c.base), { config, knowledge }) : null;
  const result = runRules({ rules: [rule], head: head.model, base: base?.model ?? null, knowledge, config });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  const unfilled = result.findings.flatMap(unfilledPlaceholders);
  if (unfilled.length > 0) throw new Error(`unfilled placeholder(s):\n${unfilled.join("\n")}`);
  return result.findings;
}

/** The essentials of a finding, with its start (tests outside the rule tester: matrices, analyze). */
export function brief(f: Finding): Omit<ExpectedFinding, "endLine" | "endColumn" | "message"> {
  return {
    messageId: f.messageId,
    severity: f.severity,
    certainty: f.certainty.level,
    path: f.location.path,
    line: f.location.line,
    column: f.location.column,
  };
}

/** A finding as the rule tester compares it: `brief` with the exact span. */
export function exact(f: Finding): ExpectedFinding {
  return {
    messageId: f.messageId,
    severity: f.severity,
    certainty: f.certainty.level,
    path: f.location.path,
    line: f.location.line,
    column: f.location.column,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
  };
}

/** One expected finding: every field of `brief`, exactly; `message` when the text itself matters. */
export interface ExpectedFinding {
  messageId: string;
  /** `Severity`, as a string so that tables need no casts. */
  severity: string;
  /** `Certainty["level"]`. */
  certainty: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A part of the message (string: contained; RegExp: matched). */
  message?: string | RegExp;
}

export interface ValidCase extends RuleCase {
  /** The test's title in a `run` table. */
  name?: string;
}

export interface InvalidCase extends RuleCase {
  /** The test's title in a `run` table. */
  name?: string;
  /** Every finding, in the order the rule reports them. */
  errors: ExpectedFinding[];
  /**
   * path -> text once every finding's fix edits are applied (only the files that change). Required as
   * soon as a finding offers edits; `{}` asserts that no finding does.
   */
  output?: Record<string, string>;
  /** Further assertions on the findings (related locations, fix wording, ...). */
  check?: (findings: Finding[]) => void;
}

export interface RuleTable {
  valid?: ValidCase[];
  invalid?: InvalidCase[];
}

/**
 * The text of each file after every finding's edits, applied as `neox-check --fix` does
 * (src/cli/apply-fixes.ts): an edit shared by several findings once, an edit that overlaps an earlier
 * one skipped. Throws when an edit falls outside its file or names a file the case does not have.
 */
export function fixOutput(files: Record<string, string>, findings: Finding[]): Record<string, string> {
  const byPath = new Map<string, Map<string, TextEdit>>();
  for (const f of findings) {
    for (const edit of f.fix?.edits ?? []) {
      const edits = byPath.get(edit.span.path) ?? new Map<string, TextEdit>();
      const { line, column, endLine, endColumn } = edit.span;
      edits.set(JSON.stringify([line, column, endLine, endColumn, edit.replacement]), edit);
      byPath.set(edit.span.path, edits);
    }
  }
  const out: Record<string, string> = {};
  for (const [path, edits] of byPath) {
    const text = files[path];
    if (text === undefined) throw new Error(`a fix edits ${path}, which is not among the case's files`);
    const lines = text.split("\n");
    const inside = (line: number, column: number): boolean =>
      column >= 1 && column <= (lines[line - 1]?.length ?? -1) + 1;
    for (const { span } of edits.values()) {
      if (!inside(span.line, span.column) || !inside(span.endLine, span.endColumn)) {
        throw new Error(`an edit falls outside ${path}: ${JSON.stringify(span)}`);
      }
    }
    out[path] = applyEdits(text, [...edits.values()]).result;
  }
  return out;
}

/** Runs one valid case: no finding at all. */
export async function checkValid(rule: Rule, c: ValidCase): Promise<void> {
  const findings = await runRule(rule, c);
  expect(findings.map(exact)).toEqual([]);
}

/** Runs one invalid case: exactly the findings listed, with their spans, and the fix output. */
export async function checkInvalid(rule: Rule, c: InvalidCase): Promise<Finding[]> {
  if (c.errors.length === 0)
    throw new Error(`invalid case "${c.name ?? ""}" lists no error: make it a valid case`);
  const findings = await runRule(rule, c);
  const actual = findings.map((f, i) => {
    const b = exact(f);
    const wanted = c.errors[i]?.message;
    if (wanted === undefined) return b;
    const matches = typeof wanted === "string" ? f.message.includes(wanted) : wanted.test(f.message);
    return { ...b, message: matches ? wanted : f.message };
  });
  expect(actual).toEqual(c.errors);
  const edited = findings.some((f) => (f.fix?.edits.length ?? 0) > 0);
  if (c.output === undefined) {
    if (edited) {
      throw new Error(
        `the rule's fix edits the files: give the case an \`output\`\n${JSON.stringify(
          fixOutput(c.files, findings),
          null,
          2,
        )}`,
      );
    }
  } else {
    expect(fixOutput(c.files, findings)).toEqual(c.output);
  }
  c.check?.(findings);
  return findings;
}

/** `ruleTester(rule).run(title, { valid, invalid })`: one jest test per case, in a describe block. */
export function ruleTester(rule: Rule): { run(title: string, table: RuleTable): void } {
  return {
    run(title, table) {
      const all = [...(table.valid ?? []), ...(table.invalid ?? [])];
      if (all.some((c) => c.name === undefined)) throw new Error(`every case of ${title} needs a name`);
      const names = all.map((c) => c.name);
      const repeated = names.filter((n, i) => names.indexOf(n) !== i);
      if (repeated.length > 0) throw new Error(`case names repeated in ${title}: ${repeated.join(", ")}`);
      describe(title, () => {
        for (const c of table.invalid ?? []) {
          it(`invalid: ${c.name as string}`, async () => {
            await checkInvalid(rule, c);
          });
        }
        for (const c of table.valid ?? []) {
          it(`valid: ${c.name as string}`, async () => {
            await checkValid(rule, c);
          });
        }
      });
    },
  };
}
