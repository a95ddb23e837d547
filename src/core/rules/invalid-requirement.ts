import { defineRule } from "../engine/define-rule.js";
import type { PinSource } from "../model/index.js";

/** The parser's diagnostic code for a requirement the installer would reject. */
const INVALID_REQUIREMENT = "invalid-requirement";

/** Who reads each kind of dependency file, for the message. */
const INSTALLER: Record<PinSource, string> = {
  requirements: "pip",
  constraints: "pip",
  pyproject: "pip",
  poetry: "Poetry",
  uv: "uv",
  "setup.py": "pip",
  "setup.cfg": "pip",
  conda: "conda/pip",
  pipfile: "Pipenv",
  "pipfile.lock": "Pipenv",
  "poetry.lock": "Poetry",
  "uv.lock": "uv",
  dockerfile: "pip",
};

/**
 * NXC303: a requirement the installer would reject. The dependency parser already says where and
 * why; this rule turns each such diagnostic into a finding, so it blocks a pull request instead of
 * failing the environment build on the cluster (e.g. `deepspeed+https://...`, gpt-neox beaf960c).
 */
export const invalidRequirementRule = defineRule(
  {
    id: "NXC303",
    name: "invalid-requirement",
    severity: "error",
    description: "A dependency line that pip would reject.",
    messages: {
      invalid:
        "{{installer}} would reject this requirement, so the environment build stops here before any training starts: {{problem}}",
    },
  },
  (ctx) => {
    const seen = new Set<string>();
    for (const file of ctx.head.dependencyFiles) {
      for (const d of file.diagnostics) {
        if (d.code !== INVALID_REQUIREMENT) continue;
        const path = d.path || file.path;
        const line = Math.max(1, d.line);
        const column = Math.max(1, d.column);
        const id = `${path}\u0000${line}\u0000${column}\u0000${d.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        ctx.report({
          messageId: "invalid",
          data: { installer: INSTALLER[file.source], problem: d.message },
          location: { path, line, column, endLine: d.endLine ?? line, endColumn: d.endColumn ?? column },
          // The message names the offending text; a line number would break on unrelated edits.
          key: `requirement:${d.message}`,
        });
      }
    }
  },
);
