import type { Diagnostic, Finding, Severity } from "../model/index.js";
import type { Knowledge } from "../knowledge/types.js";
import { fingerprint } from "./fingerprint.js";
import { formatMessage } from "./format-message.js";
import { severityRank } from "./severity.js";
import type { RepoConfig } from "./repo-config.js";
import type { ReportDescriptor, Rule, WorkspaceModel } from "./types.js";

export interface RunRulesInput {
  rules: readonly Rule[];
  head: WorkspaceModel;
  base: WorkspaceModel | null;
  knowledge: Knowledge;
  config: RepoConfig;
}

export interface RunRulesResult {
  findings: Finding[];
  /** Internal errors: a rule that threw, options that did not validate. */
  diagnostics: Diagnostic[];
}

/**
 * Runs every enabled rule over one snapshot. A rule that throws becomes an internal diagnostic naming it,
 * and the others still run; options that do not validate disable that rule with a diagnostic.
 */
export function runRules(input: RunRulesInput): RunRulesResult {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const rule of input.rules) {
    const setting = resolveSetting(rule, input.config);
    if (!setting.enabled) continue;
    const options = rule.meta.options.safeParse(setting.options);
    if (!options.success) {
      diagnostics.push(
        internal(`${rule.meta.id} options are invalid: ${options.error.message}`, "rule-options"),
      );
      continue;
    }
    const report = (d: ReportDescriptor): void => {
      findings.push(toFinding(rule, d, setting.severity));
    };
    try {
      rule.check({
        options: options.data,
        head: input.head,
        base: input.base,
        knowledge: input.knowledge,
        assume: input.config.assume,
        report,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      diagnostics.push(internal(`rule ${rule.meta.id} (${rule.meta.name}) failed: ${message}`, "rule-crash"));
    }
  }
  return { findings, diagnostics };
}

interface RuleSetting {
  enabled: boolean;
  /** A severity forced by the repo config, or null to keep the rule's own. */
  severity: Severity | null;
  options: unknown;
}

function resolveSetting(rule: Rule, config: RepoConfig): RuleSetting {
  const raw = config.rules[rule.meta.id];
  if (raw === undefined) return { enabled: true, severity: null, options: {} };
  if (raw === "off") return { enabled: false, severity: null, options: {} };
  if (typeof raw === "string") return { enabled: true, severity: raw, options: {} };
  return { enabled: raw.enabled, severity: raw.severity ?? null, options: raw.options };
}

function toFinding(rule: Rule, d: ReportDescriptor, forced: Severity | null): Finding {
  const template = rule.meta.messages[d.messageId];
  if (template === undefined) throw new Error(`unknown message id "${d.messageId}"`);
  return {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    severity: pickSeverity(rule.meta.severity, d.severity, forced),
    messageId: d.messageId,
    message: formatMessage(template, d.data),
    location: d.location,
    related: d.related ?? [],
    advisory: d.advisory ?? null,
    certainty: d.certainty ?? { level: "certain" },
    fix: d.fix ?? null,
    fingerprint: fingerprint(rule.meta.id, d.location.path, d.key),
    docsUrl: rule.meta.docsUrl,
  };
}

/**
 * The repo config's severity replaces the rule's default. A finding the rule itself lowered (a part is
 * unknown) stays at or below the configured severity, so configuring a rule never makes a guess block.
 */
function pickSeverity(ruleDefault: Severity, own: Severity | undefined, forced: Severity | null): Severity {
  const severity = own ?? ruleDefault;
  if (forced === null) return severity;
  if (severityRank(severity) >= severityRank(ruleDefault)) return forced;
  return severityRank(severity) <= severityRank(forced) ? severity : forced;
}

function internal(message: string, code: string): Diagnostic {
  return { path: "", line: 1, column: 1, code, message };
}
