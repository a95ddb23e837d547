/** Checks on rendered Markdown that hold whatever the user text was. */

/** The cells of a GFM table row: split on pipes that are not escaped. */
export function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/);
}

/** Every table in `markdown` has the same number of cells in each row as in its header. */
export function expectTablesIntact(markdown: string): void {
  const lines = markdown.split("\n");
  let columns: number | null = null;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      columns = null;
      continue;
    }
    const count = tableCells(line).length;
    if (columns === null) columns = count;
    else expect({ line, count }).toEqual({ line, count: columns });
  }
}

/** No raw HTML tags other than the ones the renderers write themselves. */
export function expectNoInjectedHtml(markdown: string): void {
  const ours =
    /^<\/?(details|summary|b|sub)>$|^<!-- neox-check:[^>]*-->$|^<a href="https:\/\/github\.com\/[\w./-]+">$|^<\/a>$/;
  for (const tag of markdown.match(/<[^>]*>/g) ?? []) {
    // Inside code spans and fences text is literal; outside, only our own tags may appear.
    expect({ tag, ok: ours.test(tag) || insideCode(markdown, tag) }).toEqual({ tag, ok: true });
  }
}

function insideCode(markdown: string, tag: string): boolean {
  const index = markdown.indexOf(tag);
  const before = markdown.slice(0, index);
  const line = before.slice(before.lastIndexOf("\n") + 1);
  const ticks = (line.match(/`+/g) ?? []).length;
  const fences = (before.match(/^```/gm) ?? []).length;
  return ticks % 2 === 1 || fences % 2 === 1;
}

/** No `@name` that GitHub would turn into a mention (outside code). */
export function expectNoMentions(markdown: string): void {
  const withoutCode = markdown
    .replace(/```[\s\S]*?```/g, "")
    .replace(/(`+)[^`]*?\1/g, "")
    .replace(/&#\d+;/g, "")
    .replace(/\]\(https?:[^)]*\)/g, "]");
  expect(withoutCode.match(/@[A-Za-z0-9-]+/g) ?? []).toEqual([]);
  expect(withoutCode.match(/#\d+/g) ?? []).toEqual([]);
}

/** Zero-width and invisible characters that must never reach a reader (U+200B..U+200D, U+2060, U+FEFF). */
export const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;

/** No zero-width character anywhere in a rendered output. */
export function expectNoZeroWidth(text: string): void {
  const at = text.search(ZERO_WIDTH);
  expect(at === -1 ? null : JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))).toBeNull();
}
