import type { Advisory } from "../../knowledge/schema.js";
import type { Knowledge } from "../../knowledge/types.js";
import { isVersion, raiseLowerBound } from "../../versioning/index.js";
import { firstFineCommit, firstFineRelease } from "./deepspeed.js";
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
 * The specifier that moves an exact or range pin to `target`: `==<target>` for an exact pin; for a range,
 * `>=<target>` with the upper bounds and exclusions it wrote that `target` satisfies (`raiseLowerBound`).
 */
export function specifierAt(pin: Pin, target: string): string {
  if (pin.kind === "exact") return `==${target}`;
  return raiseLowerBound(pin.specifier ?? "", target) ?? `>=${target}`;
}

/** What to move to, fitted to the pin: the nearest release or fork commit that leaves the advisory's range. */
interface Target {
  /** A PyPI release (`0.13.3`). */
  version: string | undefined;
  /** A DeeperSpeed commit, full SHA. */
  commit: string | undefined;
}

/**
 * The target for a verdict. With the shipped tables (`knowledge`): for a PyPI pin, the smallest known
 * release after the pinned one that the advisory does not affect; for a DeeperSpeed commit, the first
 * commit of the shipped table after it that the advisory does not affect (2023 code is not told to jump
 * to a 2025 fork). Without them, or when nothing fits: the advisory's `upgrade_to` / `fork_commit`.
 */
function targetFor(verdict: Verdict | null, advisory: Advisory, knowledge: Knowledge | undefined): Target {
  const { upgrade_to: up, fork_commit: fork } = advisory.fix;
  const pin = verdict?.assumed === null ? verdict.pin : null;
  if (knowledge === undefined) return { version: up, commit: fork };
  const lastAffected = verdict?.affectedVersions.at(-1) ?? null;
  const pinned = pin?.kind === "exact" || pin?.kind === "locked" ? pin.version : null;
  const assumedVersion = verdict?.assumed?.key === "deepspeed" ? verdict.assumed.value : null;
  const after = [lastAffected, pinned, assumedVersion].find((v) => v !== null && isVersion(v)) ?? null;
  const version = after === null ? up : (firstFineRelease(knowledge, advisory, after) ?? up);
  const ref = pin?.provider === "deeperspeed" ? (pin.vcs?.ref ?? null) : null;
  const assumedRef = verdict?.assumed?.key === "deeperspeed" ? verdict.assumed.value : null;
  const from = ref ?? assumedRef;
  const commit = from === null ? fork : (firstFineCommit(knowledge, advisory, from) ?? fork);
  return { version, commit };
}

/**
 * The fix for a DeepSpeed verdict: in words from the advisory's `fix`, with a mechanical edit where
 * one is safe — an exact PyPI pin's specifier becomes `==<target>`, a range's `>=<target>` (keeping the
 * upper bounds and exclusions the target satisfies), a
 * DeeperSpeed ref becomes the target commit (`targetFor`). Only what fits the pin's provider is
 * suggested: a DeeperSpeed pin is not told to move to upstream DeepSpeed (NXC107). Lock files and
 * `assume` values get words only.
 */
export function deepspeedFix(verdict: Verdict, advisory: Advisory, knowledge?: Knowledge): Fix {
  const { downgrade_to: down } = advisory.fix;
  const { version: up, commit: fork } = targetFor(verdict, advisory, knowledge);
  const edits: TextEdit[] = [];
  const pin = verdict.assumed === null ? verdict.pin : null;
  let lead: string;
  if (pin?.provider === "deeperspeed" && fork !== undefined) {
    lead = `Pin DeeperSpeed at a fixed commit, e.g. \`${fork.slice(0, 8)}\`.`;
    const edit = refEdit(pin, fork);
    if (edit) edits.push(edit);
  } else if (pin?.provider === "deeperspeed" || verdict.assumed?.key === "deeperspeed") {
    lead = "";
  } else if (pin?.provider === "pypi" && up !== undefined && (pin.kind === "exact" || pin.kind === "range")) {
    const replacement = specifierAt(pin, up);
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

/**
 * Short words for the fix, for messages: `pin deepspeed>=0.13.0 (or ==0.10.0), or a fixed DeeperSpeed
 * commit such as a48c6493`; fitted to the verdict (`targetFor`) when one is given with the tables.
 */
export function fixWords(advisory: Advisory, verdict: Verdict | null = null, knowledge?: Knowledge): string {
  const { downgrade_to: down } = advisory.fix;
  const { version: up, commit: fork } = targetFor(verdict, advisory, knowledge);
  const deeper = verdict?.pin?.provider === "deeperspeed" || verdict?.assumed?.key === "deeperspeed";
  const parts: string[] = [];
  if (up !== undefined && !deeper)
    parts.push(`\`deepspeed>=${up}\`${down === undefined ? "" : ` (or \`==${down}\`)`}`);
  if (fork !== undefined) parts.push(`a fixed DeeperSpeed commit such as \`${fork.slice(0, 8)}\``);
  return parts.length === 0 ? advisory.fix.description : `Pin ${parts.join(", or ")}.`;
}
