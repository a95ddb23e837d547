import type { Report, ReportedFinding } from "../core/model/index.js";
import {
  codeFence,
  codeSpan,
  escapeMarkdown,
  escapeMarkdownLines,
  truncate,
  type LinkContext,
} from "./escape.js";
import { editedLine, editsByLine, type LineEdits, type LineText } from "./fix-preview.js";
import { fixPreview, locationLink, references, SEVERITY_ICON } from "./markdown.js";
import { byLocation, certaintyText } from "./select.js";

export interface ReviewComment {
  /** The file the comment is on (a fix may put it on another file than the finding's). */
  path: string;
  /** The head line, which is part of the PR's diff. */
  line: number;
  body: string;
  /** The finding's fingerprint, also hidden in the body (see {@link findingMarker}). */
  fingerprint: string;
}

export interface ReviewOptions {
  /** For each path, the head line numbers that are part of the PR's diff (only there can a comment go). */
  diff: Record<string, Set<number>>;
  /** The text of a head line, for suggestion blocks. */
  lineText: LineText;
  link: LinkContext;
}

const MARKER_PREFIX = "<!-- neox-check:finding ";
const MARKER = /<!-- neox-check:finding (?<fingerprint>[^\s<>]+) -->/;
/** Long messages are cut so a comment stays far below GitHub's 65536 characters. */
const MESSAGE_MAX = 20000;

/** A hidden marker carrying a finding's fingerprint, so the App can tell what it already commented. */
export function findingMarker(fingerprint: string): string {
  return `${MARKER_PREFIX}${encodeURIComponent(fingerprint)} -->`;
}

/** The fingerprint in a comment body's {@link findingMarker}, or null when there is none. */
export function parseFindingMarker(body: string): string | null {
  const encoded = MARKER.exec(body)?.groups?.fingerprint;
  if (encoded === undefined) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/**
 * Inline review comments for the *new*, unsuppressed findings: each placed on the first of (a line its
 * fix edits, its primary line, its related lines) that is part of the diff, with a `suggestion` block
 * (the whole line with the edit applied) when a fix edit is on that very line. Findings with no such
 * line come back as `unplaced`, for the summary comment.
 */
export function renderReviewComments(
  report: Report,
  options: ReviewOptions,
): { comments: ReviewComment[]; unplaced: ReportedFinding[] } {
  const comments: ReviewComment[] = [];
  const unplaced: ReportedFinding[] = [];
  const candidates = report.findings
    .filter((f) => f.status === "new" && f.suppressed === null)
    .sort(byLocation);
  for (const f of candidates) {
    const groups = editsByLine(f.fix?.edits ?? []);
    const places = [
      ...groups.map((g) => ({ path: g.path, line: g.line, why: "this is the line the fix changes" })),
      { path: f.location.path, line: f.location.line, why: "" },
      ...f.related.map((r) => ({
        path: r.location.path,
        line: r.location.line,
        why: `this line is related (${r.label})`,
      })),
    ];
    const place = places.find((p) => options.diff[p.path]?.has(p.line) === true);
    if (place === undefined) {
      unplaced.push(f);
      continue;
    }
    const group = groups.find((g) => g.path === place.path && g.line === place.line);
    comments.push({
      path: place.path,
      line: place.line,
      body: commentBody(f, place, group, options),
      fingerprint: f.fingerprint,
    });
  }
  return { comments, unplaced };
}

function commentBody(
  f: ReportedFinding,
  place: { path: string; line: number; why: string },
  group: LineEdits | undefined,
  options: ReviewOptions,
): string {
  const { link, lineText } = options;
  const lines = [
    `${SEVERITY_ICON[f.severity]} **${escapeMarkdown(f.ruleId)}** ${codeSpan(f.ruleName)} · ${f.severity} · ${escapeMarkdown(
      certaintyText(f.certainty),
    )}`,
    "",
    escapeMarkdownLines(truncate(f.message, MESSAGE_MAX)),
    "",
  ];
  const atPrimary = place.path === f.location.path && place.line === f.location.line;
  if (!atPrimary) {
    lines.push(`Found at ${locationLink(f.location, link)}; ${escapeMarkdown(place.why)}.`, "");
  }
  if (f.fix !== null) {
    lines.push(`**How to fix:** ${escapeMarkdownLines(f.fix.description)}`, "");
    const suggestion = group === undefined ? null : suggestedLine(group, lineText);
    if (suggestion !== null) {
      const fence = codeFence(suggestion);
      lines.push(`${fence}suggestion`, suggestion, fence, "");
    }
    // Edits elsewhere (or on this line when no suggestion could be made) are shown as diffs.
    const rest = f.fix.edits.filter(
      (e) =>
        suggestion === null ||
        !(e.span.path === place.path && e.span.line === place.line && e.span.endLine === place.line),
    );
    if (rest.length > 0) {
      lines.push(...fixPreview({ ...f, fix: { ...f.fix, edits: rest } }, link, lineText));
    }
  }
  const footer = [
    ...references(f),
    `suppress with ${codeSpan(`# neox-check: ignore ${f.ruleId} -- reason`)}`,
  ];
  lines.push(`<sub>${footer.join(" · ")}</sub>`, findingMarker(f.fingerprint));
  return lines.join("\n");
}

/** The whole head line with this line's edits applied, or null when it cannot be built safely. */
function suggestedLine(group: LineEdits, lineText: LineText): string | null {
  const edited = editedLine(group, lineText);
  return edited === null || edited.after === edited.before ? null : edited.after;
}
