import type { DependencyFile } from "../../../model/index.js";
import { pinOrDiagnostic } from "../shared/pep508-pin.js";
import type { PinSite } from "../shared/pin-factory.js";
import { parsePipRequirement } from "../requirement/pip-requirement.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { recordInclude } from "../shared/record-include.js";
import { dirnameOf } from "../shared/repo-path.js";
import { splitWords, wordIn, type ShellToken, type Word } from "../shared/shell-words.js";
import {
  joined,
  lineIndex,
  mappedSpan,
  MAX_LINE_CHARS,
  physicalLines,
  quote,
  type DiagnosticSink,
  type Mapped,
} from "../shared/text.js";

/** `pip install` options that take a value (the next word, or after `=`; short ones also attached). */
const VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "-r",
  "--requirement",
  "-c",
  "--constraint",
  "-e",
  "--editable",
  "-i",
  "--index-url",
  "--extra-index-url",
  "-f",
  "--find-links",
  "--trusted-host",
  "-t",
  "--target",
  "--prefix",
  "--root",
  "--src",
  "--upgrade-strategy",
  "--progress-bar",
  "--python-version",
  "--platform",
  "--implementation",
  "--abi",
  "--no-binary",
  "--only-binary",
  "--global-option",
  "-C",
  "--config-settings",
  "--cache-dir",
  "--log",
  "--log-file",
  "--proxy",
  "--retries",
  "--timeout",
  "--exists-action",
  "--cert",
  "--client-cert",
  "--report",
  "--use-feature",
  "--use-deprecated",
  "--python",
  "--root-user-action",
  "--keyring-provider",
  "--group",
  "--install-option",
]);

const SEPARATORS: ReadonlySet<string> = new Set(["&&", "||", ";", "|", "&", "(", ")"]);
const REDIRECTIONS: ReadonlySet<string> = new Set([">", ">>", "<", "<<"]);

interface Instruction {
  keyword: string;
  /** The arguments after the keyword, joined across continuation lines. */
  args: Mapped;
}

/**
 * Reads the `pip install` commands of a Dockerfile's `RUN` instructions (shell form): `pip`, `pip3`,
 * `pip3.10`, `python -m pip`, `python3 -m pip` and `uv pip`, anywhere in `&&`/`;`/`|` chains and across
 * `\` continuations. Quoted requirements are read without their quotes; `-r`/`-c` files are followed
 * relative to the Dockerfile's folder (the usual build context), except absolute paths, which name files
 * in the image. A requirement holding a build variable (`deepspeed==${DS_VERSION}`) cannot be known and
 * is reported as `unresolved-variable`; an unquoted `>` or `<` is a shell redirection, not a version
 * operator (`shell-redirection`). Exec form (`RUN ["pip", ...]`) and heredocs are not read.
 */
export function parseDockerfile(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "dockerfile", text, (body, file, sink) => {
    const lines = lineIndex(path, body);
    const site: PinSite = { lines, source: "dockerfile", constraint: false };
    for (const instruction of instructions(body)) {
      if (sink.enough(file.pins.length)) break;
      if (instruction.keyword !== "RUN") continue;
      const args = instruction.args;
      if (/^\s*(?:\[|<<)/.test(args.text)) continue;
      const split = splitWords(args.text, true);
      if (!split.ok) continue;
      for (const command of commands(split.tokens))
        readCommand(command, args, { site, sink, file, dir: dirnameOf(path) });
    }
  });
}

/** Instructions with their continuation lines joined (`\`, or the `# escape=` character). */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const all = physicalLines(text);
  const directive = /^#\s*escape\s*=\s*(?<c>[\\`])\s*$/i.exec(all[0]?.text ?? "");
  const escape = directive?.groups?.c ?? "\\";
  const continuation = escape === "`" ? /`[ \t]*$/ : /\\[ \t]*$/;
  let pieces: Array<{ text: string; start: number }> = [];
  let length = 0;
  for (const line of all) {
    if (line.text.length > MAX_LINE_CHARS) continue;
    const t = line.text;
    // Comment lines are dropped, also inside a continued instruction; so are empty continuation lines.
    if (/^\s*#/.test(t) || (pieces.length > 0 && t.trim() === "")) continue;
    const continued = continuation.exec(t);
    const body = continued ? t.slice(0, continued.index) : t;
    // Docker drops the escape and the line break: nothing joins the pieces.
    pieces.push({ text: body, start: line.start });
    length += body.length;
    if (continued && length < MAX_LINE_CHARS) continue;
    const m = joined(pieces);
    const kw = /^\s*(?<kw>[A-Za-z]+)(?<sp>\s*)/.exec(m.text);
    if (kw?.groups) {
      const from = kw[0].length;
      out.push({
        keyword: (kw.groups.kw ?? "").toUpperCase(),
        args: { text: m.text.slice(from), at: (i) => m.at(from + i) },
      });
    }
    pieces = [];
    length = 0;
  }
  return out;
}

/** Simple commands of a token stream: words between `&&`, `||`, `;`, `|`, `&` and parentheses. */
function commands(tokens: ShellToken[]): ShellToken[][] {
  const out: ShellToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "op" && SEPARATORS.has(t.op)) out.push([]);
    else out[out.length - 1]?.push(t);
  }
  return out.filter((c) => c.length > 0);
}

/** Words after `install` when the command is a pip install, else null. */
function pipInstallArgs(words: Word[]): Word[] | null {
  let k = 0;
  // Leading `VAR=value` assignments and wrappers (with their options) do not change the command.
  const WRAPPERS = ["sudo", "env", "time", "exec", "nice"];
  for (;;) {
    const v = words[k]?.value ?? "";
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) k++;
    else if (WRAPPERS.includes(v)) {
      k++;
      while ((words[k]?.value ?? "").startsWith("-")) k++;
    } else break;
  }
  const cmd = (words[k]?.value ?? "").replace(/^.*\//, "");
  let next = k + 1;
  if (/^python(?:\d+(?:\.\d+)?)?$/.test(cmd)) {
    while (next < words.length && words[next]?.value !== "-m" && (words[next]?.value ?? "").startsWith("-"))
      next++;
    if (words[next]?.value !== "-m" || words[next + 1]?.value !== "pip") return null;
    next += 2;
  } else if (cmd === "uv") {
    if (words[next]?.value !== "pip") return null;
    next += 1;
  } else if (!/^pip(?:\d+(?:\.\d+)?)?$/.test(cmd)) return null;
  while (next < words.length && (words[next]?.value ?? "").startsWith("-")) next++;
  if (words[next]?.value !== "install") return null;
  return words.slice(next + 1);
}

interface Context {
  site: PinSite;
  sink: DiagnosticSink;
  file: DependencyFile;
  dir: string;
}

function readCommand(command: ShellToken[], args: Mapped, ctx: Context): void {
  // Redirection targets are not arguments; an unquoted `>`/`<` glued to a requirement is a mistake.
  const words: Word[] = [];
  const glued = new Map<Word, { op: string; target: Word | null }>();
  for (let k = 0; k < command.length; k++) {
    const t = command[k];
    if (!t) break;
    if (t.kind === "word") {
      words.push(t);
      continue;
    }
    if (!REDIRECTIONS.has(t.op)) continue;
    const target = command[k + 1]?.kind === "word" ? (command[k + 1] as Word) : null;
    const prev = command[k - 1];
    if (prev?.kind === "word" && prev.end === t.start) {
      // `2>/dev/null`: the digits name a file descriptor, they are not an argument.
      if (/^\d+$/.test(prev.value) && prev.end - prev.start === prev.value.length) words.pop();
      else glued.set(prev, { op: t.op, target });
    }
    if (target) k++;
  }
  const pipArgs = pipInstallArgs(words);
  if (!pipArgs) return;
  for (let k = 0; k < pipArgs.length; k++) {
    const w = pipArgs[k];
    if (!w || ctx.sink.enough(ctx.file.pins.length)) break;
    const v = w.value;
    if (v.startsWith("-")) {
      const eq = v.indexOf("=");
      const name =
        v.startsWith("--") && eq >= 0
          ? v.slice(0, eq)
          : /^-[a-zA-Z]./.test(v) && !v.startsWith("--")
            ? v.slice(0, 2)
            : v;
      if (!VALUE_OPTIONS.has(name)) continue;
      let value: Word | null;
      if (name !== v) {
        const from = name.length + (v.charAt(name.length) === "=" && v.startsWith("--") ? 1 : 0);
        value = { ...w, value: v.slice(from), offsets: w.offsets.slice(from) };
      } else {
        value = pipArgs[k + 1] ?? null;
        k++;
      }
      if (!value) continue;
      if (["-r", "--requirement", "-c", "--constraint"].includes(name)) {
        if (value.expands) continue;
        const constraint = name === "-c" || name === "--constraint";
        const m = wordIn(value, args);
        recordInclude(
          { dir: ctx.dir, includes: ctx.file.includes, sink: ctx.sink },
          value.value,
          mappedSpan(ctx.site.lines, m, 0, m.text.length),
          constraint,
          `${name} ${value.value}`,
          true,
        );
      } else if (name === "-e" || name === "--editable") {
        addRequirement(value, wordIn(value, args), true, ctx);
      }
      continue;
    }
    const redirect = glued.get(w);
    if (redirect) {
      const m = wordIn(w, args);
      ctx.sink.add(
        "shell-redirection",
        `unquoted \`${redirect.op}\` after ${quote(v)} is a shell redirection, not a version operator: pip installs ` +
          `${quote(v)} with no version limit${redirect.target ? ` and the shell uses a file named ${quote(redirect.target.value)}` : ""}; quote the requirement`,
        mappedSpan(ctx.site.lines, m, 0, m.text.length),
      );
    }
    addRequirement(w, wordIn(w, args), false, ctx);
  }
}

function addRequirement(w: Word, m: Mapped, editable: boolean, ctx: Context): void {
  const span = mappedSpan(ctx.site.lines, m, 0, m.text.length);
  if (w.expands) {
    ctx.sink.add(
      "unresolved-variable",
      `${quote(w.value)} uses a shell or build variable, so the requirement it installs is not known here`,
      span,
    );
    return;
  }
  const pin = pinOrDiagnostic(parsePipRequirement(m.text, editable), m, ctx.site, ctx.sink);
  if (pin) ctx.file.pins.push(pin);
}
