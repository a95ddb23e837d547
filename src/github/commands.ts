/** A `/neox-check` command from a PR comment. */
export type Command =
  | { kind: "run" }
  | { kind: "help" }
  | { kind: "explain"; ruleId: string | null }
  | { kind: "unknown"; word: string };

const COMMAND_LINE = /^\s*\/neox-check(?=\s|$)(?<rest>.*)$/i;
const RULE_ID = /^NXC\d{3}$/i;

/**
 * The command in a comment, or null when the comment is not one: only the first line counts, and it
 * must start with `/neox-check` (case-insensitive) followed by a space or the end of the line.
 */
export function parseCommand(body: string | null | undefined): Command | null {
  if (!body) return null;
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const match = COMMAND_LINE.exec(firstLine);
  if (!match?.groups) return null;
  const words = (match.groups.rest ?? "").trim().split(/\s+/).filter(Boolean);
  const [verb, argument] = words;
  if (verb === undefined || verb.toLowerCase() === "run") return { kind: "run" };
  switch (verb.toLowerCase()) {
    case "help":
      return { kind: "help" };
    case "explain":
      return { kind: "explain", ruleId: argument && RULE_ID.test(argument) ? argument.toUpperCase() : null };
    default:
      return { kind: "unknown", word: verb };
  }
}

/** Text from a user, safe inside an inline code span of our replies (no backticks, bounded). */
export function codeSpan(text: string): string {
  const clean = text.replace(/[`\r\n]/g, "").slice(0, 60);
  return `\`${clean}\``;
}
