import { defineRule } from "../engine/define-rule.js";

/** Problems with `.github/neox-check.yml` itself: it never crashes a run, it becomes this finding. */
export const repoConfigRule = defineRule(
  {
    id: "NXC001",
    name: "repo-config",
    severity: "error",
    description:
      "`.github/neox-check.yml` is invalid (unknown keys, rule ids or options, bad globs), its `_extends` cannot be followed, or an ignore entry has expired.",
    messages: {
      invalid: "The neox-check configuration is invalid and was not used (defaults apply): {{problem}}",
      extends: "The neox-check configuration's `_extends` could not be followed: {{problem}}",
      expiredIgnore:
        "This ignore entry for {{rule}} on `{{path}}` expired on {{until}} and no longer applies (reason given: {{reason}}).",
    },
  },
  (ctx) => {
    const { path, problems, expiredIgnores } = ctx.head.repoConfig;
    if (path === null) return;
    for (const problem of problems) {
      ctx.report({
        messageId: problem.extends ? "extends" : "invalid",
        data: { problem: problem.message },
        location: problem.span,
        ...(problem.severity === undefined ? {} : { severity: problem.severity }),
        key: `config:${problem.message}`,
      });
    }
    for (const entry of expiredIgnores) {
      ctx.report({
        messageId: "expiredIgnore",
        data: { rule: entry.rule, path: entry.path, until: entry.until, reason: entry.reason },
        location: { path, line: 1, column: 1, endLine: 1, endColumn: 1 },
        severity: "info",
        key: `expired:${entry.rule}:${entry.path}:${entry.until}`,
      });
    }
  },
);
