import { countsInScope } from "../core/engine/in-scope.js";
import { failsAt } from "../core/engine/severity.js";
import type { Report, ReportedFinding } from "../core/model/index.js";
import { pathFilter } from "./limits.js";

/**
 * A report limited to some paths (files or directories, root-relative): what `neox-check check a b`
 * and the pre-commit hook judge. The whole root was read, so a config set, an included requirements
 * file or a pin elsewhere still count as context; only the findings located in the named paths (at
 * their own line or at a related one, such as the pin that makes a config line fail) are kept and
 * weighed against `fail_on`.
 */
export function narrowReport(report: Report, limits: string[]): Report {
  const inLimits = pathFilter(limits);
  const touches = (f: ReportedFinding): boolean =>
    inLimits(f.location.path) || f.related.some((r) => inLimits(r.location.path));
  const findings = report.findings.filter(touches);
  const failOn = report.failOn;
  return {
    ...report,
    findings,
    diagnostics: report.diagnostics.filter((d) => inLimits(d.path)),
    files: {
      configs: report.files.configs.filter(inLimits),
      dependencies: report.files.dependencies.filter(inLimits),
    },
    failed: findings.some((f) => countsInScope(f, report) && failsAt(f.severity, failOn)),
  };
}
