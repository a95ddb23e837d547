import type { Diagnostic, Span } from "./location.js";

export type Severity = "error" | "warning" | "info";

/**
 * How sure a finding is.
 * - `certain`: every condition is established from the files.
 * - `inferred`: every condition holds, but the upstream fact itself is inferred from code, not reported.
 * - `unknown`: a condition could not be established; `detail` says which.
 */
export interface Certainty {
  level: "certain" | "inferred" | "unknown";
  detail?: string;
}

export interface RelatedLocation {
  label: string;
  location: Span;
}

export interface TextEdit {
  span: Span;
  replacement: string;
}

export interface Fix {
  /** What to do, in words. */
  description: string;
  /** Mechanical edits, when there are any (replace exactly this span with this text). */
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** The message id within the rule (`affected`, `unknownPrecision`). */
  messageId: string;
  message: string;
  location: Span;
  related: RelatedLocation[];
  advisory: string | null;
  certainty: Certainty;
  fix: Fix | null;
  /** Stable across unrelated edits: rule, file, key path or package, not line numbers. */
  fingerprint: string;
  docsUrl: string;
}

export type FindingStatus = "new" | "existing" | "fixed";

export interface Suppression {
  by: "inline" | "config";
  reason: string;
  /** Where the suppression is written (the comment, or the config file). */
  at: Span | null;
}

/** A finding as reported: with its status against the base and its suppression, if any. */
export interface ReportedFinding extends Finding {
  status: FindingStatus;
  suppressed: Suppression | null;
}

export interface Report {
  /** Findings on the head (new or existing), then fixed ones (present only on the base). */
  findings: ReportedFinding[];
  /** Parser diagnostics and internal errors (a rule that threw). */
  diagnostics: Diagnostic[];
  /** Relevant files found on the head. */
  files: { configs: string[]; dependencies: string[] };
  /** What the head's configs were judged against, one line each (DESIGN.md §3, "Environment"). */
  environment: { neox: string; deepspeed: string };
  /** Whether a base was compared. */
  compared: boolean;
  /** The fail threshold and scope in force. */
  failOn: "error" | "warning" | "never";
  scope: "new" | "all";
  /** True when the findings in scope reach `failOn`. */
  failed: boolean;
}

/** What renderers need to know about a rule (SARIF rule metadata, `/neox-check explain`). */
export interface RuleInfo {
  id: string;
  name: string;
  severity: Severity;
  /** One line: what the rule checks. */
  description: string;
  docsUrl: string;
  /** Advisory ids the rule applies. */
  advisories: string[];
}
