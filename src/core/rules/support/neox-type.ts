import type { ConfigNode, JsonValue } from "../../model/index.js";

/**
 * A NeoX argument's type annotation (`int`, `Optional[str]`, `Literal['fp16', 'bfloat16']`), in the
 * shape NeoX's `validate_types` checks it.
 */
export type NeoxType =
  | { kind: SimpleKind }
  | { kind: "literal"; values: Array<string | number | boolean | null> }
  | { kind: "union"; members: NeoxType[] }
  /** `Any`, or an annotation this module does not understand: every value is accepted. */
  | { kind: "any" };

type SimpleKind = "int" | "float" | "bool" | "str" | "list" | "dict" | "none";

const MAX_ANNOTATION = 1000;

const SIMPLE = new Map<string, SimpleKind>([
  ["int", "int"],
  ["float", "float"],
  ["bool", "bool"],
  ["str", "str"],
  ["list", "list"],
  ["List", "list"],
  ["dict", "dict"],
  ["Dict", "dict"],
  ["None", "none"],
  ["NoneType", "none"],
]);

/** Splits `a, B[c, d], 'e,f'` at top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "") parts.push(last);
  return parts;
}

function literalValue(text: string): string | number | boolean | null | undefined {
  const quoted = /^(?<q>["'])(?<body>.*)\k<q>$/s.exec(text);
  if (quoted?.groups) return quoted.groups.body ?? "";
  if (text === "True") return true;
  if (text === "False") return false;
  if (text === "None") return null;
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  return undefined;
}

/**
 * Parses a Python type annotation as written in `neox_args.py`. Unknown forms become `any`, so a
 * type this module cannot read never produces a finding.
 */
export function parseNeoxType(annotation: string): NeoxType {
  const text = annotation.trim().replace(/^typing\./, "");
  if (text.length === 0 || text.length > MAX_ANNOTATION) return { kind: "any" };
  const simple = SIMPLE.get(text);
  if (simple !== undefined) return { kind: simple };
  const generic = /^(?<head>[A-Za-z_.]+)\[(?<args>.*)\]$/s.exec(text);
  const head = generic?.groups?.head?.replace(/^typing\./, "");
  const args = generic?.groups?.args;
  if (head === undefined || args === undefined) return { kind: "any" };
  if (head === "Literal") {
    const values: Array<string | number | boolean | null> = [];
    for (const part of splitTopLevel(args)) {
      const value = literalValue(part);
      if (value === undefined) return { kind: "any" };
      values.push(value);
    }
    return { kind: "literal", values };
  }
  if (head === "Optional") return { kind: "union", members: [parseNeoxType(args), { kind: "none" }] };
  if (head === "Union") return { kind: "union", members: splitTopLevel(args).map(parseNeoxType) };
  const container = SIMPLE.get(head);
  if (container === "list" || container === "dict") return { kind: container };
  return { kind: "any" };
}

/** The Python type name PyYAML gives a node (`int`, `str`, `dict`), as NeoX's error message shows it. */
export function pythonTypeOf(node: ConfigNode): string {
  if (node.kind === "map") return "dict";
  if (node.kind === "seq") return "list";
  return node.type === "null" ? "NoneType" : node.type;
}

function literalAccepts(values: Array<string | number | boolean | null>, value: JsonValue): boolean {
  if (values.some((v) => v === value)) return true;
  // NeoX compares strings case-insensitively against the string choices.
  if (typeof value !== "string") return false;
  const lower = value.toLowerCase();
  return values.some((v) => typeof v === "string" && v.toLowerCase() === lower);
}

/**
 * Whether NeoX's `validate_types` accepts this value for this type. NeoX compares exact Python types:
 * `True` is not an int and `1` is not a bool, but an int is accepted for a float, and `None` for any
 * field. `Literal` choices match strings case-insensitively. For a `Union`, any member that accepts
 * the value is enough (NeoX itself is stricter with `List[...]` members; neox-check does not flag
 * what it is not sure NeoX rejects).
 */
export function acceptsValue(type: NeoxType, node: ConfigNode): boolean {
  if (node.kind === "scalar" && node.type === "null") return true;
  switch (type.kind) {
    case "any":
      return true;
    case "none":
      return false;
    case "list":
      return node.kind === "seq";
    case "dict":
      return node.kind === "map";
    case "literal":
      return node.kind === "scalar" && literalAccepts(type.values, node.value);
    case "union":
      return type.members.some((member) => acceptsValue(member, node));
    case "float":
      return node.kind === "scalar" && (node.type === "float" || node.type === "int");
    default:
      return node.kind === "scalar" && node.type === type.kind;
  }
}

/** Whether a whole-number value fits this type as an int (used to pick a fix's spelling). */
export function wantsInteger(type: NeoxType): boolean {
  if (type.kind === "int") return true;
  if (type.kind === "union") return type.members.some((m) => m.kind === "int");
  return false;
}

/** Whether this type takes a number at all (int or float, directly or in a union). */
export function wantsNumber(type: NeoxType): boolean {
  if (type.kind === "int" || type.kind === "float") return true;
  if (type.kind === "union") return type.members.some(wantsNumber);
  return false;
}

/** Whether this type takes a string as is (a `str`, a union with `str`, or anything). */
export function takesString(type: NeoxType): boolean {
  if (type.kind === "str" || type.kind === "any") return true;
  if (type.kind === "union") return type.members.some(takesString);
  return false;
}

/** The annotation for people: `int`, `float`, `one of 'fp16', 'fp32', 'bfloat16'`. */
export function describeType(type: NeoxType, annotation: string): string {
  if (type.kind === "literal")
    return `one of ${type.values.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ")}`;
  return `\`${annotation}\``;
}
