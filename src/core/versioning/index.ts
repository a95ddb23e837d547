/** PEP 440 versions, specifier sets, OSV ranges and resolution against known releases. */
export { compareVersions, isPrerelease, isVersion } from "./version.js";
export { isSpecifier, raiseLowerBound, satisfies } from "./specifier.js";
export {
  eventVersion,
  inRange,
  inWindow,
  rangeWindows,
  type RangeEvent,
  type RangePoint,
  type RangeWindow,
} from "./range.js";
export {
  allowedReleases,
  allowsAnyIn,
  classifyAgainstRange,
  newestAllowed,
  type RangeClassification,
} from "./releases.js";
