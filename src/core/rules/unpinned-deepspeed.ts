import { defineRule } from "../engine/define-rule.js";
import type { Certainty, Pin } from "../model/index.js";

/** Names that are branches wherever they appear. */
const BRANCH_NAMES = /^(?:main|master|develop|dev|trunk|head)$/i;
/**
 * A release-like name (`v0.14.0`, `0.12.6`, `v3.0`, `v0.9.0-rc1`): most likely a tag. Written so that each
 * character can be read one way only (`(?:[.-]?[A-Za-z0-9]+)*` backtracked exponentially on `1.0aaaa...!`).
 */
const VERSION_LIKE = /^v?\d+\.\d(?:[.-]?[A-Za-z0-9])*$/;

/** What an unpinned DeeperSpeed line did to gpt-neox itself (knowledge/seed-bug.md §1.5, §2). */
const DEEPERSPEED_MAIN_HISTORY =
  " gpt-neox shipped this very line from 2023-04-22 to 2023-12-20, and installs made between 2023-05-18 and 2023-11-07 got DeeperSpeed main with the bf16 finetune bug (the loss jumps at step 1; DeeperSpeed#51, fixed by #57; gpt-neox#1095).";

function shortRepo(pin: Pin): string {
  const repo = pin.vcs?.repo;
  return repo ? `${repo.owner}/${repo.name}` : (pin.vcs?.url ?? "the repository");
}

/** Has the installed deepspeed been fixed elsewhere (a lock file, or an exact constraint)? */
function pinnedElsewhere(pins: Pin[]): Pin | null {
  return (
    pins.find(
      (p) =>
        p.name === "deepspeed" &&
        (p.kind === "locked" ||
          (p.constraint && (p.kind === "exact" || (p.kind === "vcs" && p.vcs?.refKind === "commit")))),
    ) ?? null
  );
}

/**
 * An exact `deepspeed` pin of the same provider in another file (an exact version or lock entry for PyPI,
 * a commit for a git provider): what the repository already runs elsewhere, so the advice to pin it fits.
 */
function sameProviderPin(pins: Pin[], pin: Pin): Pin | null {
  return (
    pins.find(
      (p) =>
        p.name === "deepspeed" &&
        p.path !== pin.path &&
        (pin.provider === "pypi" || pin.provider === null
          ? p.provider === "pypi" && (p.kind === "exact" || p.kind === "locked") && p.version !== null
          : p.provider === pin.provider && p.vcs?.refKind === "commit"),
    ) ?? null
  );
}

/**
 * NXC301: a `deepspeed` requirement whose version can change without a commit: a bare name, a git
 * URL without a ref, or a branch. gpt-neox's own `git+https://github.com/EleutherAI/DeeperSpeed.git#egg=deepspeed`
 * (2023-04-22 to 2023-12-20) installed DeeperSpeed main, which carried the bf16 finetune bug from
 * 2023-05-18 to 2023-11-07 (DeeperSpeed#51, fixed by #57; knowledge/pitfalls.md item 28).
 */
export const unpinnedDeepspeedRule = defineRule(
  {
    id: "NXC301",
    name: "unpinned-deepspeed",
    severity: "warning",
    description: "`deepspeed` without a version, a git URL without a ref, or a branch ref.",
    messages: {
      bare: "`{{name}}` has no version: every new environment installs whatever DeepSpeed release is newest that day, so two runs of the same config can train on different DeepSpeed code (DeepSpeed 0.10.2 to 0.12.6 silently broke bf16 finetuning, gpt-neox#1121). {{advice}}",
      noRef:
        "This git requirement has no ref, so it installs the default branch of {{repo}} as it is on the day the environment is built: two runs of the same config can train on different DeepSpeed code.{{history}} {{advice}}",
      branch:
        "`@{{ref}}` is a branch of {{repo}}: what it installs changes whenever the branch moves, without a commit here. That is how DeeperSpeed main brought the bf16 finetune bug to NeoX installs in 2023 (gpt-neox#1095). {{advice}}",
      unknownRef:
        "`@{{ref}}` is not a tag neox-check knows for {{repo}} ({{known}}); if it is a branch, what it installs changes whenever the branch moves, without a commit here (DeeperSpeed main brought the bf16 finetune bug to NeoX installs in 2023, gpt-neox#1095). {{advice}}",
    },
  },
  (ctx) => {
    const commits = ctx.knowledge.deeperspeedCommits;
    const tags = new Map<string, string>();
    for (const c of commits) for (const tag of c.tags) tags.set(tag.toLowerCase(), c.sha);
    const lock = pinnedElsewhere(ctx.head.pins);
    const advice = (pin: Pin): { words: string; fix: string } => {
      const other = sameProviderPin(ctx.head.pins, pin);
      if (other !== null) {
        const what = other.version ?? other.vcs?.ref ?? "";
        const written = other.kind === "vcs" ? `\`@${what}\`` : `\`deepspeed==${what}\``;
        return {
          words: `Pin it as \`${other.includedFrom ?? other.path}\` does: ${written}.`,
          fix: `Pin ${written}, as ${other.path} does, so that every install path gets the same DeepSpeed.`,
        };
      }
      // No version is suggested blind: a release or fork commit from years after this code was written
      // may not run it. The one that fits is the one the environment already has.
      const words =
        pin.provider === "deeperspeed" || pin.provider === "deepspeed-git"
          ? "Pin the commit your training environment runs (`git rev-parse HEAD` in its DeepSpeed checkout, or the one in `pip show deepspeed`'s install): `@<commit>`."
          : "Pin the version your training environment runs (`pip show deepspeed`): `deepspeed==<version>`.";
      return { words, fix: words };
    };

    for (const pin of ctx.head.pins) {
      if (pin.name !== "deepspeed" || pin.constraint) continue;
      if (pin.kind === "unpinned") {
        if (lock !== null) continue;
        const a = advice(pin);
        ctx.report({
          messageId: "bare",
          data: { name: pin.rawName, advice: a.words },
          location: pin.nameSpan,
          fix: { description: a.fix, edits: [] },
          key: "pkg:deepspeed",
        });
        continue;
      }
      const vcs = pin.vcs;
      if (pin.kind !== "vcs" || vcs === null) continue;
      const repo = shortRepo(pin);
      const a = advice(pin);
      const fix = { description: a.fix, edits: [] };
      if (vcs.ref === null) {
        ctx.report({
          messageId: "noRef",
          data: {
            repo,
            advice: a.words,
            history: pin.provider === "deeperspeed" ? DEEPERSPEED_MAIN_HISTORY : "",
          },
          location: pin.span,
          fix,
          key: "pkg:deepspeed",
        });
        continue;
      }
      if (vcs.refKind !== "name" || vcs.refField === "tag") continue;
      const location = pin.specifierSpan ?? pin.span;
      const ref = vcs.ref;
      if (vcs.refField === "branch" || BRANCH_NAMES.test(ref)) {
        ctx.report({
          messageId: "branch",
          data: { ref, repo, advice: a.words },
          location,
          fix,
          key: "pkg:deepspeed",
        });
        continue;
      }
      if (pin.provider === "deeperspeed" && tags.has(ref.toLowerCase())) continue;
      // Upstream DeepSpeed and forks tag releases `v0.14.0`; DeeperSpeed's tags are in the shipped table.
      if (pin.provider !== "deeperspeed" && VERSION_LIKE.test(ref)) continue;
      const certainty: Certainty = {
        level: "unknown",
        detail: `offline, neox-check cannot tell whether \`${ref}\` is a tag or a branch`,
      };
      ctx.report({
        messageId: "unknownRef",
        data: {
          ref,
          repo,
          advice: a.words,
          known:
            pin.provider === "deeperspeed"
              ? `known tags: ${[...tags.keys()].join(", ") || "none"}`
              : "release tags look like `v0.14.0`",
        },
        location,
        certainty,
        fix,
        key: "pkg:deepspeed",
      });
    }
  },
);
