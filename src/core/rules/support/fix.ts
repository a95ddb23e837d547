import type { Advisory } from "../../knowledge/schema.js";
import type { Fix, Pin, Span, TextEdit } from "../../model/index.js";
import type { Verdict } from "./verdict.js";

function width(span: Span): number | null {
  return span.line === span.endLine ? span.endColumn - span.column : null;
}

/**
 * The replacement for a specifier span, when the span is exactly the specifier as written (optionally
 * quoted, as in a TOML string); null when it is not, so an edit never mangles what it does not understand.
 */
function specifierEdit(pin: Pin, replacement: string): TextEdit | null {
  const span = pin.specifierSpan;
  const spec = pin.specifier;
  if (span === null || spec === null) return null;
  const w = width(span);
  if (w === spec.length) return { span, replacement };
  if (w === spec.length + 2) return { span, replacement: `"${replacement}"` };
  return null;
}

/** The replacement for a git ref span (`@ref`, `ref`, or `"ref"`). */
function refEdit(pin: Pin, commit: string): TextEdit | null {
  const span = pin.specifierSpan;
  const ref = pin.vcs?.ref ?? null;
  if (span === null || ref === null) return null;
  const w = width(span);
  if (w === ref.length) return { span, replacement: commit };
  if (w === ref.length + 1) return { span, replacement: `@${commit}` };
  if (w === ref.length + 2) return { span, replacement: `"${commit}"` };
  return null;
}

/**
 * The fix for a DeepSpeed verdict: in words from the advisory's `fix`, with a mechanical edit where
 * one is safe — an exact PyPI pin's specifier becomes `==<upgrade_to>`, a range's `>=<upgrade_to>`,
 * a DeeperSpeed ref becomes the advisory's fixed fork commit. Lock files and `assume` values get words only.
 */
export function deepspeedFix(verdict: Verdict, advisory: Advisory): Fix {
  const { upgrade_to: up, downgrade_to: down, fork_commit: fork } = advisory.fix;
  const edits: TextEdit[] = [];
  const pin = verdict.assumed === null ? verdict.pin : null;
  let lead: string;
  if (pin?.provider === "deeperspeed" && fork !== undefined) {
    lead = `Pin DeeperSpeed at a fixed commit, e.g. \`${fork.slice(0, 8)}\`.`;
    const edit = refEdit(pin, fork);
    if (edit) edits.push(edit);
  } else if (pin?.provider === "pypi" && up !== undefined && (pin.kind === "exact" || pin.kind === "range")) {
    const replacement = pin.kind === "exact" ? `==${up}` : `>=${up}`;
    lead = `Require \`deepspeed${replacement}\`${down === undefined ? "" : ` (or \`deepspeed==${down}\`)`}.`;
    const edit = specifierEdit(pin, replacement);
    if (edit) edits.push(edit);
  } else if (up !== undefined) {
    lead = `Require \`deepspeed>=${up}\`${down === undefined ? "" : ` (or \`deepspeed==${down}\`)`}.`;
  } else {
    lead = "";
  }
  return { description: `${lead} ${advisory.fix.description}`.trim(), edits };
}

/** Short words for the fix, for messages: `pin deepspeed>=0.13.0 (or ==0.10.0), or a fixed DeeperSpeed commit such as 91d1c55b`. */
export function fixWords(advisory: Advisory): string {
  const { upgrade_to: up, downgrade_to: down, fork_commit: fork } = advisory.fix;
  const parts: string[] = [];
  if (up !== undefined) parts.push(`\`deepspeed>=${up}\`${down === undefined ? "" : ` (or \`==${down}\`)`}`);
  if (fork !== undefined) parts.push(`a fixed DeeperSpeed commit such as \`${fork.slice(0, 8)}\``);
  return parts.length === 0 ? advisory.fix.description : `Pin ${parts.join(", or ")}.`;
}
