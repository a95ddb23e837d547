import { demoChange, demoRepoFiles } from "./harness.js";
import type { GitHubStandin, PullState } from "./github-standin.js";

/** The demo repository's name on the stand-in. */
export const DEMO_REPO = "acme/pythia-160m-training";

/** The pin the demo PR moves to (affected: DeepSpeed 0.10.2 to 0.12.6) and the fix it then applies. */
export const AFFECTED_PIN = "deepspeed==0.12.6";
export const FIXED_PIN = "deepspeed==0.13.0";

/** Creates the demo repository on the stand-in (its default branch is `test/fixtures/demo-repo/repo`). */
export function seedDemoRepo(standin: GitHubStandin, fullName = DEMO_REPO): void {
  standin.addRepo(fullName, demoRepoFiles());
}

/**
 * The demo PR's first commit: a fine-tuning config (`finetune: true`, `load`, bf16) and DeepSpeed
 * bumped from 0.10.0 to 0.12.6. Returns the opened PR.
 */
export function openFinetunePull(standin: GitHubStandin, fullName = DEMO_REPO): PullState {
  const repo = standin.repo(fullName);
  const requirements = repo.read(repo.defaultBranch, "requirements/requirements.txt") ?? "";
  standin.push(
    fullName,
    "finetune-160m",
    {
      "configs/pythia-160m-finetune.yml": demoChange("pythia-160m-finetune.yml"),
      "requirements/requirements.txt": requirements.replace("deepspeed==0.10.0", AFFECTED_PIN),
    },
    "Fine-tune Pythia-160M on the instruction data",
  );
  return standin.openPull(fullName, "finetune-160m", {
    title: "Fine-tune Pythia-160M on the instruction data",
    user: "alice",
  });
}

/** The fixing push: the pin moves to 0.13.0, the first DeepSpeed release with the fix. */
export function pushFix(standin: GitHubStandin, pull: PullState, fullName = DEMO_REPO): string {
  const repo = standin.repo(fullName);
  const requirements = repo.read(pull.headSha, "requirements/requirements.txt") ?? "";
  const before = pull.headSha;
  standin.push(
    fullName,
    pull.headRef,
    { "requirements/requirements.txt": requirements.replace(AFFECTED_PIN, FIXED_PIN) },
    "Pin deepspeed 0.13.0: fixes bf16 finetune master weights",
  );
  return before;
}

/**
 * Serves a directory as a repository whose default branch holds `base` (by default: the directory's
 * files) and opens a pull request whose head is that branch plus `changes` (path -> text, or null to
 * delete), in one commit: a base and a head that differ by exactly that edit.
 */
export function openDirectoryPull(
  standin: GitHubStandin,
  fullName: string,
  options: {
    files: Record<string, string>;
    base?: Record<string, string>;
    changes: (files: Record<string, string>) => Record<string, string | null>;
    title: string;
    branch?: string;
  },
): PullState {
  const branch = options.branch ?? "change";
  standin.addRepo(fullName, options.base ?? options.files);
  standin.push(fullName, branch, options.changes(options.files), options.title);
  return standin.openPull(fullName, branch, { title: options.title, user: "alice" });
}
