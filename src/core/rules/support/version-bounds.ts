import type { RangeEvent } from "../../knowledge/schema.js";
import { compareVersions, inRange, satisfies } from "../../versioning/index.js";
import { eventVersion, rangeWindows, type RangePoint, type RangeWindow } from "../../versioning/range.js";
import { parseSpecifier, type Clause } from "../../versioning/specifier.js";
import { parseVersion } from "../../versioning/version.js";

/**
 * How a specifier relates to OSV `ECOSYSTEM` ranges when no list of releases is known (torch,
 * flash-attn): `all` every version it allows is inside a range; `some` it allows versions inside and
 * outside; `none` it allows no version inside; `unknown` the bounds do not tell (an odd specifier that
 * no probe version satisfies, `===`).
 */
export type BoundsVerdict = "all" | "some" | "none" | "unknown";

type Point = RangePoint;
type Window = RangeWindow;

/** `[0.10.2, 0.13.0)`, `>= 2.0.0`, `< 2.3.0` for messages. */
export function describeRange(events: RangeEvent[]): string {
  return rangeWindows(events)
    .map((w) => {
      if (w.lower === null && w.upper === null) return "every version";
      if (w.lower === null && w.upper) return `${w.upper.inclusive ? "<=" : "<"} ${w.upper.version}`;
      if (w.upper === null) return `>= ${w.lower ?? "0"}`;
      return `[${w.lower ?? "0"}, ${w.upper.version}${w.upper.inclusive ? "]" : ")"}`;
    })
    .join(" or ");
}

/** The next release prefix: `2.4` -> `2.5` (for `~=2.4.1` keep `2.4` -> `2.5`; for `==2.*` `2` -> `3`). */
function bump(release: number[]): string {
  const next = [...release];
  const last = next.length - 1;
  next[last] = (next[last] ?? 0) + 1;
  return next.join(".");
}

/** The interval a specifier's clauses confine versions to (ignoring `!=`), as lower and upper bounds. */
function specInterval(clauses: Clause[]): { lower: Point | null; upper: Point | null } | null {
  let lower: Point | null = null;
  let upper: Point | null = null;
  const raise = (p: Point): void => {
    if (lower === null) lower = p;
    else {
      const cmp = compareVersions(p.version, lower.version);
      if (cmp > 0 || (cmp === 0 && !p.inclusive)) lower = p;
    }
  };
  const drop = (p: Point): void => {
    if (upper === null) upper = p;
    else {
      const cmp = compareVersions(p.version, upper.version);
      if (cmp < 0 || (cmp === 0 && !p.inclusive)) upper = p;
    }
  };
  for (const clause of clauses) {
    const v = clause.version;
    if (clause.operator === "===" || v === null) return null;
    switch (clause.operator) {
      case ">=":
        raise({ version: clause.text, inclusive: true });
        break;
      case ">":
        raise({ version: clause.text, inclusive: false });
        break;
      case "<":
        drop({ version: clause.text, inclusive: false });
        break;
      case "<=":
        drop({ version: clause.text, inclusive: true });
        break;
      case "~=":
        raise({ version: clause.text, inclusive: true });
        drop({ version: bump(v.release.slice(0, -1)), inclusive: false });
        break;
      case "==":
        raise({ version: clause.text, inclusive: true });
        drop(
          clause.wildcard
            ? { version: bump(v.release), inclusive: false }
            : { version: clause.text, inclusive: true },
        );
        break;
      case "!=":
        break;
    }
  }
  return { lower, upper };
}

function within(interval: { lower: Point | null; upper: Point | null }, window: Window): boolean {
  if (window.lower !== null) {
    if (interval.lower === null || compareVersions(interval.lower.version, window.lower) < 0) return false;
  }
  if (window.upper !== null) {
    if (interval.upper === null) return false;
    const cmp = compareVersions(interval.upper.version, window.upper.version);
    // An exclusive upper bound of the specifier fits under any upper bound at or above it.
    if (cmp > 0) return false;
    if (cmp === 0 && interval.upper.inclusive && !window.upper.inclusive) return false;
  }
  return true;
}

/** Versions worth trying: the range's bounds, the specifier's versions, just above each, and the extremes. */
function probes(clauses: Clause[], events: RangeEvent[]): string[] {
  const found = new Set<string>(["0", "999999"]);
  const add = (text: string): void => {
    const parsed = parseVersion(text);
    if (!parsed) return;
    found.add(text);
    if (!parsed.is_prerelease && !parsed.is_postrelease && parsed.local === null)
      found.add(`${parsed.release.join(".")}.0.0.1`);
  };
  for (const e of events) {
    const v = eventVersion(e);
    if (v !== "0") add(v);
  }
  for (const c of clauses) {
    add(c.text);
    if (c.version && c.wildcard) add(bump(c.version.release));
  }
  return [...found];
}

/**
 * Classifies `specifier` against `events` from its bounds alone, for packages whose releases are not
 * listed. `all` only when the specifier's own bounds lie inside one window; `some`/`none` from probe
 * versions tried with `satisfies`; `unknown` when no probe satisfies the specifier at all.
 */
export function classifyByBounds(specifier: string, events: RangeEvent[]): BoundsVerdict {
  const clauses = parseSpecifier(specifier);
  if (clauses === null) return "unknown";
  // `===` compares strings: its bounds say nothing.
  const interval = specInterval(clauses);
  if (interval === null) return "unknown";
  const tried = probes(clauses, events).filter((p) => satisfies(p, specifier));
  if (tried.length === 0) return "unknown";
  const inside = tried.filter((p) => inRange(p, events));
  if (inside.length === 0) return "none";
  return rangeWindows(events).some((w) => within(interval, w)) ? "all" : "some";
}
