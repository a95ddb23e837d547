import { compareVersions, parseVersion } from "./version.js";

/**
 * An OSV range event, exactly one field per event: the versioning layer owns its meaning (`inRange`); the
 * knowledge schema validates data against it.
 */
export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string };

/** A bound of a window: a version, and whether the window includes it. */
export interface RangePoint {
  version: string;
  inclusive: boolean;
}

/** One window of an OSV range: from `lower` (inclusive; null: the beginning) to `upper` (null: open-ended). */
export interface RangeWindow {
  lower: string | null;
  upper: RangePoint | null;
}

/** The version (or, in a `GIT` range, the commit) an OSV event names: `"0"` for "from the beginning". */
export function eventVersion(event: RangeEvent): string {
  return "introduced" in event ? event.introduced : "fixed" in event ? event.fixed : event.last_affected;
}

interface Bound {
  kind: "introduced" | "fixed" | "last_affected";
  /** Null for `introduced: "0"`, which is before every version. */
  version: string | null;
}

function toBound(event: RangeEvent): Bound | null {
  const kind = "introduced" in event ? "introduced" : "fixed" in event ? "fixed" : "last_affected";
  const version = eventVersion(event);
  if (kind === "introduced" && version === "0") return { kind, version: null };
  return parseVersion(version) ? { kind, version } : null;
}

function compareBounds(a: Bound, b: Bound): number {
  if (a.version === null) return b.version === null ? 0 : -1;
  if (b.version === null) return 1;
  return compareVersions(a.version, b.version);
}

/**
 * The windows an OSV `ECOSYSTEM` range describes, with OSV's semantics: the events are sorted by
 * version and walked in order; `introduced` opens a window (`"0"`: from the first version), `fixed`
 * closes it before that version (exclusive), `last_affected` after that version (inclusive). Several
 * introduced/fixed pairs describe several windows. An event whose version is invalid is ignored.
 */
export function rangeWindows(events: RangeEvent[]): RangeWindow[] {
  const bounds = events.map(toBound).filter((b): b is Bound => b !== null);
  bounds.sort(compareBounds);
  const windows: RangeWindow[] = [];
  let open: { lower: string | null } | null = null;
  for (const bound of bounds) {
    if (bound.kind === "introduced") {
      open ??= { lower: bound.version };
    } else if (open !== null && bound.version !== null) {
      windows.push({
        lower: open.lower,
        upper: { version: bound.version, inclusive: bound.kind === "last_affected" },
      });
      open = null;
    }
  }
  if (open !== null) windows.push({ lower: open.lower, upper: null });
  return windows;
}

/** Whether `version` lies inside `window` (PEP 440 order). */
export function inWindow(version: string, window: RangeWindow): boolean {
  if (window.lower !== null && compareVersions(version, window.lower) < 0) return false;
  if (window.upper === null) return true;
  const cmp = compareVersions(version, window.upper.version);
  return window.upper.inclusive ? cmp <= 0 : cmp < 0;
}

/**
 * Whether `version` lies inside an OSV `ECOSYSTEM` range (see {@link rangeWindows}). Ordering is PEP
 * 440, so `0.12.4+91d1c55b` is inside `[0.10.2, 0.13.0)` and `0.13.0rc1` is too. An invalid version, or
 * an event whose version is invalid (ignored), never throws.
 */
export function inRange(version: string, events: RangeEvent[]): boolean {
  if (!parseVersion(version)) return false;
  return rangeWindows(events).some((w) => inWindow(version, w));
}
