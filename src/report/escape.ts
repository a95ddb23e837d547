/**
 * Escaping for every place user-controlled text (paths, key names, values, messages) ends up: Markdown
 * prose and tables, HTML, code spans, URLs, GitHub workflow commands and terminals. A hostile file name
 * such as "a|b<img src=x>`@org/team.yml" must not break a table, inject HTML, ping a team or
 * move a terminal's cursor.
 */

/** C0/C1 control characters other than tab and newline, and the bidi overrides of "trojan source". */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control and bidi-override characters with U+FFFD, so nothing invisible reaches a reader. */
export function stripUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARS, "\ufffd");
}

/** Folds a text onto one line (tables, headings, workflow titles). */
export function oneLine(text: string): string {
  // Each maximal run of white space is matched once (`\s*[\r\n]+\s*` backtracked quadratically on spaces).
  return stripUnsafe(text).replace(/\s+/g, (run) => (run.includes("\n") || run.includes("\r") ? " " : run));
}

/**
 * Keeps `@team` and `#123` from notifying or linking: the characters become HTML entities, which
 * GitHub shows as `@` and `#` but does not read as a mention or an issue reference. No invisible
 * characters: what people copy is what they read.
 */
function defuseReferences(text: string): string {
  return text.replace(/@(?=[\w-])|(?<!&)#(?=\d)/g, (ch) => (ch === "@" ? "&#64;" : "&#35;"));
}

/** Where the short references used in messages and advisories point (GitHub redirects issue <-> pull). */
const REFERENCE_REPOS: Record<string, { repo: string; kind: "issues" | "pull" }> = {
  "gpt-neox": { repo: "EleutherAI/gpt-neox", kind: "issues" },
  deepspeed: { repo: "deepspeedai/DeepSpeed", kind: "pull" },
  deeperspeed: { repo: "EleutherAI/DeeperSpeed", kind: "pull" },
};

/** `gpt-neox#1121`, `DeepSpeed#4141`, `EleutherAI/gpt-neox#1121` (linear: no nested quantifiers). */
const REFERENCE =
  /(?<![\w/.-])(?<name>(?:[A-Za-z0-9][\w.-]{0,38}\/)?[A-Za-z0-9][\w.-]{0,99})#(?<number>\d{1,7})\b/g;

/** The URL of a short reference (`gpt-neox#1121`), or null when the repository is not one we know. */
export function referenceUrl(name: string, number: string): string | null {
  const known = REFERENCE_REPOS[name.toLowerCase()];
  if (known !== undefined) return `https://github.com/${known.repo}/${known.kind}/${number}`;
  if (/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(name))
    return `https://github.com/${name}/issues/${number}`;
  return null;
}

/** As {@link escapeHtml}, with the references we know as HTML links (for `<summary>`, where Markdown is not read). */
export function escapeHtmlWithReferences(text: string): string {
  return withReferences(
    text,
    escapeHtml,
    (name, number, url) => `<a href="${url}">${escapeHtml(name)}&#35;${number}</a>`,
  );
}

/**
 * Escaped text with the references we know (`gpt-neox#1121`, `DeepSpeed#4141`, `owner/repo#12`) as
 * Markdown links; everything else as {@link escapeMarkdown}. For text written by rules and advisories.
 */
export function escapeWithReferences(text: string): string {
  return withReferences(
    text,
    escapeMarkdown,
    (name, number, url) => `[${escapeMarkdown(name)}&#35;${number}](${url})`,
  );
}

/** `text` on one line, each known reference written by `link` and the text between by `escape`. */
function withReferences(
  text: string,
  escape: (text: string) => string,
  link: (name: string, number: string, url: string) => string,
): string {
  const line = oneLine(text);
  const parts: string[] = [];
  let last = 0;
  for (const m of line.matchAll(REFERENCE)) {
    const { name = "", number = "" } = m.groups ?? {};
    const url = referenceUrl(name, number);
    if (url === null) continue;
    parts.push(escape(line.slice(last, m.index)), link(name, number, url));
    last = m.index + m[0].length;
  }
  parts.push(escape(line.slice(last)));
  return parts.join("");
}

const MARKDOWN_SPECIAL = /[\\`*_[\]|~<>&"]/g;
const MARKDOWN_REPLACEMENTS: Record<string, string> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  '"': "&quot;",
};

/**
 * One line of user text for Markdown prose or a table cell: no formatting, no HTML, no mentions,
 * no issue links, no line breaks.
 */
export function escapeMarkdown(text: string): string {
  return defuseReferences(
    oneLine(text).replace(MARKDOWN_SPECIAL, (ch) => MARKDOWN_REPLACEMENTS[ch] ?? `\\${ch}`),
  );
}

/**
 * A message written by a rule, which quotes keys and values in backticks: each backticked part becomes
 * a safe code span, references such as `gpt-neox#1121` become links, everything else is escaped text. Whatever the quoted values contain, every piece
 * is either escaped or inside a code span, so nothing can break out.
 */
export function escapeMessage(text: string, options: { inTable?: boolean } = {}): string {
  const code = options.inTable ? tableCodeSpan : codeSpan;
  const line = oneLine(text);
  const parts: string[] = [];
  let last = 0;
  for (const m of line.matchAll(/`(?<body>[^`]+)`/g)) {
    parts.push(escapeWithReferences(line.slice(last, m.index)), code(m.groups?.body ?? ""));
    last = m.index + m[0].length;
  }
  parts.push(escapeWithReferences(line.slice(last)));
  return parts.join("");
}

/**
 * Several lines of a message as Markdown paragraphs: each line escaped as by {@link escapeMessage}, and
 * what would start a block (heading, list, quote, setext underline) at the start of a line neutralised.
 */
export function escapeMarkdownLines(text: string): string {
  return stripUnsafe(text)
    .split(/\r\n|\r|\n/)
    .map((line) =>
      escapeMessage(line.trim())
        .replace(/^[#+=-]/, "\\$&")
        .replace(/^(\d+)([.)])/, "$1\\$2"),
    )
    .join("  \n");
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** User text inside HTML (for example `<summary>`, where Markdown is not rendered). */
export function escapeHtml(text: string): string {
  return defuseReferences(oneLine(text).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch));
}

/** A Markdown code span that holds any text: a fence longer than any backtick run inside, one line. */
export function codeSpan(text: string): string {
  const body = oneLine(text);
  if (body === "") return '""';
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || /^ .* $/.test(body) ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A code span for a GFM table cell: as {@link codeSpan}, with `|` escaped (GFM splits cells before code). */
export function tableCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, "\\|");
}

/** A fence for a fenced code block that no line of `text` can close. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** Percent-encodes one path segment for a URL, including the characters that end a Markdown link. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A repository path as a relative URL (each segment percent-encoded; `/` kept). */
export function encodePath(path: string): string {
  return path.split("/").map(encodeSegment).join("/");
}

/** Where the PR's head is, for links to exact lines. An empty `repoUrl` renders locations without links. */
export interface LinkContext {
  /** `https://github.com/owner/repo` (or a GHES address). */
  repoUrl: string;
  headSha: string;
}

/** `${repoUrl}/blob/${headSha}/${path}#L${line}`, or null when there is nothing to link to. */
export function blobUrl(link: LinkContext, path: string, line?: number): string | null {
  if (link.repoUrl === "" || link.headSha === "") return null;
  const base = `${link.repoUrl.replace(/\/+$/, "")}/blob/${encodeSegment(link.headSha)}/${encodePath(path)}`;
  return line === undefined ? base : `${base}#L${line}`;
}

/**
 * An http(s) URL made safe for a Markdown link destination (characters that end or break a link are
 * percent-encoded); null for anything else (`javascript:`, relative, empty).
 */
export function safeUrl(url: string): string | null {
  if (!/^https?:\/\/[^\s/]/i.test(url)) return null;
  return url.replace(
    /[\s()<>"'`\\[\]]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** A Markdown link whose label is user text; plain escaped text when there is no URL. */
export function markdownLink(label: string, url: string | null): string {
  const text = escapeMarkdown(label);
  return url === null ? text : `[${text}](${url})`;
}

/** Escapes the message part of a GitHub workflow command (`::error ...::message`). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a GitHub workflow command (`file=...,title=...`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
