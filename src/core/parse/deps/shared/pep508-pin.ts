import type { Pin } from "../../../model/index.js";
import { pinFromRequirement, type PinSite } from "./pin-factory.js";
import { parsePep508Requirement, type PipRequirementParse } from "../requirement/pip-requirement.js";
import { mappedSpan, type DiagnosticSink, type Mapped } from "./text.js";

/**
 * The pin of a parsed requirement (`parsePipRequirement` or `parsePep508Requirement` over `m.text`); a
 * requirement pip would reject becomes an `invalid-requirement` diagnostic at the offending character.
 */
export function pinOrDiagnostic(
  parsed: PipRequirementParse,
  m: Mapped,
  site: PinSite,
  sink: DiagnosticSink,
): Pin | null {
  const result = parsed.ok ? pinFromRequirement(parsed.value, m, site) : parsed;
  if (result.ok) return result.pin;
  const r = result.problem.range;
  sink.add("invalid-requirement", result.problem.message, mappedSpan(site.lines, m, r.start, r.end));
  return null;
}

/** A pin from a PEP 508 string (pyproject arrays, setup.py and setup.cfg lists), or null with a diagnostic. */
export function pinFromPep508Text(m: Mapped, site: PinSite, sink: DiagnosticSink): Pin | null {
  return pinOrDiagnostic(parsePep508Requirement(m.text), m, site, sink);
}
