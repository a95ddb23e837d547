/** An inline suppression comment: `# neox-check: ignore NXC101, NXC208 -- reason` or `ignore-file`. */
export interface InlineSuppression {
  /** Rule ids, or `*` for all. */
  rules: string[];
  reason: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** A whole-file suppression (`ignore-file`). */
  file: boolean;
}

const DIRECTIVE =
  /#\s*neox-check:\s*(?<verb>ignore-file|ignore)(?<rules>(?:\s*,?\s*(?:NXC\d{3}|\*))*)\s*(?:--\s*(?<reason>.*?))?\s*$/;

/**
 * Finds suppression comments in a YAML, requirements or TOML text. A directive without a rule id
 * applies to every rule; one without a reason is kept, with the reason "no reason given".
 */
export function parseSuppressions(text: string): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (const [index, lineText] of lines.entries()) {
    if (!lineText.includes("neox-check:")) continue;
    const match = DIRECTIVE.exec(lineText);
    if (!match?.groups) continue;
    const rules = (match.groups.rules ?? "").match(/NXC\d{3}|\*/g) ?? ["*"];
    found.push({
      rules: rules.length === 0 ? ["*"] : rules,
      reason: match.groups.reason?.trim() || "no reason given",
      line: index + 1,
      column: match.index + 1,
      file: match.groups.verb === "ignore-file",
    });
  }
  return found;
}

/** The suppression that covers a finding of `ruleId` on `line`: on that line, the line above, or the whole file. */
export function findSuppression(
  suppressions: readonly InlineSuppression[],
  ruleId: string,
  line: number,
): InlineSuppression | null {
  for (const s of suppressions) {
    if (!s.rules.includes(ruleId) && !s.rules.includes("*")) continue;
    if (s.file || s.line === line || s.line === line - 1) return s;
  }
  return null;
}
