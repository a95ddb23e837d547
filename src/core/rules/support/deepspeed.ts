/** Which DeepSpeed is in effect, and is it inside an advisory's range (policy: `deepspeedVerdicts`). */
import type { RuleContext } from "../../engine/types.js";
import { refKey } from "../../engine/types.js";
import { evaluateGitRange } from "../../knowledge/evaluate-git-range.js";
import type { Advisory, AffectedPackage } from "../../knowledge/schema.js";
import type { Pin, RefResolution } from "../../model/index.js";
import type { Knowledge } from "../../knowledge/types.js";
import { DEEPERSPEED_REPO } from "../../knowledge/repositories.js";
import { allowedReleases, compareVersions, inRange, isVersion } from "../../versioning/index.js";
import { describeRange } from "./version-bounds.js";
import { describeVersions, type Verdict } from "./verdict.js";

/** What the DeepSpeed helpers read from a rule's context. */
export type VersionContext = Pick<RuleContext<unknown>, "head" | "knowledge" | "assume">;

export { DEEPERSPEED_REPO };

const UPSTREAM_TAG = /^v(?<version>\d+\.\d+\.\d+)$/;

/** The first 8 characters of a commit-like ref, the whole ref otherwise. */
function shortRef(ref: string): string {
  return /^[0-9a-f]{9,40}$/i.test(ref) ? ref.slice(0, 8) : ref;
}

function sameRepo(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/\.git$/, "");
  return norm(a) === norm(b);
}

function pypiPackages(advisory: Advisory): AffectedPackage[] {
  return advisory.affected.filter(
    (a) => a.package.ecosystem === "PyPI" && a.package.name.toLowerCase() === "deepspeed",
  );
}

function gitPackages(advisory: Advisory, repo: string): AffectedPackage[] {
  return advisory.affected.filter((a) => a.package.ecosystem === "GIT" && sameRepo(a.package.name, repo));
}

/** What a pin says it installs, for messages. */
export function describePin(pin: Pin): string {
  switch (pin.provider) {
    case "deeperspeed":
      return pin.vcs?.ref ? `DeeperSpeed @ ${shortRef(pin.vcs.ref)}` : "DeeperSpeed (no commit pinned)";
    case "deepspeed-git":
      return pin.vcs?.ref
        ? `upstream DeepSpeed git @ ${shortRef(pin.vcs.ref)}`
        : "upstream DeepSpeed git (no ref)";
    case "other":
      return `deepspeed from ${pin.vcs?.url ?? pin.url ?? "another source"}`;
    default:
      if (pin.kind === "locked") return `${pin.name} ${pin.version ?? ""} (locked)`.replace("  ", " ");
      if (pin.kind === "unpinned") return `${pin.name} (unpinned)`;
      if (pin.kind === "url" || pin.kind === "path") return `${pin.name} from ${pin.url ?? "a local path"}`;
      return `${pin.name}${pin.specifier ?? ""}`;
  }
}

type Base = Pick<Verdict, "pin" | "assumed" | "subject">;

function verdict(
  base: Base,
  status: Verdict["status"],
  detail: string,
  rest: Partial<Verdict> = {},
): Verdict {
  return { ...base, status, detail, cause: null, affectedVersions: [], ...rest };
}

/** A single PyPI version against the advisory's PyPI `deepspeed` ranges. */
function judgeVersion(base: Base, version: string, packages: AffectedPackage[]): Verdict {
  if (!isVersion(version))
    return verdict(base, "unknown", `\`${version}\` is not a version`, { cause: "source" });
  if (packages.length === 0)
    return verdict(base, "not_affected", "the advisory lists no PyPI DeepSpeed range");
  const hit = packages
    .flatMap((p) => p.ranges)
    .find((r) => r.type === "ECOSYSTEM" && inRange(version, r.events));
  if (hit)
    return verdict(base, "affected", `${version} is inside ${describeRange(hit.events)}`, {
      affectedVersions: [version],
    });
  return verdict(base, "not_affected", `${version} is outside the affected range`);
}

/** A PyPI specifier against the advisory, over the known releases. */
function judgeSpecifier(
  ctx: VersionContext,
  base: Base,
  specifier: string,
  packages: AffectedPackage[],
): Verdict {
  if (packages.length === 0)
    return verdict(base, "not_affected", "the advisory lists no PyPI DeepSpeed range");
  const releases = ctx.knowledge.deepspeedReleases.map((r) => r.version);
  const allowed = allowedReleases(specifier, releases);
  if (allowed.length === 0)
    return verdict(base, "unknown", `\`${specifier}\` allows no known DeepSpeed release`, {
      cause: "no-release",
    });
  const ranges = packages.flatMap((p) => p.ranges).filter((r) => r.type === "ECOSYSTEM");
  const affected = allowed.filter((v) => ranges.some((r) => inRange(v, r.events)));
  const contiguous = isContiguous(affected, releases);
  const listed = describeVersions(affected, contiguous);
  if (affected.length === 0)
    return verdict(base, "not_affected", `no release \`${specifier}\` allows is affected`);
  if (affected.length === allowed.length)
    return verdict(base, "affected", `every release \`${specifier}\` allows is affected (${listed})`, {
      affectedVersions: affected,
    });
  return verdict(base, "unknown", `\`${specifier}\` allows affected releases ${listed}`, {
    cause: "range",
    affectedVersions: affected,
  });
}

/** Whether `subset` is a run of consecutive entries of `all` (both sorted): `0.10.2–0.12.6` then means every release between. */
function isContiguous(subset: string[], all: string[]): boolean {
  const start = subset[0] === undefined ? -1 : all.indexOf(subset[0]);
  return start >= 0 && subset.every((v, i) => all[start + i] === v);
}

/** The advisory's per-commit table's answer for a ref (a full SHA or a unique prefix of 7+ hex digits). */
function tableAnswer(packages: AffectedPackage[], ref: string): "affected" | "not_affected" | null {
  const wanted = ref.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(wanted)) return null;
  for (const p of packages) {
    if (p.commits === undefined) continue;
    if (p.commits.affected.some((c) => c.startsWith(wanted))) return "affected";
    if (p.commits.not_affected.some((c) => c.startsWith(wanted))) return "not_affected";
  }
  return null;
}

/**
 * A fork commit (as written, and its resolution if any) against the advisory's entries for that
 * repository: the per-commit table first (read from the source at each commit: a squash merge is judged
 * by its content, not its ancestry), then `GIT` ranges by ancestry, then `ECOSYSTEM` ranges against the
 * commit's version.txt. A commit the advisory's table does not list, where the advisory has a table, is
 * judged by its version string only, with certainty unknown.
 */
function judgeResolution(
  base: Base,
  repo: string,
  ref: string,
  resolution: RefResolution | undefined,
  advisory: Advisory,
): Verdict {
  const packages = gitPackages(advisory, repo);
  if (packages.length === 0) return verdict(base, "not_affected", `the advisory lists no range for ${repo}`);
  const sha = resolution?.ok ? resolution.commit.sha : ref;
  const short = shortRef(sha);
  const listed = tableAnswer(packages, sha) ?? tableAnswer(packages, ref);
  if (listed === "affected")
    return verdict(base, "affected", `commit ${short} is affected (read from its source)`, {
      affectedVersions: [sha],
    });
  if (listed === "not_affected")
    return verdict(base, "not_affected", `commit ${short} is not affected (read from its source)`);
  const hasTable = packages.some((p) => p.commits !== undefined);
  if (resolution === undefined)
    return verdict(base, "unknown", "the commit was not resolved", { cause: "unresolved" });
  if (!resolution.ok) return verdict(base, "unknown", resolution.reason, { cause: "unresolved" });
  const { commit } = resolution;
  if (hasTable) {
    const pypi = pypiPackages(advisory)
      .flatMap((p) => p.ranges)
      .filter((r) => r.type === "ECOSYSTEM");
    const v = commit.versionTxt;
    const hint =
      v === null
        ? "its version.txt is not known either"
        : pypi.some((r) => inRange(v, r.events))
          ? `its version.txt ${v} is inside the upstream range (a fork's version string does not move with its own fixes)`
          : `its version.txt ${v} is outside the upstream range (a fork's version string does not move with its own fixes)`;
    return verdict(base, "unknown", `commit ${short} is not in the advisory's per-commit table; ${hint}`, {
      cause: "unresolved",
    });
  }
  const answers: Verdict["status"][] = [];
  const unknowns: string[] = [];
  for (const range of packages.flatMap((p) => p.ranges)) {
    if (range.type === "GIT") {
      const answer = evaluateGitRange(commit, range.events);
      answers.push(answer);
      if (answer === "unknown")
        unknowns.push(`whether ${short} contains the commits that bound the affected range`);
    } else if (commit.versionTxt === null) {
      answers.push("unknown");
      unknowns.push(`the version.txt of ${short}`);
    } else {
      answers.push(inRange(commit.versionTxt, range.events) ? "affected" : "not_affected");
    }
  }
  const version = commit.versionTxt ? `, version.txt ${commit.versionTxt}` : "";
  if (answers.includes("affected"))
    return verdict(base, "affected", `commit ${short}${version} is inside the affected range`, {
      affectedVersions: [commit.sha],
    });
  if (answers.includes("unknown"))
    return verdict(base, "unknown", `${unknowns.join("; ")} is not known`, { cause: "unresolved" });
  return verdict(base, "not_affected", `commit ${short}${version} is outside the affected range`);
}

/**
 * The smallest known release after `after` (any, when null) that the advisory does not affect: the
 * release that leaves its range with the least change. Null when none is known.
 */
export function firstFineRelease(
  knowledge: Knowledge,
  advisory: Advisory,
  after: string | null,
): string | null {
  const packages = pypiPackages(advisory);
  const ranges = packages.flatMap((p) => p.ranges).filter((r) => r.type === "ECOSYSTEM");
  if (ranges.length === 0) return null;
  for (const { version } of knowledge.deepspeedReleases) {
    if (after !== null && isVersion(after) && !(compareVersions(version, after) > 0)) continue;
    if (!ranges.some((r) => inRange(version, r.events))) return version;
  }
  return null;
}

/**
 * The first commit of the shipped DeeperSpeed table after `after` (a SHA or prefix; the start when null
 * or not in the table) that the advisory does not affect, judged as a pin of it would be: the fixed
 * commit closest in time to the one pinned. Null when the table has none.
 */
export function firstFineCommit(
  knowledge: Knowledge,
  advisory: Advisory,
  after: string | null,
): string | null {
  const commits = knowledge.deeperspeedCommits;
  const wanted = after?.toLowerCase() ?? null;
  const start = wanted === null ? -1 : commits.findIndex((c) => c.sha.startsWith(wanted));
  if (wanted !== null && start < 0) return null;
  const base: Base = { pin: null, assumed: null, subject: "" };
  for (const commit of commits.slice(start + 1)) {
    const v = judgeResolution(base, DEEPERSPEED_REPO, commit.sha, { ok: true, commit }, advisory);
    if (v.status === "not_affected") return commit.sha;
  }
  return null;
}

/** The verdict of one pin, before any `assume`. */
function judgePin(ctx: VersionContext, pin: Pin, advisory: Advisory): Verdict {
  const base: Base = { pin, assumed: null, subject: describePin(pin) };
  if (pin.kind === "url" || pin.kind === "path")
    return verdict(
      base,
      "unknown",
      `\`deepspeed\` comes from ${pin.url ?? "a URL or path"}: its version is not known`,
      {
        cause: "source",
      },
    );
  switch (pin.provider) {
    case "deeperspeed": {
      const ref = pin.vcs?.ref ?? null;
      if (ref === null) return verdict(base, "unknown", "follows DeeperSpeed main", { cause: "unpinned" });
      const repo = pin.vcs?.repo ? `${pin.vcs.repo.owner}/${pin.vcs.repo.name}` : DEEPERSPEED_REPO;
      return judgeResolution(base, repo, ref, ctx.head.refs[refKey(repo, ref)], advisory);
    }
    case "deepspeed-git": {
      const ref = pin.vcs?.ref ?? null;
      const version = ref === null ? undefined : UPSTREAM_TAG.exec(ref)?.groups?.version;
      if (version !== undefined) return judgeVersion(base, version, pypiPackages(advisory));
      if (ref === null)
        return verdict(base, "unknown", "follows upstream DeepSpeed's default branch", { cause: "unpinned" });
      return verdict(base, "unknown", `upstream DeepSpeed ref \`${ref}\` is not a release tag (vX.Y.Z)`, {
        cause: "source",
      });
    }
    case "pypi":
      return judgePypi(ctx, base, pin, advisory);
    default:
      return verdict(
        base,
        "unknown",
        `\`deepspeed\` comes from ${pin.vcs?.url ?? "another source"}: its version is not known`,
        {
          cause: "source",
        },
      );
  }
}

/**
 * The pin's specifier in PEP 440 syntax (the parsers translate Poetry's `^0.12` and conda's `=0.12`);
 * null when there is none; undefined when the written specifier has no PEP 440 equivalent.
 */
export function pep440SpecifierOf(pin: Pin): string | null | undefined {
  if (pin.pep440Specifier === undefined) return pin.specifier;
  if (pin.pep440Specifier === null && pin.specifier !== null && pin.specifier.trim() !== "") return undefined;
  return pin.pep440Specifier;
}

function judgePypi(ctx: VersionContext, base: Base, pin: Pin, advisory: Advisory): Verdict {
  const packages = pypiPackages(advisory);
  if ((pin.kind === "exact" || pin.kind === "locked") && pin.version !== null)
    return judgeVersion(base, pin.version, packages);
  const specifier = pep440SpecifierOf(pin);
  if (specifier === undefined)
    return verdict(base, "unknown", `\`${pin.specifier ?? ""}\` has no PEP 440 equivalent to check`, {
      cause: "range",
    });
  if (pin.kind === "unpinned" || specifier === null || specifier.trim() === "")
    return verdict(base, "unknown", "not pinned: the version installed depends on when and where", {
      cause: "unpinned",
    });
  return judgeSpecifier(ctx, base, specifier, packages);
}

/** The verdict of an `assume` value. */
function judgeAssumed(
  ctx: VersionContext,
  key: "deepspeed" | "deeperspeed",
  value: string,
  pin: Pin | null,
  advisory: Advisory,
): Verdict {
  const base: Base = { pin, assumed: { key, value }, subject: `assume.${key} ${value}` };
  if (key === "deepspeed") return judgeVersion(base, value, pypiPackages(advisory));
  return judgeResolution(
    base,
    DEEPERSPEED_REPO,
    value,
    ctx.head.refs[refKey(DEEPERSPEED_REPO, value)],
    advisory,
  );
}

/** The verdicts of the `assume` values alone (what the cluster runs), the DeepSpeed one first; empty without any. */
export function assumedVerdicts(ctx: VersionContext, advisory: Advisory): Verdict[] {
  return assumeOrder(ctx, null).map(([key, value]) => judgeAssumed(ctx, key, value, null, advisory));
}

/** The `assume` keys to try for a pin of this provider, the matching one first. */
function assumeOrder(ctx: VersionContext, pin: Pin | null): Array<["deepspeed" | "deeperspeed", string]> {
  const out: Array<["deepspeed" | "deeperspeed", string]> = [];
  const { deepspeed, deeperspeed } = ctx.assume;
  if (pin?.provider === "deeperspeed") {
    if (deeperspeed !== undefined) out.push(["deeperspeed", deeperspeed]);
    if (deepspeed !== undefined) out.push(["deepspeed", deepspeed]);
  } else {
    if (deepspeed !== undefined) out.push(["deepspeed", deepspeed]);
    if (deeperspeed !== undefined) out.push(["deeperspeed", deeperspeed]);
  }
  return out;
}

/** Every `deepspeed` pin of the snapshot, once each (an included file's pins may be listed twice). */
export function deepspeedPins(ctx: Pick<VersionContext, "head">): Pin[] {
  const seen = new Set<string>();
  const out: Pin[] = [];
  for (const pin of ctx.head.pins) {
    if (pin.name !== "deepspeed" || pin.provider === null) continue;
    const id = `${pin.path}:${pin.span.line}:${pin.span.column}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(pin);
  }
  return out;
}

/**
 * The verdict of every DeepSpeed candidate against `advisory`: which DeepSpeed is in effect, and is
 * it inside the advisory's range.
 *
 * Policy (the DeepSpeed-version rules NXC101–NXC107 share it; docs/rules/NXC101 explains it to users):
 * - Candidates: every `deepspeed` pin of the repository (`pin.provider` set), each judged on its own.
 * - PyPI (`pypi`): `exact`/`locked` -> is that version inside the advisory's PyPI `deepspeed` ranges
 *   (certain). A range specifier -> classified against the known releases: every allowed release
 *   affected -> affected ("every release it allows"); some -> unknown, listing the affected releases
 *   it allows; none -> not affected; no known release allowed -> unknown. `unpinned` -> unknown ("not
 *   pinned: the version installed depends on when and where").
 * - DeeperSpeed (`deeperspeed`): no ref -> unknown ("follows DeeperSpeed main"); a ref -> its
 *   resolution in `head.refs` (shipped table, or GitHub's compare API in the App): resolved -> the
 *   advisory's `GIT` ranges for that repository by ancestry, and its `ECOSYSTEM` ranges on that
 *   repository against the commit's version.txt; not resolved -> unknown with the resolver's reason.
 *   An advisory that lists no range for the repository does not affect it.
 * - Upstream git (`deepspeed-git`): a tag `vX.Y.Z` is PyPI version X.Y.Z; any other ref is unknown.
 *   `other` providers, URLs and local paths are unknown.
 * - `assume.deepspeed` / `assume.deeperspeed` (what a cluster really runs) replace the verdict of a pin
 *   that is unknown (the one matching the pin's provider first), and stand in when there is no pin.
 *   No pin and no assume -> one unknown verdict ("no DeepSpeed requirement found ...").
 * - Aggregation is `aggregateDeepSpeed()` in ./report-config-deepspeed.ts: when some candidates are
 *   affected and others are not (the install paths disagree: gpt-neox HEAD's requirements.txt installs
 *   DeeperSpeed 91d1c55b, its unused pyproject.toml pins 02e2ebf7), one unknown verdict (cause
 *   `disagree`, a warning naming both) unless `assume` settles it; otherwise `aggregate()` in
 *   ./verdict.ts: any affected -> only those; else any not affected -> quiet; else one unknown.
 */
export function deepspeedVerdicts(ctx: VersionContext, advisory: Advisory): Verdict[] {
  const pins = deepspeedPins(ctx);
  if (pins.length === 0) {
    const assumed = assumedVerdicts(ctx, advisory);
    if (assumed.length > 0) return assumed;
    return [
      {
        status: "unknown",
        pin: null,
        assumed: null,
        subject: "DeepSpeed",
        detail:
          "no DeepSpeed requirement found in this repository (set `assume.deepspeed` in .github/neox-check.yml)",
        cause: "none-found",
        affectedVersions: [],
      },
    ];
  }
  return pins.map((pin) => {
    const own = judgePin(ctx, pin, advisory);
    if (own.status !== "unknown") return own;
    const [first] = assumeOrder(ctx, pin);
    if (first === undefined) return own;
    const assumed = judgeAssumed(ctx, first[0], first[1], pin, advisory);
    if (assumed.status !== "unknown") return assumed;
    return { ...own, detail: `${own.detail}; assume.${first[0]} ${first[1]}: ${assumed.detail}` };
  });
}
