import { defineRule } from "../engine/define-rule.js";
import type { Pin } from "../model/index.js";

/** A repository named like DeepSpeed or its EleutherAI fork: another owner's copy is a fork, not a misnomer. */
const DEEPSPEED_LIKE_NAME = /^deep(?:er)?speed$/i;

function describeRepo(pin: Pin): string {
  const repo = pin.vcs?.repo;
  if (repo) return `${repo.host}/${repo.owner}/${repo.name}`;
  return pin.vcs?.url ?? pin.url ?? "this URL";
}

/**
 * NXC304: `#egg=deepspeed` (or `deepspeed @ git+...`) on a repository that is neither DeepSpeed nor
 * DeeperSpeed. pip installs whatever that repository builds under the name `deepspeed`: readers and
 * every version rule of neox-check take it for DeepSpeed, but nothing is known about its code.
 */
export const misleadingEggRule = defineRule(
  {
    id: "NXC304",
    name: "misleading-egg",
    severity: "warning",
    description: "`#egg=deepspeed` on a repository that is neither DeepSpeed nor DeeperSpeed.",
    messages: {
      misleading:
        "This line installs {{repo}} under the name `deepspeed`, but that repository is neither DeepSpeed (deepspeedai/DeepSpeed, formerly microsoft/DeepSpeed) nor EleutherAI/DeeperSpeed. Readers, and neox-check's DeepSpeed version checks, take it for DeepSpeed, yet nothing is known about the code it carries: NeoX's known DeepSpeed bugs (such as the bf16 finetune bug, gpt-neox#1121) can be neither ruled out nor confirmed. Point the line at EleutherAI/DeeperSpeed or DeepSpeed at a commit; if it really is a DeepSpeed fork under another name, say so with `# neox-check: ignore NXC304 -- <which DeepSpeed it is based on>`.",
    },
  },
  (ctx) => {
    for (const pin of ctx.head.pins) {
      if (pin.name !== "deepspeed" || pin.provider !== "other" || pin.vcs === null) continue;
      // A fork that keeps the DeepSpeed name is still DeepSpeed code, just unknown to the tables.
      if (pin.vcs.repo !== null && DEEPSPEED_LIKE_NAME.test(pin.vcs.repo.name)) continue;
      // A name that swallowed its `#egg=` (`DeeperSpeed.git=deepspeed`) cannot be cloned: NXC305 says so.
      if (pin.vcs.repo !== null && /=|\.git./i.test(pin.vcs.repo.name)) continue;
      ctx.report({
        messageId: "misleading",
        data: { repo: describeRepo(pin) },
        location: pin.nameSpan,
        related: [{ label: "repository here", location: pin.span }],
        key: `pkg:deepspeed:${pin.vcs.url.toLowerCase()}`,
      });
    }
  },
);
