import type { Report, ReportedFinding } from "../core/model/index.js";
import {
  codeFence,
  codeSpan,
  escapeMarkdownLines,
  escapeMessage,
  escapeWithReferences,
  markdownLink,
  safeUrl,
  truncate,
  type LinkContext,
} from "./escape.js";
import { editedLine, type LineText } from "./fix-preview.js";
import {
  causeElsewhere,
  firstSentence,
  groupFindings,
  groupTitle,
  type FindingGroup,
} from "./group-findings.js";
import { alsoHere, fixPreview, locationLink, references, sameAsLead, SEVERITY_ICON } from "./markdown.js";
import { certaintyText, headline, plural } from "./select.js";

export interface ReviewComment {
  /** The file the comment is on (a fix may put it on another file than the finding's). */
  path: string;
  /** The head line, which is part of the PR's diff. */
  line: number;
  body: string;
  /** The root cause's id (its lead finding's fingerprint), also hidden in the body (see {@link findingMarker}). */
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
/** Places listed in one inline comment before "…and N more". */
const MAX_PLACES = 10;

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
 * One inline review comment per line among the *new*, unsuppressed findings' root causes: each root
 * cause goes on the line its fix changes when that line is in the diff (with the one `suggestion` block
 * there: never two on a line), else on the first place it bites, else on a related line in the diff. It
 * lists every place the cause bites. Root causes that land on the same line share one comment (the
 * strongest first, one suggestion), as reviewdog and danger post one comment per line. Root causes with
 * no line in the diff come back as `unplaced`, for the summary comment.
 */
export function renderReviewComments(
  report: Report,
  options: ReviewOptions,
): { comments: ReviewComment[]; unplaced: ReportedFinding[] } {
  const unplaced: ReportedFinding[] = [];
  const byLine = new Map<string, { place: { path: string; line: number }; groups: FindingGroup[] }>();
  const groups = groupFindings(report.findings.filter((f) => f.status === "new" && f.suppressed === null));
  for (const group of groups) {
    const places = [
      { path: group.anchor.path, line: group.anchor.line },
      ...group.findings.map((f) => ({ path: f.location.path, line: f.location.line })),
      ...group.findings.flatMap((f) =>
        f.related.map((r) => ({ path: r.location.path, line: r.location.line })),
      ),
    ];
    const place = places.find((p) => options.diff[p.path]?.has(p.line) === true);
    if (place === undefined) {
      unplaced.push(...group.findings);
      continue;
    }
    const key = `${place.path}\u0000${place.line}`;
    const entry = byLine.get(key);
    if (entry === undefined) byLine.set(key, { place, groups: [group] });
    else entry.groups.push(group);
  }
  const comments: ReviewComment[] = [];
  for (const { place, groups: here } of byLine.values()) {
    let suggested = false;
    const parts = here.map((group) => {
      const part = commentBody(group, place, options, !suggested);
      suggested ||= part.suggested;
      return part.body;
    });
    const first = here[0] as FindingGroup;
    comments.push({
      path: place.path,
      line: place.line,
      body: [...parts, findingMarker(first.id)].join(parts.length > 1 ? "\n\n---\n\n" : "\n"),
      fingerprint: first.id,
    });
  }
  return { comments, unplaced };
}

/** One root cause's part of a comment; `maySuggest`: no other part of the comment has a suggestion. */
function commentBody(
  group: FindingGroup,
  place: { path: string; line: number },
  options: ReviewOptions,
  maySuggest: boolean,
): { body: string; suggested: boolean } {
  const { link, lineText } = options;
  const { lead } = group;
  const certainty =
    lead.certainty.level === "certain" ? "" : ` · ${escapeWithReferences(certaintyText(lead.certainty))}`;
  // A lone finding's title is its first sentence: saying it twice helps nobody.
  const titled = group.findings.length > 1 || causeElsewhere(group);
  const message = escapeMarkdownLines(truncate(lead.message, MESSAGE_MAX));
  const lines = [
    ...(titled
      ? [`${SEVERITY_ICON[group.severity]} **${escapeMessage(groupTitle(group, lineText))}**`, "", message]
      : [`${SEVERITY_ICON[group.severity]} ${message}`]),
    "",
    `<sub>${markdownLink(lead.ruleId, safeUrl(lead.docsUrl))} ${codeSpan(lead.ruleName)} · ${lead.severity}${certainty}</sub>`,
    "",
  ];
  const places = sameAsLead(group);
  const atAnchor = place.path === group.anchor.path && place.line === group.anchor.line;
  if (
    places.length > 1 ||
    !places.some((f) => f.location.path === place.path && f.location.line === place.line)
  ) {
    const files = new Set(places.map((f) => f.location.path)).size;
    const head = causeElsewhere(group) && atAnchor ? "This line affects" : "Where";
    lines.push(`${head} (${plural(places.length, "place")} in ${plural(files, "file")}):`, "");
    for (const f of places.slice(0, MAX_PLACES)) lines.push(`- ${locationLink(f.location, link)}`);
    if (places.length > MAX_PLACES)
      lines.push(`- …and ${places.length - MAX_PLACES} more in the summary comment`);
    lines.push("");
  }
  if (!atAnchor && causeElsewhere(group)) {
    lines.push(`The cause is ${locationLink(group.anchor, link)}.`, "");
  }
  const suggestion = atAnchor && maySuggest ? suggestedLine(group, lineText) : null;
  if (suggestion !== null) {
    const fence = codeFence(suggestion);
    lines.push(`${fence}suggestion`, suggestion, fence, "");
  } else if (group.edits.length > 0 && lead.fix !== null && (!atAnchor || maySuggest)) {
    // The fix is on a line outside this comment: shown as a diff, once.
    lines.push(...fixPreview({ ...lead, fix: { ...lead.fix, edits: group.edits } }, link, lineText));
  } else if (lead.fix !== null) {
    lines.push(`**How to fix:** ${escapeMarkdownLines(lead.fix.description)}`, "");
  }
  const others = alsoHere(group);
  if (others.length > 0) {
    lines.push(
      ...others.map(
        (f) =>
          `${SEVERITY_ICON[f.severity]} Also ${markdownLink(f.ruleId, safeUrl(f.docsUrl))}: ${escapeMessage(
            firstSentence(headline(f.message)),
          )}`,
      ),
      "",
    );
  }
  const footer = [
    ...references(lead).filter((r) => !r.includes("documentation")),
    `suppress with ${codeSpan(`# neox-check: ignore ${lead.ruleId} -- reason`)}`,
  ];
  lines.push(`<sub>${footer.join(" · ")}</sub>`);
  return { body: lines.join("\n"), suggested: suggestion !== null };
}

/** The whole anchor line with the group's one fix applied, or null when it cannot be built safely. */
function suggestedLine(group: FindingGroup, lineText: LineText): string | null {
  if (group.edits.length === 0) return null;
  const edited = editedLine(
    { path: group.anchor.path, line: group.anchor.line, edits: group.edits },
    lineText,
  );
  return edited === null || edited.after === edited.before ? null : edited.after;
}
