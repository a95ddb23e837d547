import { validRange } from "@renovatebot/pep440";
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from "yaml";
import type { DependencyFile, Pin } from "../../../model/index.js";
import { normaliseName } from "../requirement/names.js";
import { makePin, type PinSite } from "../shared/pin-factory.js";
import { readDependencyFile } from "../shared/read-dependency-file.js";
import { readRequirementLine } from "../requirements/requirements-txt.js";
import { dirnameOf } from "../shared/repo-path.js";
import {
  contiguous,
  lineIndex,
  mappedSpan,
  pinnedTo,
  spanOf,
  type DiagnosticSink,
  type Mapped,
} from "../shared/text.js";

/** Conda package names whose PyPI name differs, so that rules about `torch` see conda's `pytorch`. */
const CONDA_ALIASES: Record<string, string> = { pytorch: "torch" };

/**
 * Parses a conda `environment*.yml`: each string under `dependencies:` is a conda match spec
 * (`numpy`, `pytorch=2.1`, `numpy>=1.24`, `conda-forge::deepspeed==0.12.6`, `numpy=1.19.2=py37h_0`,
 * `numpy 1.19.2 build`), and each item of a `pip:` list is a requirements-file line (conda hands them to
 * pip as a requirements file, so `-r`, `-e` and options work, relative to this file's folder).
 */
export function parseCondaEnvironment(path: string, text: string): DependencyFile {
  return readDependencyFile(path, "conda", text, (source, file, sink) => {
    const lines = lineIndex(path, source);
    const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false, version: "1.2" });
    const error = doc.errors[0];
    if (error) {
      const at = error.pos[0];
      sink.add(
        "invalid-yaml",
        `invalid YAML: ${error.message.split("\n")[0] ?? ""}`,
        spanOf(lines, at, at + 1),
      );
      return;
    }
    const site: PinSite = { lines, source: "conda", constraint: false };
    const deps = isMap(doc.contents) ? doc.contents.get("dependencies", true) : null;
    if (isSeq(deps)) {
      for (const item of deps.items) {
        if (sink.enough(file.pins.length)) break;
        if (isScalar(item) && typeof item.value === "string") {
          const pin = condaPin(scalarText(source, item as Scalar<string>), site, sink);
          if (pin) file.pins.push(pin);
          continue;
        }
        if (!isMap(item)) continue;
        for (const pair of item.items) {
          if (!isScalar(pair.key) || pair.key.value !== "pip" || !isSeq(pair.value)) continue;
          for (const line of pair.value.items) {
            if (sink.enough(file.pins.length)) break;
            if (!isScalar(line) || typeof line.value !== "string") continue;
            readRequirementLine(scalarText(source, line as Scalar<string>), {
              site,
              dir: dirnameOf(path),
              sink,
              pins: file.pins,
              includes: file.includes,
            });
          }
        }
      }
    }
  });
}

/** A string scalar's value mapped to the file (one to one unless escapes or folding change it). */
function scalarText(source: string, node: Scalar<string>): Mapped {
  const value = node.value;
  const [start = 0, end = start] = node.range ?? [];
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  const rawStart = quoted ? start + 1 : start;
  const raw = source.slice(rawStart, quoted ? end - 1 : end);
  if (raw === value && (node.type === "PLAIN" || quoted)) return contiguous(value, rawStart);
  return pinnedTo(value, start, end);
}

function condaPin(m: Mapped, site: PinSite, sink: DiagnosticSink): Pin | null {
  const s = m.text;
  const span = (a: number, b: number) => mappedSpan(site.lines, m, a, b);
  const channel = s.lastIndexOf("::");
  let i = channel >= 0 ? channel + 2 : 0;
  while (i < s.length && /\s/.test(s.charAt(i))) i++;
  const nameStart = i;
  while (i < s.length && /[A-Za-z0-9_.+-]/.test(s.charAt(i))) i++;
  if (i === nameStart) {
    sink.add("invalid-requirement", "expected a conda package name", span(nameStart, nameStart + 1));
    return null;
  }
  const rawName = s.slice(nameStart, i);
  let specStart = i;
  while (specStart < s.length && /\s/.test(s.charAt(specStart))) specStart++;
  let specEnd = s.length;
  while (specEnd > specStart && /\s/.test(s.charAt(specEnd - 1))) specEnd--;
  if (s.charAt(specStart) === "[") {
    // `numpy[version='>=1.8,<2', build=...]`: only the version key matters here.
    const found = bracketVersion(s, specStart, specEnd);
    specStart = found?.start ?? specStart;
    specEnd = found?.end ?? specStart;
  }
  const spec = s.slice(specStart, specEnd);
  const c = classifyConda(spec);
  return makePin({
    source: "conda",
    rawName,
    name: CONDA_ALIASES[normaliseName(rawName)] ?? normaliseName(rawName),
    kind: c.kind,
    specifier: spec === "" ? null : spec,
    pep440Specifier: c.pep440,
    version: c.version,
    extras: [],
    marker: null,
    editable: false,
    constraint: site.constraint,
    vcs: null,
    egg: null,
    url: null,
    span: span(0, s.length),
    nameSpan: span(nameStart, nameStart + rawName.length),
    specifierSpan: spec === "" ? null : span(specStart, specEnd),
  });
}

function pep(clause: string): string | null {
  return validRange(clause) ? clause : null;
}

/**
 * Conda match-spec versions: `==1.2` is exact; `=1.2` is fuzzy (`1.2.*`) unless a build follows
 * (`=1.2=h0`, exact); a bare version is exact (`1.2 build`) unless it holds `*`; operators make a range.
 */
function classifyConda(spec: string): {
  kind: "exact" | "range" | "unpinned";
  version: string | null;
  pep440: string | null;
} {
  if (spec === "") return { kind: "unpinned", version: null, pep440: null };
  const version = spec.split(/\s+/)[0] ?? "";
  const compound = /[,|]/.test(version);
  if (version.startsWith("==")) {
    const v = version.slice(2);
    if (compound || v.includes("*")) return { kind: "range", version: null, pep440: pep(version) };
    return { kind: "exact", version: v, pep440: pep(`==${v}`) };
  }
  if (version.startsWith("=")) {
    const [v = "", build] = version.slice(1).split("=");
    if (compound) return { kind: "range", version: null, pep440: null };
    if (build !== undefined && !v.includes("*")) return { kind: "exact", version: v, pep440: pep(`==${v}`) };
    const prefix = v.replace(/\.?\*$/, "");
    return { kind: "range", version: null, pep440: pep(`==${prefix}.*`) };
  }
  if (/^[<>!~]/.test(version))
    return { kind: "range", version: null, pep440: compound && version.includes("|") ? null : pep(version) };
  if (compound || version.includes("*")) return { kind: "range", version: null, pep440: pep(`==${version}`) };
  return { kind: "exact", version, pep440: pep(`==${version}`) };
}

/** The `version=` value inside `name[version='>=1.8', build=...]`, as a range of `s`. */
function bracketVersion(s: string, from: number, to: number): { start: number; end: number } | null {
  const key = s.slice(from, to).search(/\bversion\s*=/);
  if (key < 0) return null;
  let i = s.indexOf("=", from + key) + 1;
  while (i < to && /\s/.test(s.charAt(i))) i++;
  const quote = s.charAt(i);
  if (quote === "'" || quote === '"') {
    const close = s.indexOf(quote, i + 1);
    return close < 0 || close > to ? null : { start: i + 1, end: close };
  }
  let end = i;
  while (end < to && !/[,\]\s]/.test(s.charAt(end))) end++;
  return { start: i, end };
}
