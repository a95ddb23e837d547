/**
 * `npm run screenshots`: renders what the demo posted (the summary comment, the review and the check
 * run, from `demo-output/`, running `npm run demo` first when it is missing) as GitHub lays it out,
 * in a 780 px comment column with GitHub-like CSS, and screenshots each page with headless Chromium
 * into `docs/images/`. Fails when anything overflows the column. Not part of `npm test`.
 *
 * Needs Chromium: `apt-get update && apt-get install -y chromium` (Debian), or set CHROMIUM to a
 * Chromium or Chrome binary.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marked } from "marked";
import { PROJECT_ROOT } from "../demo/harness.js";

const OUTPUT = join(PROJECT_ROOT, "demo-output");
const IMAGES = join(PROJECT_ROOT, "docs", "images");
/** GitHub's comment column on a pull request's conversation page. */
const COLUMN = 780;
const PAGE_PADDING = 16;

function chromium(): string {
  const candidates = [process.env.CHROMIUM, "chromium", "chromium-browser", "google-chrome"].filter(
    (c): c is string => typeof c === "string" && c !== "",
  );
  for (const candidate of candidates) {
    const found = spawnSync("sh", ["-c", `command -v "${candidate}"`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim() !== "") return found.stdout.trim();
  }
  process.stderr.write(
    "npm run screenshots needs Chromium, and none was found.\n" +
      "  Debian/Ubuntu: apt-get update && apt-get install -y chromium\n" +
      "  Elsewhere: install Chromium or Chrome and set CHROMIUM=/path/to/the/binary\n",
  );
  process.exit(2);
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; padding: ${PAGE_PADDING}px; background: #fff; color: #1f2328;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.column { width: ${COLUMN}px; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; margin-bottom: 16px; overflow: hidden; }
.box-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; }
.box-header b { color: #1f2328; }
.markdown-body { padding: 16px; overflow-wrap: break-word; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body > :last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body pre, .markdown-body details { margin: 0 0 16px; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; line-height: 1.25; }
.markdown-body h4 { font-size: 1em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body h1 { font-size: 1.6em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
.markdown-body h2 { font-size: 1.3em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font: 85%/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace;
  background: rgba(129,139,152,.12); border-radius: 6px; padding: .2em .4em; }
.markdown-body pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; }
.markdown-body pre code { background: transparent; padding: 0; font-size: 100%; white-space: pre; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body ul { padding-left: 2em; }
.markdown-body sub { font-size: 75%; color: #59636e; }
.markdown-body details summary { cursor: pointer; }
.suggestion { border: 1px solid #d1d9e0; border-radius: 6px; margin: 0 0 16px; overflow: hidden; }
.suggestion .head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 6px 12px; font-size: 12px; color: #59636e; }
.suggestion pre { margin: 0 !important; border-radius: 0 !important; }
.suggestion .del { background: #ffebe9; display: block; }
.suggestion .add { background: #dafbe1; display: block; }
.code-line { font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 4px 16px; border-bottom: 1px solid #d1d9e0; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
`;

/** The page's script: measures the content and finds anything wider than the column. */
const MEASURE = `
window.addEventListener("load", () => {
  for (const d of document.querySelectorAll("details")) d.open = true;
  const column = document.querySelector(".column").getBoundingClientRect();
  const wide = [];
  for (const el of document.querySelectorAll(".column *")) {
    const r = el.getBoundingClientRect();
    // A table that scrolls hides columns; a code block that scrolls is how GitHub shows a long line.
    const scrolls = el.tagName === "TABLE" && el.scrollWidth > el.clientWidth + 1;
    if (r.right > column.right + 0.5 || scrolls) wide.push(el.tagName + ": " + (el.textContent || "").slice(0, 80));
  }
  const out = document.createElement("pre");
  out.id = "measure";
  out.style.display = "none";
  out.textContent = JSON.stringify({ height: Math.ceil(document.body.scrollHeight), wide });
  document.body.appendChild(out);
});
`;

/** GitHub renders ```suggestion as a "Suggested change" box: the old line struck, the new one added. */
function suggestionHtml(markdown: string, before: string | null): string {
  return markdown.replace(/^(`{3,})suggestion\n([\s\S]*?)\n\1$/gm, (_m, _fence: string, body: string) => {
    const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const del = before === null ? "" : `<span class="del">- ${escape(before)}</span>`;
    const add = body
      .split("\n")
      .map((l) => `<span class="add">+ ${escape(l)}</span>`)
      .join("");
    return `<div class="suggestion"><div class="head">Suggested change</div><pre><code>${del}${add}</code></pre></div>`;
  });
}

function page(title: string, boxes: Array<{ header: string; codeLine?: string; markdown: string }>): string {
  const body = boxes
    .map(
      (b) =>
        `<div class="box"><div class="box-header">${b.header}</div>${
          b.codeLine === undefined ? "" : `<div class="code-line">${b.codeLine}</div>`
        }<div class="markdown-body">${marked.parse(b.markdown, { gfm: true, async: false })}</div></div>`,
    )
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${CSS}</style><script>${MEASURE}</script></head><body><div class="column">${body}</div></body></html>`;
}

function shoot(browser: string, html: string, name: string, work: string): { wide: string[] } {
  const file = join(work, `${name}.html`);
  writeFileSync(file, html);
  const common = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
  ];
  const width = COLUMN + 2 * PAGE_PADDING;
  const dom = execFileSync(
    browser,
    [...common, `--window-size=${width},2000`, "--virtual-time-budget=2000", "--dump-dom", `file://${file}`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  const raw = /<pre id="measure"[^>]*>(?<json>[^<]*)<\/pre>/.exec(dom)?.groups?.json ?? "{}";
  const measured = JSON.parse(raw.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as {
    height?: number;
    wide?: string[];
  };
  const height = Math.min(Math.max(200, (measured.height ?? 1500) + PAGE_PADDING), 12000);
  const png = join(IMAGES, `${name}.png`);
  execFileSync(
    browser,
    [
      ...common,
      `--window-size=${width},${height}`,
      "--virtual-time-budget=2000",
      `--screenshot=${png}`,
      `file://${file}`,
    ],
    { stdio: "ignore" },
  );
  process.stdout.write(`docs/images/${name}.png (${width}x${height})\n`);
  return { wide: measured.wide ?? [] };
}

function readOutput(name: string): string {
  return readFileSync(join(OUTPUT, name), "utf8");
}

function main(): void {
  const browser = chromium();
  if (!existsSync(join(OUTPUT, "review.md"))) {
    process.stdout.write("demo-output/ is missing: running npm run demo first\n");
    execFileSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "demo", "run.ts")], {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
    });
  }
  mkdirSync(IMAGES, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "neox-check-screenshots-"));
  const problems: string[] = [];
  try {
    const comment = readOutput("summary-comment-after-push-1.md");
    const resolved = readOutput("summary-comment-after-push-2.md");
    const shots: Array<[string, string]> = [
      [
        "summary-comment",
        page("summary comment", [
          { header: "<b>neox-check</b> <span>bot</span> commented", markdown: comment },
          {
            header: "<b>neox-check</b> <span>bot</span> commented (edited after the fixing push)",
            markdown: resolved,
          },
        ]),
      ],
    ];

    const review = readOutput("review.md");
    const sections = review.split(/^## Inline comment on `(?<path>[^`]+)` line (?<line>\d+).*$/m);
    const reviewBody = (sections[0] ?? "").replace(/^# .*\n/, "").trim();
    const boxes: Array<{ header: string; codeLine?: string; markdown: string }> = [
      { header: "<b>neox-check</b> <span>bot</span> reviewed", markdown: reviewBody },
    ];
    for (let i = 1; i + 2 < sections.length + 1; i += 3) {
      const path = sections[i] ?? "";
      const line = Number(sections[i + 1]);
      const body = (sections[i + 2] ?? "").trim();
      const before = pinLineBefore(comment);
      boxes.push({
        header: `<b>${path}</b> line ${line}`,
        codeLine: `${line}  ${(before ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;")}`,
        markdown: suggestionHtml(body, before),
      });
    }
    shots.push(["review", page("review", boxes)]);

    const check = readOutput("check-run-1.md").replace(/^# (.*)$/m, "### $1");
    shots.push([
      "check-run",
      page("check run", [{ header: "<b>neox-check</b> check run", markdown: check }]),
    ]);

    for (const [name, html] of shots) {
      const { wide } = shoot(browser, html, name, work);
      for (const w of wide) problems.push(`${name}: wider than the ${COLUMN} px column: ${w}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join("\n")}\n`);
    process.exit(1);
  }
}

/** The pin line as the PR wrote it (`deepspeed==0.12.6`), read from the summary comment's diff. */
function pinLineBefore(comment: string): string | null {
  return /^-(?<line>[^\n]*)\n\+/m.exec(comment)?.groups?.line ?? null;
}

main();
