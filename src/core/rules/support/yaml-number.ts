import type { ConfigNode } from "../../model/index.js";

/**
 * Scientific notation that Python's `float()` reads but PyYAML (YAML 1.1) resolves to a string:
 * PyYAML's float pattern wants a dot in the mantissa and a sign in the exponent (`1.0e-8`, `5.0e+8`),
 * so `1e-8`, `6e-4`, `5e8` and `1.0e8` stay strings (knowledge/pitfalls.md item 10, gpt-neox#171).
 */
const SCIENTIFIC =
  /^(?<sign>[-+]?)(?<mantissa>[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?<e>[eE])(?<expSign>[-+]?)(?<exp>[0-9]+)$/;

/** A string scalar that its author almost certainly meant as a number. */
export interface NumberLikeString {
  /** The scalar's text without quotes (`1e-8`). */
  text: string;
  /** The number the author meant. */
  value: number;
  /** The same number in a spelling PyYAML reads as a float (`1.0e-8`, `5.0e+8`). */
  floatSpelling: string;
  /** A plain integer spelling (`500000000`) when the number is a whole number, else null. */
  integerSpelling: string | null;
}

/** The text of a scalar without its quotes (`"1e-8"` -> `1e-8`). */
function unquoted(raw: string): string {
  const m = /^(?<q>["'])(?<body>.*)\k<q>$/s.exec(raw);
  return m?.groups?.body ?? raw;
}

/** When `node` is a string PyYAML made from scientific notation, what the author meant; else null. */
export function numberLikeString(node: ConfigNode): NumberLikeString | null {
  if (node.kind !== "scalar" || node.type !== "str" || typeof node.value !== "string") return null;
  const text = unquoted(node.raw.trim());
  if (text.length > 64) return null;
  const m = SCIENTIFIC.exec(text);
  const g = m?.groups;
  if (!g) return null;
  const value = Number(text.replace(/_/g, ""));
  if (!Number.isFinite(value)) return null;
  const mantissa = g.mantissa ?? "";
  const floatMantissa = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  const floatSpelling = `${g.sign ?? ""}${floatMantissa}${g.e ?? "e"}${g.expSign || "+"}${g.exp ?? ""}`;
  const integerSpelling = Number.isSafeInteger(value) ? String(value) : null;
  return { text, value, floatSpelling, integerSpelling };
}
