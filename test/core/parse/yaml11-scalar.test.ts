import type { JsonValue, ScalarType } from "../../../src/core/model/config.js";
import { loadYaml11 } from "../../../src/core/parse/yaml11.js";
import { implicitTag, resolvePlainScalar } from "../../../src/core/parse/yaml11-scalar.js";

/** The value of `a: <text>` as the loader gives it. */
function valueOf(text: string): { type: ScalarType; value: JsonValue } | { error: string } {
  const result = loadYaml11("x.yml", `a: ${text}\n`);
  if (!result.ok) return { error: result.diagnostics[0]?.message ?? "" };
  const node = result.root?.kind === "map" ? result.root.entries[0]?.node : undefined;
  if (node?.kind !== "scalar") throw new Error(`no scalar for ${text}`);
  return { type: node.type, value: node.value };
}

// Every row was checked against PyYAML 6.0.3: yaml.load("a: <written>", Loader=yaml.FullLoader).
describe("YAML 1.1 plain scalars, as PyYAML FullLoader reads them", () => {
  it.each<[string, ScalarType, JsonValue]>([
    // booleans: exactly these spellings; y/n and mixed case are strings
    ["yes", "bool", true],
    ["Yes", "bool", true],
    ["YES", "bool", true],
    ["no", "bool", false],
    ["No", "bool", false],
    ["NO", "bool", false],
    ["true", "bool", true],
    ["True", "bool", true],
    ["TRUE", "bool", true],
    ["false", "bool", false],
    ["False", "bool", false],
    ["FALSE", "bool", false],
    ["on", "bool", true],
    ["On", "bool", true],
    ["ON", "bool", true],
    ["off", "bool", false],
    ["Off", "bool", false],
    ["OFF", "bool", false],
    ["y", "str", "y"],
    ["Y", "str", "Y"],
    ["n", "str", "n"],
    ["N", "str", "N"],
    ["yEs", "str", "yEs"],
    ["tRUE", "str", "tRUE"],
    // nulls
    ["~", "null", null],
    ["null", "null", null],
    ["Null", "null", null],
    ["NULL", "null", null],
    ["", "null", null],
    ["nULL", "str", "nULL"],
    // ints: decimal, sign, underscores, binary, old-style octal, hex, sexagesimal
    ["1", "int", 1],
    ["-1", "int", -1],
    ["+1", "int", 1],
    ["0", "int", 0],
    ["-0", "int", 0],
    ["00", "int", 0],
    ["1_000", "int", 1000],
    ["1__0", "int", 10],
    ["1_", "int", 1],
    ["500000000", "int", 500000000],
    ["0b101", "int", 5],
    ["-0b101", "int", -5],
    ["017", "int", 15],
    ["-017", "int", -15],
    ["0_7", "int", 7],
    ["0x1F", "int", 31],
    ["-0x1f", "int", -31],
    ["1:30", "int", 90],
    ["-1:30", "int", -90],
    ["1:5:9", "int", 3909],
    ["190:20:30", "int", 685230],
    // not ints
    ["0o17", "str", "0o17"],
    ["08", "str", "08"],
    ["0b2", "str", "0b2"],
    ["0X1F", "str", "0X1F"],
    ["_1", "str", "_1"],
    ["0:30", "str", "0:30"],
    ["3:60", "str", "3:60"],
    ["0b", "str", "0b"],
    ["0x", "str", "0x"],
    // floats: a dot in the mantissa, a sign in the exponent
    ["1.0", "float", 1],
    ["1.", "float", 1],
    [".5", "float", 0.5],
    ["0.0002", "float", 0.0002],
    ["0.97e-4", "float", 0.000097],
    ["1.0e-8", "float", 1e-8],
    ["1.0E-8", "float", 1e-8],
    ["1.0e+8", "float", 1e8],
    ["5.0e+8", "float", 5e8],
    ["1_0.5", "float", 10.5],
    ["0.1_5", "float", 0.15],
    ["1:3.5", "float", 63.5],
    ["190:20:30.15", "float", 685230.15],
    [".inf", "float", Infinity],
    [".Inf", "float", Infinity],
    [".INF", "float", Infinity],
    ["-.inf", "float", -Infinity],
    ["+.inf", "float", Infinity],
    [".nan", "float", NaN],
    [".NaN", "float", NaN],
    [".NAN", "float", NaN],
    // scientific notation PyYAML keeps as strings (NeoX's `1e-8` pitfall)
    ["1e-8", "str", "1e-8"],
    ["1e-08", "str", "1e-08"],
    ["6e-4", "str", "6e-4"],
    ["5e8", "str", "5e8"],
    ["1e8", "str", "1e8"],
    ["1.0e8", "str", "1.0e8"],
    ["12e03", "str", "12e03"],
    ["1.0e_8", "str", "1.0e_8"],
    ["-.5", "str", "-.5"],
    ["+.5", "str", "+.5"],
    ["1.2.3", "str", "1.2.3"],
    ["._1", "str", "._1"],
    ["1e", "str", "1e"],
    ["inf", "str", "inf"],
    ["nan", "str", "nan"],
    [".iNf", "str", ".iNf"],
    // timestamps: PyYAML builds a date (kept as text here)
    ["2001-12-14", "timestamp", "2001-12-14"],
    ["2001-12-14t21:59:43.10-05:00", "timestamp", "2001-12-14t21:59:43.10-05:00"],
    ["2001-1-1", "str", "2001-1-1"],
    // other text
    ["bfloat16", "str", "bfloat16"],
    ["x#y", "str", "x#y"],
    ["a b", "str", "a b"],
    ["1 2", "str", "1 2"],
    ["v1", "str", "v1"],
    ["0.0.0.0", "str", "0.0.0.0"],
  ])("%j is %s %p", (written, type, value) => {
    expect(valueOf(written)).toEqual({ type, value });
  });
});

describe("quoted and tagged scalars", () => {
  it.each<[string, ScalarType, JsonValue]>([
    ['"true"', "str", "true"],
    ["'yes'", "str", "yes"],
    ['"1.0e-8"', "str", "1.0e-8"],
    ['"1"', "str", "1"],
    ['"~"', "str", "~"],
    ["'it''s'", "str", "it's"],
    ['"\\x41\\u00e9"', "str", "Aé"],
    ["!!str 12", "str", "12"],
    ["!!str yes", "str", "yes"],
    ['!!int "12"', "int", 12],
    ["!!int 0x1F", "int", 31],
    ["!!float 1", "float", 1],
    ['!!float "1e3"', "float", 1000],
    ["!!bool yes", "bool", true],
    ["!!null x", "null", null],
    ["!<tag:yaml.org,2002:int> 5", "int", 5],
    // the non-specific tag `!` resolves like an untagged plain scalar, even on a quoted one
    ["! 12", "int", 12],
    ['! "12"', "int", 12],
    ["!!python/none x", "null", null],
    ["!!python/long 3", "int", 3],
  ])("%s is %s %p", (written, type, value) => {
    expect(valueOf(written)).toEqual({ type, value });
  });

  it.each([
    ["!!bool maybe", "invalid boolean: 'maybe'"],
    ["!!int 0x_", "invalid literal for int() with base 16: ''"],
    ["!!float abc", "could not convert string to float: 'abc'"],
    ["!!timestamp x", "invalid timestamp: 'x'"],
    ["!foo x", "could not determine a constructor for the tag '!foo'"],
    [
      "!!python/object:os.system x",
      "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
    ],
    ["!!str [1]", "expected a scalar node, but found sequence"],
    ["!!map [1]", "expected a mapping node, but found sequence"],
    ["!!seq {b: 1}", "expected a sequence node, but found mapping"],
    // plain scalars PyYAML resolves to tags it cannot construct
    ["=", "could not determine a constructor for the tag 'tag:yaml.org,2002:value'"],
    ["<<", "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'"],
    ["0b_", "invalid literal for int() with base 2: ''"],
    ["0x_", "invalid literal for int() with base 16: ''"],
  ])("%s fails to load: %s", (written, message) => {
    expect(valueOf(written)).toEqual({ error: message });
  });
});

describe("implicitTag / resolvePlainScalar", () => {
  it.each([
    ["yes", "bool"],
    ["1.0e-8", "float"],
    ["1e-8", "str"],
    ["017", "int"],
    ["<<", "merge"],
    ["~", "null"],
    ["2024-01-31", "timestamp"],
    ["=", "value"],
  ])("%s resolves to %s", (text, tag) => {
    expect(implicitTag(text)).toBe(tag);
  });

  it("keeps integers beyond 2^53 as the nearest number", () => {
    expect(resolvePlainScalar("12345678901234567890")).toEqual({
      ok: true,
      type: "int",
      value: 12345678901234567000,
    });
  });
});
