import { validRange } from "@renovatebot/pep440";
import type { PinKind } from "../../../model/index.js";

export type PoetryConstraint =
  | {
      ok: true;
      kind: Extract<PinKind, "exact" | "range" | "unpinned">;
      version: string | null;
      pep440: string | null;
    }
  | { ok: false; message: string };

const ATOM = /^(?<op>\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*(?<version>[^\s,|]+)/;

/**
 * Reads a Poetry version constraint (`^1.2`, `~1.2.3`, `1.2.3`, `1.2.*`, `>=1.2,<2.0`, `>=1.2 <2.0`,
 * `^1.0 || ^2.0`, `*`) and translates it to PEP 440 (`^1.2` → `>=1.2,<2.0`, `~1.2.3` → `>=1.2.3,<1.3.0`,
 * `1.2.3` → `==1.2.3`). `||` has no PEP 440 form: such a constraint is a `range` with `pep440` null.
 */
export function parsePoetryConstraint(text: string): PoetryConstraint {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "*") return { ok: true, kind: "unpinned", version: null, pep440: null };
  const alternatives = trimmed.split("||");
  const translated: string[] = [];
  const atoms: Array<{ op: string; version: string }> = [];
  for (const alternative of alternatives) {
    const clauses: string[] = [];
    let rest = alternative.trim();
    if (rest === "")
      return { ok: false, message: `empty alternative in the Poetry constraint \`${trimmed}\`` };
    while (rest !== "") {
      const m = ATOM.exec(rest);
      const op = m?.groups?.op ?? "";
      const version = m?.groups?.version ?? "";
      if (!m || version === "")
        return { ok: false, message: `cannot read the Poetry constraint \`${trimmed}\`` };
      const pieces = translateAtom(op, version);
      if (pieces === null)
        return { ok: false, message: `\`${op}${version}\` is not a valid version constraint` };
      atoms.push({ op, version });
      clauses.push(...pieces);
      rest = rest.slice(m[0].length).replace(/^[\s,]+/, "");
    }
    translated.push(clauses.join(","));
  }
  const only = atoms.length === 1 ? atoms[0] : undefined;
  if (only && ["", "=", "==", "==="].includes(only.op) && !only.version.includes("*")) {
    return { ok: true, kind: "exact", version: only.version, pep440: translated[0] ?? null };
  }
  if (alternatives.length === 1 && translated[0] === "")
    return { ok: true, kind: "unpinned", version: null, pep440: null };
  return {
    ok: true,
    kind: "range",
    version: null,
    pep440: alternatives.length === 1 ? (translated[0] ?? null) : null,
  };
}

function release(version: string): { parts: number[]; rest: string } | null {
  const m = /^v?(?<nums>\d+(?:\.\d+)*)(?<rest>.*)$/.exec(version);
  if (!m?.groups) return null;
  return { parts: (m.groups.nums ?? "").split(".").map(Number), rest: m.groups.rest ?? "" };
}

function upper(parts: number[], bumpAt: number): string {
  const out = parts.slice(0, bumpAt + 1);
  out[bumpAt] = (out[bumpAt] ?? 0) + 1;
  while (out.length < parts.length) out.push(0);
  return out.join(".");
}

function translateAtom(op: string, version: string): string[] | null {
  if (version === "*") return op === "" ? [] : null;
  let out: string[];
  if (op === "^") {
    const r = release(version);
    if (!r) return null;
    let k = r.parts.findIndex((p) => p !== 0);
    if (k < 0) k = r.parts.length - 1;
    out = [`>=${version}`, `<${upper(r.parts, k)}`];
  } else if (op === "~") {
    const r = release(version);
    if (!r) return null;
    out = [`>=${version}`, `<${upper(r.parts, r.parts.length >= 2 ? 1 : 0)}`];
  } else if (op === "" || op === "=") {
    out = [`==${version}`];
  } else {
    out = [`${op}${version}`];
  }
  return out.every((clause) => validRange(clause)) ? out : null;
}
