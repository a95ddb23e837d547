import { compare, explain, type Pep440Version } from "@renovatebot/pep440";

/**
 * Longest version or specifier text we look at. Real ones are a few dozen characters; the cap keeps a
 * hostile requirements line from costing more than a bounded amount of regex work.
 */
export const MAX_VERSION_TEXT = 256;

/** A parsed PEP 440 version, or null when `text` is not one (never throws). */
export function parseVersion(text: string): Pep440Version | null {
  if (typeof text !== "string" || text.length > MAX_VERSION_TEXT) return null;
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return explain(trimmed);
}

/**
 * Whether `v` is a valid PEP 440 version (`0.12.4`, `2.4.0.post1`, `1.0rc1`, `0.12.4+91d1c55b`, `1!2.0`).
 * Surrounding whitespace is allowed, as pip allows it.
 */
export function isVersion(v: string): boolean {
  return parseVersion(v) !== null;
}

/**
 * PEP 440 ordering: negative when `a` sorts before `b`, zero when equal (`1.0` == `1.0.0`), positive
 * after. Never throws: an invalid version sorts before every valid one, and two invalid ones compare
 * as strings, so sorting a list with junk in it still gives a stable order.
 */
export function compareVersions(a: string, b: string): number {
  const validA = parseVersion(a) !== null;
  const validB = parseVersion(b) !== null;
  if (validA && validB) return Math.sign(compare(a.trim(), b.trim()));
  if (validA) return 1;
  if (validB) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `v` is a pre-release in pip's sense (`a`, `b`, `rc` or `.dev`). False for invalid input. */
export function isPrerelease(v: string): boolean {
  return parseVersion(v)?.is_prerelease ?? false;
}
