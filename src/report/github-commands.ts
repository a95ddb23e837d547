import type { Report, ReportedFinding, Severity } from "../core/model/index.js";
import { escapeCommandData, escapeCommandProperty, oneLine, stripUnsafe } from "./escape.js";
import {
  byLocation,
  certaintyText,
  countFindings,
  inScope,
  inScopeTotal,
  otherCounts,
  severitySummary,
} from "./select.js";
import { nothingToCheck } from "./text.js";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  error: "error",
  warning: "warning",
  info: "notice",
};

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), one per finding in scope,
 * so Actions shows them as annotations, then one plain summary line. Properties and data are escaped
 * as the Actions toolkit does (`%`, CR, LF; also `:` and `,` in properties).
 */
export function renderGithubCommands(report: Report): string {
  const lines = [...inScope(report)].sort(byLocation).map(command);
  const counts = countFindings(report);
  const severities = severitySummary(counts);
  const parts = [
    `${inScopeTotal(counts)} ${report.compared ? "new" : "in scope"}${severities ? ` (${severities})` : ""}`,
    ...otherCounts(report, counts),
  ];
  lines.push(
    nothingToCheck(report)
      ? "neox-check: no GPT-NeoX config or dependency file found: nothing to check"
      : `neox-check: ${parts.join(", ")}; ${report.failed ? "failed" : "passed"} (fail-on: ${report.failOn})`,
  );
  return `${lines.join("\n")}\n`;
}

function command(f: ReportedFinding): string {
  const loc = f.location;
  const properties: Array<[string, string | number]> = [
    ["file", loc.path],
    ["line", loc.line],
    ["col", loc.column],
    ["endLine", loc.endLine],
  ];
  // Actions accepts a column range only on one line; its end column is inclusive.
  if (loc.endLine === loc.line) properties.push(["endColumn", Math.max(loc.column, loc.endColumn - 1)]);
  properties.push(["title", `${f.ruleId} ${f.ruleName}`]);
  const props = properties.map(([k, v]) => `${k}=${escapeCommandProperty(oneLine(String(v)))}`).join(",");
  const extra: string[] = [];
  if (f.certainty.level !== "certain") extra.push(`Certainty: ${certaintyText(f.certainty)}.`);
  if (f.fix !== null) extra.push(`Fix: ${f.fix.description}`);
  extra.push(`Docs: ${f.docsUrl}`);
  return `::${COMMAND[f.severity]} ${props}::${escapeCommandData(stripUnsafe(`${f.message}\n${extra.join("\n")}`.replace(/\r\n?/g, "\n")))}`;
}
