import { defineRule } from "../engine/define-rule.js";

/** The config parser's diagnostic code for YAML that PyYAML cannot load. */
const YAML_SYNTAX = "yaml-syntax";

/**
 * NXC223: a config PyYAML cannot load. NeoX reads every config with `yaml.load(..., FullLoader)`, so
 * the run stops before anything else is checked; the JSON-style flow mappings NeoX's configs use make
 * a missing comma or an unclosed brace the usual cause.
 */
export const invalidYamlRule = defineRule(
  {
    id: "NXC223",
    name: "invalid-yaml",
    severity: "error",
    description: "A config file that PyYAML cannot load.",
    messages: {
      invalid:
        "PyYAML cannot load this config, so NeoX stops before training starts: {{problem}}. The usual cause in NeoX's JSON-style configs is a missing comma between two entries or an unclosed `{` or `[`.",
    },
  },
  (ctx) => {
    for (const file of ctx.head.configs) {
      // PyYAML stops at the first error; later ones are often consequences of it.
      const first = file.diagnostics.find((d) => d.code === YAML_SYNTAX);
      if (first === undefined) continue;
      const line = Math.max(1, first.line);
      const column = Math.max(1, first.column);
      ctx.report({
        messageId: "invalid",
        data: { problem: trimEndDotsAndSpace(first.message) },
        location: {
          path: file.path,
          line,
          column,
          endLine: first.endLine ?? line,
          endColumn: first.endColumn ?? column,
        },
        key: "yaml",
      });
    }
  },
);

/**
 * The message without its trailing dots and white space, by one backward pass: messages quote the
 * file's text, and `/[.\s]+$/` backtracked quadratically on a long run of dots or spaces inside them.
 */
function trimEndDotsAndSpace(message: string): string {
  let end = message.length;
  while (end > 0 && /[.\s]/.test(message.charAt(end - 1))) end -= 1;
  return message.slice(0, end);
}
