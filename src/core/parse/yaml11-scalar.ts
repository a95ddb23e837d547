import type { JsonValue, ScalarType } from "../model/config.js";

/**
 * YAML 1.1 scalars exactly as PyYAML's `FullLoader` reads them (resolver.py and constructor.py of
 * PyYAML 6). The `yaml` package in 1.1 mode differs on floats (it reads `1e-8` and `5e8` as numbers,
 * PyYAML keeps them as strings), so plain scalars are resolved here and never by the package.
 */

/** A scalar turned into a value, or the error PyYAML raises while constructing it. */
export type ScalarResult = { ok: true; type: ScalarType; value: JsonValue } | { ok: false; message: string };

// The implicit resolvers of PyYAML's resolver.py, in registration order (bool, float, int, merge, null,
// timestamp, value). PyYAML's `$` also matches before a final newline, which a plain scalar never has.
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
// The mantissa needs a dot and the exponent a sign: `1.0e-8` is a float, `1e-8`, `5e8` and `1.0e8` are not.
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
// YAML 1.1 ints: binary, old-style octal (`017`, not `0o17`), decimal, hex, sexagesimal (`1:30` = 90).
const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE_RE = /^<<$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const VALUE_RE = /^=$/;

const BOOL_VALUES: Record<string, boolean> = {
  yes: true,
  no: false,
  true: true,
  false: false,
  on: true,
  off: false,
};

/** The tag PyYAML's implicit resolver gives a plain (unquoted) scalar. */
export type ImplicitTag = "bool" | "float" | "int" | "merge" | "null" | "timestamp" | "value" | "str";

/** Which tag PyYAML resolves a plain scalar to, by its text. */
export function implicitTag(text: string): ImplicitTag {
  if (BOOL_RE.test(text)) return "bool";
  if (FLOAT_RE.test(text)) return "float";
  if (INT_RE.test(text)) return "int";
  if (MERGE_RE.test(text)) return "merge";
  if (NULL_RE.test(text)) return "null";
  if (TIMESTAMP_RE.test(text)) return "timestamp";
  if (VALUE_RE.test(text)) return "value";
  return "str";
}

/** A plain scalar, resolved and constructed as PyYAML `FullLoader` does. */
export function resolvePlainScalar(text: string): ScalarResult {
  const tag = implicitTag(text);
  switch (tag) {
    case "merge":
    case "value":
      // `<<` is only special as a mapping key (the loader handles that); elsewhere PyYAML cannot build it.
      return {
        ok: false,
        message: `could not determine a constructor for the tag 'tag:yaml.org,2002:${tag}'`,
      };
    default:
      return constructScalar(tag, text);
  }
}

/** Builds the value of a scalar for a core tag, as PyYAML's SafeConstructor does (explicit tags included). */
export function constructScalar(
  tag: "bool" | "float" | "int" | "null" | "timestamp" | "str",
  text: string,
): ScalarResult {
  switch (tag) {
    case "str":
      return { ok: true, type: "str", value: text };
    case "null":
      return { ok: true, type: "null", value: null };
    case "bool":
      return constructBool(text);
    case "int":
      return constructInt(text);
    case "float":
      return constructFloat(text);
    case "timestamp":
      // PyYAML builds a datetime; NeoX then sees neither a string nor a number. Keep the text.
      return TIMESTAMP_RE.test(text)
        ? { ok: true, type: "timestamp", value: text }
        : { ok: false, message: `invalid timestamp: '${text}'` };
  }
}

function constructBool(text: string): ScalarResult {
  const value = BOOL_VALUES[text.toLowerCase()];
  if (value === undefined) return { ok: false, message: `invalid boolean: '${text}'` };
  return { ok: true, type: "bool", value };
}

/** PyYAML's construct_yaml_int: underscores dropped, sign, then `0b`, `0x`, leading-zero octal, `a:b` base 60. */
function constructInt(text: string): ScalarResult {
  let digits = text.replace(/_/g, "");
  let sign = 1n;
  if (digits.startsWith("-")) sign = -1n;
  if (digits.startsWith("-") || digits.startsWith("+")) digits = digits.slice(1);
  const bad = (base: number, literal: string): ScalarResult => ({
    ok: false,
    message: `invalid literal for int() with base ${base}: '${literal}'`,
  });
  if (digits === "") return { ok: false, message: `invalid int: '${text}'` };
  if (digits === "0") return intResult(0n);
  if (digits.startsWith("0b")) {
    const rest = digits.slice(2);
    return /^[01]+$/.test(rest) ? intResult(sign * BigInt(`0b${rest}`)) : bad(2, rest);
  }
  if (digits.startsWith("0x")) {
    const rest = digits.slice(2);
    return /^[0-9a-fA-F]+$/.test(rest) ? intResult(sign * BigInt(`0x${rest}`)) : bad(16, rest);
  }
  if (digits.startsWith("0")) {
    return /^[0-7]+$/.test(digits) ? intResult(sign * BigInt(`0o${digits}`)) : bad(8, digits);
  }
  if (digits.includes(":")) {
    let value = 0n;
    for (const part of digits.split(":")) {
      if (!/^\s*[0-9]+\s*$/.test(part)) return bad(10, part);
      value = value * 60n + BigInt(part.trim());
    }
    return intResult(sign * value);
  }
  return /^\s*[0-9]+\s*$/.test(digits) ? intResult(sign * BigInt(digits.trim())) : bad(10, digits);
}

function intResult(value: bigint): ScalarResult {
  // Python ints are unbounded; past 2^53 the number is the nearest double (the source text stays in `raw`).
  return { ok: true, type: "int", value: Number(value) };
}

/** PyYAML's construct_yaml_float: underscores dropped, lower-cased, `.inf`/`.nan`, `a:b.c` base 60, else `float()`. */
function constructFloat(text: string): ScalarResult {
  let body = text.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (body.startsWith("-")) sign = -1;
  if (body.startsWith("-") || body.startsWith("+")) body = body.slice(1);
  if (body === ".inf") return { ok: true, type: "float", value: sign * Infinity };
  if (body === ".nan") return { ok: true, type: "float", value: NaN };
  if (body.includes(":")) {
    let value = 0;
    for (const part of body.split(":")) {
      const digit = pythonFloat(part);
      if (digit === undefined) return { ok: false, message: `could not convert string to float: '${part}'` };
      value = value * 60 + digit;
    }
    return { ok: true, type: "float", value: sign * value };
  }
  const value = pythonFloat(body);
  if (value === undefined) return { ok: false, message: `could not convert string to float: '${body}'` };
  return { ok: true, type: "float", value: sign * value };
}

/** Python's `float()` on a string (without underscores): decimal, exponent, `inf`, `infinity`, `nan`. */
function pythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  const special = /^(?<sign>[-+]?)(?<word>inf|infinity|nan)$/i.exec(trimmed);
  if (special?.groups) {
    const word = special.groups["word"]?.toLowerCase();
    if (word === "nan") return NaN;
    return special.groups["sign"] === "-" ? -Infinity : Infinity;
  }
  // `[0-9]+(?:\.[0-9]*)?`, not `[0-9]+\.?[0-9]*`: the latter backtracks quadratically on a long run of digits.
  if (!/^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?$/i.test(trimmed)) return undefined;
  return Number(trimmed);
}
