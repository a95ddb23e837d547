import { z } from "zod";
import { defineRule } from "../engine/define-rule.js";
import { refKey, type WorkspaceModel } from "../engine/types.js";
import type { Certainty, Pin } from "../model/index.js";
import { parseSpecifier, satisfies } from "../versioning/specifier.js";
import { pep440SpecifierOf } from "./support/deepspeed.js";
import { isVersion } from "../versioning/version.js";
import { normaliseName } from "../parse/deps/requirement/names.js";

/** What a pin asks for, reduced to what can be compared across files. */
type Want =
  | { kind: "versions"; specifier: string; exact: string | null }
  | {
      kind: "git";
      repo: string;
      ref: string | null;
      sha: string | null;
      refKind: "commit" | "name" | null;
      /** What the commit's version.txt says, when the shipped table or GitHub knows the commit. */
      version: string | null;
    };

/** Whether two pins agree, disagree, or cannot be compared offline. */
type Verdict = { agree: true } | { agree: false; certainty: Certainty };

function wantOf(pin: Pin, refs: WorkspaceModel["refs"]): Want | null {
  if (pin.vcs !== null) {
    const repo = pin.vcs.repo
      ? `${pin.vcs.repo.host}/${pin.vcs.repo.owner}/${pin.vcs.repo.name}`.toLowerCase()
      : pin.vcs.url.toLowerCase().replace(/\.git$/, "");
    const ref = pin.vcs.ref;
    let sha: string | null = pin.vcs.refKind === "commit" && ref !== null ? ref.toLowerCase() : null;
    let version: string | null = null;
    if (ref !== null && pin.vcs.repo) {
      const resolved = refs[refKey(`${pin.vcs.repo.owner}/${pin.vcs.repo.name}`, ref)];
      if (resolved?.ok) {
        sha = resolved.commit.sha.toLowerCase();
        version = resolved.commit.versionTxt;
      }
    }
    return { kind: "git", repo, ref, sha, refKind: pin.vcs.refKind, version };
  }
  if (pin.kind === "locked" || pin.kind === "exact") {
    const version = pin.version;
    if (version === null || !isVersion(version)) return null;
    return { kind: "versions", specifier: `==${version}`, exact: version };
  }
  // Poetry (`^0.12`) and conda (`=0.12`) ranges are compared through their PEP 440 translation.
  const specifier = pin.kind === "range" ? pep440SpecifierOf(pin) : null;
  if (specifier && parseSpecifier(specifier) !== null) {
    return { kind: "versions", specifier, exact: null };
  }
  // Bare names, URLs and local paths say nothing comparable (NXC301 covers a bare `deepspeed`).
  return null;
}

/** Versions worth trying when asking whether two specifier sets have any version in common. */
function probes(specifiers: string[], known: string[]): string[] {
  // The lowest versions satisfy every upper bound; each bound nudged up satisfies lower bounds.
  const out = new Set<string>([...known, "0", "0.0.1"]);
  for (const s of specifiers) {
    for (const clause of parseSpecifier(s) ?? []) {
      const t = clause.text;
      for (const v of [t, `${t}.1`, `${t}.0.1`, `${t}.post1`]) if (isVersion(v)) out.add(v);
    }
  }
  return [...out];
}

function sameSha(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

function compare(a: Want, b: Want, known: string[]): Verdict {
  const certain: Certainty = { level: "certain" };
  if (a.kind === "versions" && b.kind === "versions") {
    if (a.exact !== null && b.exact !== null) {
      const same = satisfies(a.exact, `==${b.exact}`) || satisfies(b.exact, `==${a.exact}`);
      return same ? { agree: true } : { agree: false, certainty: certain };
    }
    if (a.exact !== null)
      return satisfies(a.exact, b.specifier) ? { agree: true } : { agree: false, certainty: certain };
    if (b.exact !== null)
      return satisfies(b.exact, a.specifier) ? { agree: true } : { agree: false, certainty: certain };
    const overlap = probes([a.specifier, b.specifier], known).some(
      (v) => satisfies(v, a.specifier) && satisfies(v, b.specifier),
    );
    return overlap ? { agree: true } : { agree: false, certainty: certain };
  }
  if (a.kind === "git" && b.kind === "git") {
    if (a.repo !== b.repo) return { agree: false, certainty: certain };
    if (a.ref === null && b.ref === null) return { agree: true };
    if (a.ref === null || b.ref === null) return { agree: false, certainty: certain };
    if (a.sha !== null && b.sha !== null)
      return sameSha(a.sha, b.sha) ? { agree: true } : { agree: false, certainty: certain };
    if (a.ref === b.ref) return { agree: true };
    // Two different names (a tag and a branch, say) can point at one commit: unknown unless both resolve.
    const name = a.sha === null ? a.ref : b.ref;
    return {
      agree: false,
      certainty: {
        level: "unknown",
        detail: `neox-check could not resolve \`${name}\` to a commit offline, so it may be the same commit`,
      },
    };
  }
  // A git pin against versions: an exact version is a release from the index, never a fork's commit
  // (DeeperSpeed's version.txt does not say which fixes it has). A range (or constraint) only limits
  // the version, and a commit whose version.txt is known can be checked against it.
  const git = a.kind === "git" ? a : b.kind === "git" ? b : null;
  const versions = a.kind === "versions" ? a : b.kind === "versions" ? b : null;
  if (git === null || versions === null || versions.exact !== null)
    return { agree: false, certainty: certain };
  if (git.version === null || !isVersion(git.version)) return { agree: true };
  return satisfies(git.version, versions.specifier) ? { agree: true } : { agree: false, certainty: certain };
}

/** `` `==0.12.6` ``, `` `0.12.6` (locked) ``, `` `EleutherAI/DeeperSpeed@91d1c55b` ``, for messages. */
function describe(pin: Pin): string {
  if (pin.vcs !== null) {
    const repo = pin.vcs.repo ? `${pin.vcs.repo.owner}/${pin.vcs.repo.name}` : pin.vcs.url;
    const ref = pin.vcs.ref;
    if (ref === null) return `\`${repo}\` with no ref (its default branch)`;
    return `\`${repo}@${pin.vcs.refKind === "commit" ? ref.slice(0, 8) : ref}\``;
  }
  if (pin.kind === "locked") return `\`${pin.version ?? "?"}\` (locked)`;
  const spec = `\`${pin.specifier ?? `==${pin.version ?? "?"}`}\``;
  return pin.provider === "pypi" ? `${spec} from PyPI` : spec;
}

function normalMarker(marker: string | null): string {
  return (marker ?? "").replace(/\s+/g, "").replace(/'/g, '"');
}

/**
 * NXC302: two sources pin the same package differently (gpt-neox HEAD: requirements.txt installs
 * DeeperSpeed 91d1c55b, pyproject.toml 02e2ebf7; knowledge/pitfalls.md item 28). "Differently" means
 * they cannot both hold: two exact versions or commits that differ, an exact version outside
 * another file's range, ranges with nothing in common, or different providers. An exact pin inside
 * another file's range, a constraint the requirement satisfies, and a SHA with its own short prefix
 * agree. Pins under different environment markers are for different machines and are not compared.
 */
export const pinDriftRule = defineRule(
  {
    id: "NXC302",
    name: "pin-drift",
    severity: "warning",
    description: "Two dependency sources pin the same package differently.",
    messages: {
      drift:
        "`{{name}}` is pinned as {{here}} here but as {{there}} in {{otherPath}}: which one a machine gets depends on which file its environment was built from, so two runs of the same config can train on different {{name}} code{{why}}. Make both files name the same version or commit.",
    },
    options: z
      .object({
        /** Only compare these packages (PEP 503 names); empty compares every package. */
        packages: z.array(z.string()).default([]),
      })
      .strict(),
  },
  (ctx) => {
    const only = new Set(ctx.options.packages.map(normaliseName));
    const known = ctx.knowledge.deepspeedReleases.map((r) => r.version);
    // One entry per written requirement: an included file's pins may be listed again by its includer.
    const seen = new Set<string>();
    const byName = new Map<string, Array<{ pin: Pin; want: Want }>>();
    const ordered = [...ctx.head.pins].sort(
      (x, y) => x.path.localeCompare(y.path) || x.span.line - y.span.line || x.span.column - y.span.column,
    );
    for (const pin of ordered) {
      if (only.size > 0 && !only.has(pin.name)) continue;
      const id = `${pin.path}\u0000${pin.span.line}\u0000${pin.span.column}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const want = wantOf(pin, ctx.head.refs);
      if (want === null) continue;
      const list = byName.get(pin.name) ?? [];
      list.push({ pin, want });
      byName.set(pin.name, list);
    }
    for (const [name, list] of byName) {
      for (let j = 1; j < list.length; j++) {
        const later = list[j];
        if (later === undefined) continue;
        for (let i = 0; i < j; i++) {
          const earlier = list[i];
          if (earlier === undefined || earlier.pin.path === later.pin.path) continue;
          if (normalMarker(earlier.pin.marker) !== normalMarker(later.pin.marker)) continue;
          const verdict = compare(earlier.want, later.want, name === "deepspeed" ? known : []);
          if (verdict.agree) continue;
          ctx.report({
            messageId: "drift",
            data: {
              name,
              here: describe(later.pin),
              there: describe(earlier.pin),
              otherPath: earlier.pin.path,
              why:
                name === "deepspeed"
                  ? " (the DeepSpeed version decides, for example, whether bf16 finetuning works: gpt-neox#1121)"
                  : "",
            },
            location: later.pin.specifierSpan ?? later.pin.span,
            related: [
              { label: "pinned differently here", location: earlier.pin.specifierSpan ?? earlier.pin.span },
            ],
            certainty: verdict.certainty,
            fix: {
              description: `Make ${later.pin.path} and ${earlier.pin.path} pin \`${name}\` the same way.`,
              edits: [],
            },
            key: `pkg:${name}|${earlier.pin.path}`,
          });
        }
      }
    }
  },
);
