import { isArchiveName } from "./names.js";
import { parsePep508, type SyntaxProblem } from "./pep508.js";
import { checkMarker } from "./marker.js";
import { isVcsUrl, type Range } from "./vcs.js";

/**
 * One requirement as pip reads it from a requirements-file line or a `pip install` argument:
 * - `pep508`: `name[extras] specifiers ; marker` or a direct reference `name @ url ; marker`;
 * - `url`: a bare URL (`git+https://...#egg=name`, `https://.../x.whl`), marker after `; `;
 * - `path`: a local path (`./pkg`, `-e .`, `dist/x.whl`).
 */
export interface PipRequirement {
  form: "pep508" | "url" | "path";
  editable: boolean;
  /** The PEP 508 name (`pep508` form only; the others name themselves with `#egg=`). */
  name: Range | null;
  extras: string[];
  specifier: Range | null;
  /** The URL or path: a direct reference's URL, a bare URL, or a local path. */
  location: Range | null;
  marker: Range | null;
  /** The requirement text, trimmed. */
  whole: Range;
}

export type PipRequirementParse = { ok: true; value: PipRequirement } | { ok: false; problem: SyntaxProblem };

/** Schemes pip takes for a URL on a requirement line (`pip._internal.utils.urls` + VCS schemes). */
function isPipUrl(text: string): boolean {
  return /^(?:https?|file|ftp):/i.test(text) || isVcsUrl(text);
}

/** What pip's `_looks_like_path` and `_get_url_from_path` would treat as a local path, without a file system. */
function looksLikeLocalPath(text: string): boolean {
  if (text.startsWith(".") || text.startsWith("/") || text.startsWith("~")) return true;
  if (text.includes("://")) return false;
  if (isArchiveName(text)) return true;
  return (text.includes("/") || text.includes("\\")) && !text.includes(":");
}

function problem(message: string, start: number, end = start + 1): PipRequirementParse {
  return { ok: false, problem: { message, range: { start, end: Math.max(end, start + 1) } } };
}

function trimRange(s: string, start: number, end: number): Range {
  while (start < end && /\s/.test(s.charAt(start))) start++;
  while (end > start && /\s/.test(s.charAt(end - 1))) end--;
  return { start, end };
}

/** `path[extra1,extra2]` → the path's end and the extras (pip's `_strip_extras`). */
function stripExtras(s: string, range: Range): { end: number; extras: string[] } {
  if (s.charAt(range.end - 1) !== "]") return { end: range.end, extras: [] };
  const open = s.lastIndexOf("[", range.end - 1);
  if (open <= range.start || s.slice(open + 1, range.end - 1).includes("]"))
    return { end: range.end, extras: [] };
  const extras = s
    .slice(open + 1, range.end - 1)
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  return { end: open, extras };
}

function checkMarkerAt(s: string, range: Range): SyntaxProblem | null {
  const p = checkMarker(s.slice(range.start, range.end));
  return p
    ? {
        message: `invalid environment marker: ${p.message}`,
        range: { start: range.start + p.at, end: range.start + p.at + 1 },
      }
    : null;
}

/**
 * A requirement pip names from its URL or path (no name, no specifier). `markerAt` is the offset in the
 * requirement (`whole`) where its environment marker starts, if it has one; the marker is checked.
 */
function unnamed(
  s: string,
  req: Pick<PipRequirement, "editable" | "extras" | "location" | "whole"> & { form: "url" | "path" },
  markerAt: number | null,
): PipRequirementParse {
  const { form, editable, extras, location, whole } = req;
  let marker: Range | null = null;
  if (markerAt !== null) {
    marker = trimRange(s, whole.start + markerAt, whole.end);
    const bad = checkMarkerAt(s, marker);
    if (bad) return { ok: false, problem: bad };
  }
  return {
    ok: true,
    value: { form, editable, name: null, extras, specifier: null, location, marker, whole },
  };
}

/**
 * Parses the requirement in `s[from..to)` as pip does. `editable` is for the value of `-e`/`--editable`,
 * which pip accepts only as a local path or a VCS URL with `#egg=`.
 */
export function parsePipRequirement(
  s: string,
  editable: boolean,
  from = 0,
  to = s.length,
): PipRequirementParse {
  const whole = trimRange(s, from, to);
  const text = s.slice(whole.start, whole.end);
  if (text === "") return problem("expected a requirement", whole.start);
  if (editable) return parseEditable(s, whole);

  if (isPipUrl(text)) {
    // pip splits a URL from its marker at "; " only, since `;` may be part of a URL.
    const sep = text.indexOf("; ");
    const urlRange = trimRange(s, whole.start, sep >= 0 ? whole.start + sep : whole.end);
    const space = s.slice(urlRange.start, urlRange.end).search(/\s/);
    if (space >= 0) {
      const at = urlRange.start + space;
      if (s.charAt(at - 1) === "@") {
        return problem(
          "whitespace after `@` in the URL: the ref must follow `@` directly (pip reads the space as part of the ref)",
          at,
        );
      }
      return problem("unexpected whitespace in the URL (a marker goes after `; `)", at);
    }
    return unnamed(
      s,
      { form: "url", editable, extras: [], location: urlRange, whole },
      sep >= 0 ? sep + 2 : null,
    );
  }

  const pep = fromPep508(s, whole);
  if (pep.ok) return pep;
  if (pep.problem.message.startsWith(DIRECT_REFERENCE)) {
    return { ok: false, problem: betterProblem(text, whole.start, pep.problem) };
  }

  const semi = text.indexOf(";");
  const pathPart = semi >= 0 ? text.slice(0, semi) : text;
  if (looksLikeLocalPath(pathPart.trim())) {
    const pathRange = trimRange(s, whole.start, semi >= 0 ? whole.start + semi : whole.end);
    const stripped = stripExtras(s, pathRange);
    return unnamed(
      s,
      {
        form: "path",
        editable,
        extras: stripped.extras,
        location: { start: pathRange.start, end: stripped.end },
        whole,
      },
      semi >= 0 ? semi + 1 : null,
    );
  }
  return { ok: false, problem: betterProblem(text, whole.start, pep.problem) };
}

/** pip's message for the common mistakes is "Invalid requirement"; say what was probably meant. */
function betterProblem(text: string, offset: number, fallback: SyntaxProblem): SyntaxProblem {
  const plusScheme = /^(?<prefix>[A-Za-z0-9._-]+)\+(?<scheme>[A-Za-z][A-Za-z0-9.-]*):\/\//.exec(text);
  if (plusScheme?.groups) {
    const prefix = plusScheme.groups.prefix ?? "";
    return {
      message:
        `\`${prefix}+${plusScheme.groups.scheme ?? ""}://\` is not a URL scheme pip knows: a git requirement starts with ` +
        "`git+` (for example `git+https://github.com/owner/repo.git@<commit>#egg=name`)",
      range: { start: offset, end: offset + prefix.length + 1 },
    };
  }
  if (/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]/.test(text)) {
    return {
      message:
        "scp-style git addresses (`git@host:owner/repo.git`) are not URLs to pip: use `git+ssh://git@host/owner/repo.git`",
      range: { start: offset, end: offset + text.length },
    };
  }
  const bareVcs = /^(?<vcs>git|hg|svn|bzr):\/\//i.exec(text);
  if (bareVcs?.groups) {
    return {
      message: `pip needs \`${bareVcs.groups.vcs ?? "git"}+\` before a VCS URL (for example \`git+https://...\`)`,
      range: { start: offset, end: offset + (bareVcs.groups.vcs?.length ?? 3) + 3 },
    };
  }
  return fallback;
}

function parseEditable(s: string, whole: Range): PipRequirementParse {
  const stripped = stripExtras(s, whole);
  const location = { start: whole.start, end: stripped.end };
  const text = s.slice(location.start, location.end);
  const value = (form: "url" | "path"): PipRequirementParse =>
    unnamed(s, { form, editable: true, extras: stripped.extras, location, whole }, null);
  if (/^file:/i.test(text)) return value("path");
  // pip turns `git:...` into `git+git:...` for editables.
  if (isVcsUrl(text) || /^(?:git|hg|svn|bzr):/i.test(text)) {
    if (!hasEggFragment(text)) {
      return problem(
        "pip cannot tell the package name of an editable VCS URL: add `#egg=<name>` (for example `#egg=deepspeed`)",
        location.end - 1,
        location.end,
      );
    }
    return value("url");
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    return problem(
      "`-e` takes a local path or a VCS URL (`git+https://...`), not a plain URL",
      whole.start,
      whole.end,
    );
  }
  return value("path");
}

function hasEggFragment(url: string): boolean {
  const hash = url.indexOf("#");
  return (
    hash >= 0 &&
    url
      .slice(hash + 1)
      .split("&")
      .some((p) => p.startsWith("egg=") && p.length > 4)
  );
}

const DIRECT_REFERENCE = "a direct reference";

/**
 * Parses `s[whole]` as a pure PEP 508 specifier (pyproject, setup.py, setup.cfg strings: no pip options,
 * no bare URLs or paths). A direct reference must carry a URL with a scheme.
 */
export function parsePep508Requirement(s: string, from = 0, to = s.length): PipRequirementParse {
  const whole = trimRange(s, from, to);
  if (whole.start === whole.end) return problem("expected a requirement", whole.start);
  return fromPep508(s, whole);
}

function fromPep508(s: string, whole: Range): PipRequirementParse {
  const pep = parsePep508(s.slice(whole.start, whole.end));
  const shift = (r: Range | null): Range | null =>
    r ? { start: r.start + whole.start, end: r.end + whole.start } : null;
  if (!pep.ok) {
    const r = pep.problem.range;
    return {
      ok: false,
      problem: {
        message: pep.problem.message,
        range: { start: r.start + whole.start, end: r.end + whole.start },
      },
    };
  }
  const url = shift(pep.value.url);
  if (url) {
    const u = s.slice(url.start, url.end);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(u) && !/^file:/i.test(u)) {
      return problem(
        `${DIRECT_REFERENCE} \`name @ ...\` needs a URL with a scheme (\`https://\`, \`git+https://\`, \`git+ssh://\`, \`file:///\`)`,
        url.start,
        url.end,
      );
    }
  }
  return {
    ok: true,
    value: {
      form: "pep508",
      editable: false,
      name: shift(pep.value.name),
      extras: pep.value.extras,
      specifier: shift(pep.value.specifier),
      location: url,
      marker: shift(pep.value.marker),
      whole,
    },
  };
}
