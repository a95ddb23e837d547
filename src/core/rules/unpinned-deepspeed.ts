import { z } from "zod";
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
      bare: "`{{name}}` has no version: every new environment installs whatever DeepSpeed release is newest that day, so two runs of the same config can train on different DeepSpeed code (DeepSpeed 0.10.2 to 0.12.6 silently broke bf16 finetuning, gpt-neox#1121). Pin an exact version, e.g. `deepspeed=={{suggested}}`, or a DeeperSpeed commit.",
      noRef:
        "This git requirement has no ref, so it installs the default branch of {{repo}} as it is on the day the environment is built: two runs of the same config can train on different DeepSpeed code.{{history}} Pin a commit: `@{{suggested}}`.",
      branch:
        "`@{{ref}}` is a branch of {{repo}}: what it installs changes whenever the branch moves, without a commit here. That is how DeeperSpeed main brought the bf16 finetune bug to NeoX installs in 2023 (gpt-neox#1095). Pin a commit: `@{{suggested}}`.",
      unknownRef:
        "`@{{ref}}` is not a tag neox-check knows for {{repo}} ({{known}}); if it is a branch, what it installs changes whenever the branch moves, without a commit here (DeeperSpeed main brought the bf16 finetune bug to NeoX installs in 2023, gpt-neox#1095). Pin a commit: `@{{suggested}}`.",
    },
    options: z.object({}).strict(),
  },
  (ctx) => {
    const commits = ctx.knowledge.deeperspeedCommits;
    const tags = new Map<string, string>();
    for (const c of commits) for (const tag of c.tags) tags.set(tag.toLowerCase(), c.sha);
    // The newest tagged DeeperSpeed commit is what a fix suggests (v3.0 = 91d1c55b at the time of writing).
    const newestTagged = [...commits].reverse().find((c) => c.tags.length > 0);
    const suggestedSha = newestTagged?.sha ?? "<commit sha>";
    const newestRelease = ctx.knowledge.deepspeedReleases.at(-1)?.version ?? "<version>";
    const lock = pinnedElsewhere(ctx.head.pins);

    for (const pin of ctx.head.pins) {
      if (pin.name !== "deepspeed" || pin.constraint) continue;
      if (pin.kind === "unpinned") {
        if (lock !== null) continue;
        ctx.report({
          messageId: "bare",
          data: { name: pin.rawName, suggested: newestRelease },
          location: pin.nameSpan,
          fix: {
            description: `Pin an exact version (\`deepspeed==${newestRelease}\`) or a DeeperSpeed commit (\`deepspeed @ git+https://github.com/EleutherAI/DeeperSpeed.git@${suggestedSha}\`).`,
            edits: [],
          },
          key: "pkg:deepspeed",
        });
        continue;
      }
      const vcs = pin.vcs;
      if (pin.kind !== "vcs" || vcs === null) continue;
      const repo = shortRepo(pin);
      const suggested = pin.provider === "deeperspeed" ? suggestedSha : "<commit sha>";
      const fix = {
        description:
          pin.provider === "deeperspeed"
            ? `Pin a DeeperSpeed commit, e.g. \`@${suggestedSha}\` (DeeperSpeed ${newestTagged?.tags[0] ?? "newest tag"}).`
            : "Pin the commit you tested, `@<40-hex sha>`.",
        edits: [],
      };
      if (vcs.ref === null) {
        ctx.report({
          messageId: "noRef",
          data: { repo, suggested, history: pin.provider === "deeperspeed" ? DEEPERSPEED_MAIN_HISTORY : "" },
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
          data: { ref, repo, suggested },
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
          suggested,
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
