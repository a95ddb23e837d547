import type { Severity } from "../model/index.js";

/** The severities, most severe first: the one order every sort, schema and threshold uses. */
export const SEVERITIES = ["error", "warning", "info"] as const satisfies readonly Severity[];

/** How severe: `error` 2, `warning` 1, `info` 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** For sorting, most severe first. */
export function bySeverity(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}

/** Whether a finding of `severity` fails a run whose `fail_on` is `failOn`. */
export function failsAt(severity: Severity, failOn: "error" | "warning" | "never"): boolean {
  return failOn !== "never" && severityRank(severity) >= severityRank(failOn);
}
