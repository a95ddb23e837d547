import type { Pin, PinKind, PinSource, Span, VcsRef } from "../../../model/index.js";
import { isArchiveName, nameFromArchive, normaliseName } from "../requirement/names.js";
import type { SyntaxProblem } from "../requirement/pep508.js";
import type { PipRequirement } from "../requirement/pip-requirement.js";
import { isDeeperSpeedRepo, isUpstreamDeepSpeedRepo, providerFor } from "./provider.js";
import { mappedSpan, type LineIndex, type Mapped } from "./text.js";
import { isVcsUrl, parseVcsUrl, refKindOf, repoOf, type Range } from "../requirement/vcs.js";

/** Where pins are being read: the file, its line table, and how its pins count. */
export interface PinSite {
  lines: LineIndex;
  source: PinSource;
  constraint: boolean;
}

/**
 * Everything a pin needs besides what `makePin` derives (normalised name, provider, path): the model's
 * `Pin` fields, with `pep440Specifier` required (the parsers always set it).
 */
export interface PinFields extends Omit<
  Pin,
  "path" | "name" | "provider" | "includedFrom" | "pep440Specifier"
> {
  pep440Specifier: string | null;
  /** The pin names a URL or path although its kind says otherwise (a lock entry's source). */
  direct?: boolean;
  /** The package's PEP 503 name when it differs from `rawName` normalised (conda's `pytorch` is `torch`). */
  name?: string;
}

/** A pin from its fields: the name normalised (PEP 503) and, for `deepspeed`, its provider. */
export function makePin(fields: PinFields): Pin {
  const { direct, name: alias, ...rest } = fields;
  const name = alias ?? normaliseName(fields.rawName);
  return {
    path: fields.span.path,
    ...rest,
    name,
    provider: providerFor(
      name,
      fields.kind,
      fields.vcs,
      direct ?? (fields.kind === "url" || fields.kind === "path"),
    ),
    includedFrom: null,
  };
}

/** `exact` for one `==X` (not `==X.*`) or `===X`; `range` for any other non-empty set; `unpinned` for none. */
export function classifySpecifier(spec: string | null): {
  kind: Extract<PinKind, "exact" | "range" | "unpinned">;
  version: string | null;
} {
  if (spec === null || spec === "") return { kind: "unpinned", version: null };
  if (!spec.includes(",")) {
    if (spec.startsWith("===")) return { kind: "exact", version: spec.slice(3) };
    if (spec.startsWith("==") && !spec.endsWith(".*")) return { kind: "exact", version: spec.slice(2) };
  }
  return { kind: "range", version: null };
}

/** A VcsRef from a parsed URL, with how the ref was given. */
export function vcsRef(url: string, ref: string | null, refField: VcsRef["refField"]): VcsRef {
  return { url, ref, refKind: refKindOf(ref), refField: ref === null ? null : refField, repo: repoOf(url) };
}

/** A VcsRef from a manifest or lock file's `git` field, which may carry pip's `git+` prefix. */
export function gitFieldRef(git: string, ref: string | null, refField: VcsRef["refField"]): VcsRef {
  return vcsRef(git.replace(/^git\+/i, ""), ref, refField);
}

/**
 * The name a URL or path installs when it has no `#egg=` (pip learns it by building the project; this
 * is a best guess): `deepspeed` for DeepSpeed and DeeperSpeed repositories, the repository name for
 * other git URLs, the project in a wheel or sdist file name, else the last path segment.
 */
export function inferName(url: string): string {
  let clean = url.replace(/[#?].*$/s, "");
  while (clean.endsWith("/")) clean = clean.slice(0, -1);
  const body = clean.replace(/^(?:git|hg|svn|bzr)\+/i, "").replace(/@[^/@]*$/, "");
  const repo = repoOf(body) ?? repoOf(body.replace(/\/(?:archive|tarball|zipball)\/.*$/s, ""));
  if (repo) {
    if (isDeeperSpeedRepo(repo) || isUpstreamDeepSpeedRepo(repo)) return "deepspeed";
    if (!isArchiveName(clean)) return repo.name;
  }
  const last = clean.slice(clean.lastIndexOf("/") + 1);
  if (isArchiveName(last)) return nameFromArchive(last) ?? repo?.name ?? "";
  if (last === "." || last === "..") return "";
  return (last.replace(/\.git$/i, "") || repo?.name) ?? "";
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

type PinResult = { ok: true; pin: Pin } | { ok: false; problem: SyntaxProblem };

/** A pin from a requirement pip would accept (`parsePipRequirement`), with exact spans through `m`. */
export function pinFromRequirement(req: PipRequirement, m: Mapped, site: PinSite): PinResult {
  const s = m.text;
  const span = (r: Range): Span => mappedSpan(site.lines, m, r.start, r.end);
  const whole = span(req.whole);
  const marker = req.marker ? s.slice(req.marker.start, req.marker.end) : null;
  const base = {
    source: site.source,
    extras: req.extras,
    marker,
    editable: req.editable,
    constraint: site.constraint,
    span: whole,
  };

  if (req.form === "pep508" && req.location === null && req.name) {
    const specifier = req.specifier ? compact(s.slice(req.specifier.start, req.specifier.end)) : null;
    const { kind, version } = classifySpecifier(specifier);
    return {
      ok: true,
      pin: makePin({
        ...base,
        rawName: s.slice(req.name.start, req.name.end),
        kind,
        specifier,
        pep440Specifier: specifier,
        version,
        vcs: null,
        egg: null,
        url: null,
        nameSpan: span(req.name),
        specifierSpan: req.specifier ? span(req.specifier) : null,
      }),
    };
  }

  const location = req.location ?? req.whole;
  const target = s.slice(location.start, location.end);
  const named = req.name ? { raw: s.slice(req.name.start, req.name.end), span: span(req.name) } : null;

  if (req.form !== "path" && (isVcsUrl(target) || (req.editable && /^(?:git|hg|svn|bzr):/i.test(target)))) {
    // pip reads an editable `git:...` as `git+git:...`; parse it that way and shift the ranges back.
    const prefix = isVcsUrl(target) ? "" : `${target.slice(0, target.indexOf(":"))}+`;
    const parsed = parseVcsUrl(prefix + target);
    const shift = (r: Range): Range => ({
      start: location.start + r.start - prefix.length,
      end: location.start + r.end - prefix.length,
    });
    if (!parsed.ok) return { ok: false, problem: { message: parsed.message, range: shift(parsed.range) } };
    const v = parsed.value;
    const egg = v.egg === null ? null : v.egg.replace(/\[.*$/s, "");
    const eggSpan = v.eggRange ? span(shift(v.eggRange)) : null;
    const rawName = named?.raw ?? (egg || inferName(target));
    return {
      ok: true,
      pin: makePin({
        ...base,
        rawName,
        kind: "vcs",
        specifier: null,
        pep440Specifier: null,
        version: null,
        vcs: vcsRef(v.url, v.ref, "at"),
        egg,
        url: null,
        nameSpan: named?.span ?? (egg ? (eggSpan ?? whole) : span(location)),
        specifierSpan: v.refRange ? span(shift(v.refRange)) : null,
      }),
    };
  }

  const isPath = req.form === "path" || /^file:/i.test(target);
  const hash = target.indexOf("#");
  const egg =
    hash >= 0 ? (/(?:^|&)egg=(?<egg>[^&]+)/.exec(target.slice(hash + 1))?.groups?.egg ?? null) : null;
  return {
    ok: true,
    pin: makePin({
      ...base,
      rawName: named?.raw ?? egg ?? inferName(target),
      kind: isPath ? "path" : "url",
      specifier: null,
      pep440Specifier: null,
      version: null,
      vcs: null,
      egg,
      url: target,
      nameSpan: named?.span ?? span(location),
      specifierSpan: null,
    }),
  };
}
