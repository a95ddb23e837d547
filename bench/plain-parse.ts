/**
 * The baselines' idea of reading a file: the plain parsers a script would use, with no positions, no
 * YAML 1.1 rules and no diagnostics. `yaml`'s `parse()` (YAML 1.2) for YAML, `smol-toml` for TOML, and
 * splitting into lines for requirements-style text.
 */
import { parse as parseYaml } from "yaml";
import { parse as parseToml } from "smol-toml";

/** Parses `text` the plain way its name suggests; a parse error is the baseline's problem, not ours. */
export function plainParse(path: string, text: string): unknown {
  try {
    if (/\.ya?ml$/i.test(path)) return parseYaml(text);
    if (/\.toml$/i.test(path)) return parseToml(text);
    return text.split("\n");
  } catch (error) {
    return error;
  }
}
