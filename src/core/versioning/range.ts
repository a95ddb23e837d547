import { compareVersions, parseVersion } from "./version.js";

/**
 * An OSV range event, exactly one field per event: the versioning layer owns its meaning (`inRange`); the
 * knowledge schema validates data against it.
 */
export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string };

interface Bound {
  kind: "introduced" | "fixed" | "last_affected";
  /** Null for `introduced: "0"`, which is before every version. */
  version: string | null;
}

function toBound(event: RangeEvent): Bound | null {
  if ("introduced" in event) {
    if (event.introduced === "0") return { kind: "introduced", version: null };
    return parseVersion(event.introduced) ? { kind: "introduced", version: event.introduced } : null;
  }
  if ("fixed" in event) return parseVersion(event.fixed) ? { kind: "fixed", version: event.fixed } : null;
  return parseVersion(event.last_affected) ? { kind: "last_affected", version: event.last_affected } : null;
}

function compareBounds(a: Bound, b: Bound): number {
  if (a.version === null) return b.version === null ? 0 : -1;
  if (b.version === null) return 1;
  return compareVersions(a.version, b.version);
}

/**
 * Whether `version` lies inside an OSV `ECOSYSTEM` range, with OSV's semantics: the events are sorted
 * by version and walked in order; `introduced` opens the range (`"0"`: from the first version),
 * `fixed` closes it before that version (exclusive), `last_affected` closes it after that version
 * (inclusive). Several introduced/fixed pairs describe several windows. Ordering is PEP 440, so
 * `0.12.4+91d1c55b` is inside `[0.10.2, 0.13.0)` and `0.13.0rc1` is too. An invalid version, or an
 * event whose version is invalid (ignored), never throws.
 */
export function inRange(version: string, events: RangeEvent[]): boolean {
  if (!parseVersion(version)) return false;
  const bounds = events.map(toBound).filter((b): b is Bound => b !== null);
  bounds.sort(compareBounds);
  let affected = false;
  for (const bound of bounds) {
    if (bound.kind === "introduced") {
      if (bound.version === null || compareVersions(version, bound.version) >= 0) affected = true;
    } else if (bound.version !== null) {
      const cmp = compareVersions(version, bound.version);
      if (bound.kind === "fixed" ? cmp >= 0 : cmp > 0) affected = false;
    }
  }
  return affected;
}
