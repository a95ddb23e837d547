import { clean, compare, RANGE_PATTERN, type Pep440Version } from "@renovatebot/pep440";
import { parseVersion } from "./version.js";

/** Longest specifier set we evaluate; see `MAX_VERSION_TEXT` for why there is a cap at all. */
const MAX_SPECIFIER_TEXT = 1024;

export type Operator = "===" | "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">";

/** One clause of a specifier set (`>=0.10.2`, `!=1.*`, `===foo`). */
export interface Clause {
  operator: Operator;
  /** The version text after the operator, without a trailing `.*`. */
  text: string;
  /** Parsed `text`; null only for an arbitrary `===` string that is not a PEP 440 version. */
  version: Pep440Version | null;
  /** `==1.*` / `!=1.*` prefix matching. */
  wildcard: boolean;
}

// The library's own clause pattern, anchored; the named groups are operator, version, prefix, legacy.
const CLAUSE = new RegExp(`^${RANGE_PATTERN}$`, "i");

/** Operators whose pre-release version lets the set accept pre-releases (pip's rule; `!=` does not). */
const PRERELEASE_OPENERS: ReadonlySet<Operator> = new Set(["===", "~=", "==", "<=", ">=", "<", ">"]);

function parseClause(piece: string): Clause | null {
  const groups = CLAUSE.exec(piece.trim())?.groups;
  if (!groups) return null;
  const operator = groups.operator as Operator;
  if (operator === "===") {
    // Arbitrary equality compares strings; `.*` is part of the string, not a wildcard.
    const text = groups.legacy ?? `${groups.version ?? ""}${groups.prefix ?? ""}`;
    return { operator, text, version: parseVersion(text), wildcard: false };
  }
  if (groups.legacy !== undefined || groups.version === undefined) return null;
  const version = parseVersion(groups.version);
  if (!version) return null;
  const wildcard = groups.prefix !== undefined;
  const equality = operator === "==" || operator === "!=";
  if (version.local !== null && (!equality || wildcard)) return null;
  if (wildcard && (!equality || version.is_devrelease)) return null;
  // `~=1` has no release segment to keep: PEP 440 rejects it.
  if (operator === "~=" && version.release.length < 2) return null;
  return { operator, text: groups.version, version, wildcard };
}

/**
 * A specifier set split into clauses, or null when any clause is invalid. The empty string (or only
 * whitespace) is the empty set: any version.
 */
export function parseSpecifier(s: string): Clause[] | null {
  if (typeof s !== "string" || s.length > MAX_SPECIFIER_TEXT) return null;
  if (s.trim() === "") return [];
  const clauses: Clause[] = [];
  for (const piece of s.split(",")) {
    const clause = parseClause(piece);
    if (!clause) return null;
    clauses.push(clause);
  }
  return clauses;
}

/** Whether `s` is a valid PEP 440 specifier set (`>=0.10,<0.11`, `~=2.4`, `!=1.*`); `""` means any. */
export function isSpecifier(s: string): boolean {
  return parseSpecifier(s) !== null;
}

/** Whether the set names a pre-release in a clause that opens the door to pre-releases, as pip decides. */
export function namesPrerelease(clauses: Clause[]): boolean {
  return clauses.some((c) => PRERELEASE_OPENERS.has(c.operator) && (c.version?.is_prerelease ?? false));
}

/** Splits a normalised public version the way `packaging` does for prefix matching (`1.0rc1` -> 0,1,0,rc1). */
function splitForPrefix(normalised: string): string[] {
  const bang = normalised.lastIndexOf("!");
  const parts = [bang === -1 ? "0" : normalised.slice(0, bang)];
  for (const item of normalised.slice(bang + 1).split(".")) {
    const m = /^(?<num>\d+)(?<pre>(?:a|b|c|rc)\d+)$/.exec(item);
    if (m?.groups?.num !== undefined && m.groups.pre !== undefined) parts.push(m.groups.num, m.groups.pre);
    else parts.push(item);
  }
  return parts;
}

/** `==prefix.*`: the candidate's public version, zero-padded, starts with the prefix (`1` matches `1.0.*`). */
function prefixMatches(candidate: Pep440Version, prefix: string): boolean {
  const spec = splitForPrefix(clean(prefix) ?? prefix);
  const cand = splitForPrefix(candidate.public);
  const isNumber = (x: string): boolean => /^\d+$/.test(x);
  const specRelease = spec.findIndex((x) => !isNumber(x));
  const candRelease = cand.findIndex((x) => !isNumber(x));
  const specLen = specRelease === -1 ? spec.length : specRelease;
  const candLen = candRelease === -1 ? cand.length : candRelease;
  const padded = [
    ...cand.slice(0, candLen),
    ...Array<string>(Math.max(0, specLen - candLen)).fill("0"),
    ...cand.slice(candLen),
  ];
  return spec.every((part, i) => padded[i] === part);
}

function sameBase(a: Pep440Version, b: Pep440Version): boolean {
  return compare(a.base_version, b.base_version) === 0;
}

function clauseContains(clause: Clause, candidate: Pep440Version, raw: string): boolean {
  const { operator, text, version: spec, wildcard } = clause;
  if (operator === "===") {
    const literal = text.toLowerCase();
    return raw.trim().toLowerCase() === literal || (clean(raw) ?? "").toLowerCase() === literal;
  }
  if (!spec) return false;
  if (wildcard) return prefixMatches(candidate, text) === (operator === "==");
  // A public specifier ignores the candidate's local label (`==0.12.4` matches `0.12.4+91d1c55b`).
  const publicOrFull = spec.local === null ? candidate.public : raw.trim();
  switch (operator) {
    case "==":
      return compare(publicOrFull, text) === 0;
    case "!=":
      return compare(publicOrFull, text) !== 0;
    case "<=":
      return compare(candidate.public, text) <= 0;
    case ">=":
      return compare(candidate.public, text) >= 0;
    case "~=": {
      const keep = spec.release.slice(0, -1).join(".");
      const prefix = spec.epoch === 0 ? keep : `${spec.epoch}!${keep}`;
      return compare(candidate.public, text) >= 0 && prefixMatches(candidate, prefix);
    }
    case "<":
      // `<V` excludes V's own pre-releases unless V is one.
      if (compare(raw.trim(), text) >= 0) return false;
      return spec.is_prerelease || !candidate.is_prerelease || !sameBase(candidate, spec);
    case ">":
      // `>V` excludes V's post-releases (unless V is one) and V with a local label.
      if (compare(raw.trim(), text) <= 0) return false;
      if (!spec.is_postrelease && candidate.is_postrelease && sameBase(candidate, spec)) return false;
      return candidate.local === null || !sameBase(candidate, spec);
  }
}

/**
 * Whether pip would accept `version` for `specifier`. PEP 440 throughout: local versions
 * (`==0.12.4` matches `0.12.4+91d1c55b`), `~=`, `===`, `==1.*`/`!=1.*`, comma-separated sets. A
 * pre-release (or `.dev`) version only satisfies a set that names a pre-release (`>=1.0rc1`), as pip
 * decides without `--pre`. Invalid input of either kind gives false; it never throws.
 */
export function satisfies(version: string, specifier: string): boolean {
  const clauses = parseSpecifier(specifier);
  const candidate = typeof version === "string" ? parseVersion(version) : null;
  if (!clauses || !candidate) return false;
  if (candidate.is_prerelease && !namesPrerelease(clauses)) return false;
  return clauses.every((clause) => clauseContains(clause, candidate, version));
}

function clauseText(clause: Clause): string {
  return `${clause.operator}${clause.text}${clause.wildcard ? ".*" : ""}`;
}

/** The upper bound a `~=` clause implies: `~=1.4.5` is below 1.5, `~=2.2` below 3. */
function compatibleUpperBound(clause: Clause): string | null {
  const release = clause.version?.release ?? [];
  if (release.length < 2) return null;
  const kept = release.slice(0, -1);
  kept[kept.length - 1] = (kept.at(-1) ?? 0) + 1;
  return `<${kept.join(".")}`;
}

/** What a raised lower bound keeps of a clause: its upper bound or exclusion; null for a lower bound. */
function upperPart(clause: Clause): string | null {
  if (clause.operator === "~=") return compatibleUpperBound(clause);
  if (clause.operator === "<" || clause.operator === "<=" || clause.operator === "!=")
    return clauseText(clause);
  return null;
}

/**
 * `specifier` moved up to `target`: its lower bounds (`>=`, `>`, `==`, `===`, `~=`) become `>=target`,
 * and its upper bounds and exclusions (`<`, `<=`, `!=`, and the upper bound a `~=` implies) stay where
 * `target` satisfies them, so a fix to a range keeps the cap its author wrote (`>=0.10,<0.15` becomes
 * `>=0.13.0,<0.15`). A bound that excludes `target` goes: the fix cannot keep it. Null when `specifier`
 * or `target` is not valid.
 */
export function raiseLowerBound(specifier: string, target: string): string | null {
  const clauses = parseSpecifier(specifier);
  if (clauses === null || parseVersion(target) === null) return null;
  const kept: string[] = [];
  for (const clause of clauses) {
    const bound = upperPart(clause);
    if (bound !== null && satisfies(target, bound) && !kept.includes(bound)) kept.push(bound);
  }
  const raised = [`>=${target}`, ...kept].join(",");
  return satisfies(target, raised) ? raised : `>=${target}`;
}
