import type { Pin } from "../../model/index.js";
import { pinFromRequirement, type PinSite } from "./pin-factory.js";
import { parsePep508Requirement } from "./pip-requirement.js";
import { mappedSpan, type DiagnosticSink, type Mapped } from "./text.js";

/**
 * A pin from a PEP 508 string (pyproject arrays, setup.py and setup.cfg lists); a string pip would
 * reject becomes an `invalid-requirement` diagnostic at the offending character instead.
 */
export function pinFromPep508Text(m: Mapped, site: PinSite, sink: DiagnosticSink): Pin | null {
  const parsed = parsePep508Requirement(m.text);
  const result = parsed.ok ? pinFromRequirement(parsed.value, m, site) : parsed;
  if (result.ok && "pin" in result) return result.pin;
  if (!result.ok) {
    const r = result.problem.range;
    sink.add("invalid-requirement", result.problem.message, mappedSpan(site.lines, m, r.start, r.end));
  }
  return null;
}
