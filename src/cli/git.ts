import { execFile } from "node:child_process";

/** A git command that failed, with what git said. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "GitError";
  }
}

/** Runs git with an argument array (never a shell) in `cwd`; resolves with stdout as bytes. */
export function gitBytes(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, encoding: "buffer", maxBuffer, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" } },
      (error, stdout, stderr) => {
        if (error) {
          const said = stderr.toString("utf8").trim();
          reject(new GitError(said || error.message, said));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** Runs git and returns stdout as trimmed text. */
export async function git(cwd: string, args: string[]): Promise<string> {
  return (await gitBytes(cwd, args)).toString("utf8").trim();
}

/** True when `cwd` is inside a git work tree. */
export async function isGitWorkTree(cwd: string): Promise<boolean> {
  try {
    return (await git(cwd, ["rev-parse", "--is-inside-work-tree"])) === "true";
  } catch {
    return false;
  }
}

/**
 * The merge base of HEAD and `ref` (what a PR would be compared against). Throws a GitError when
 * the ref does not name a commit or there is no common ancestor.
 */
export async function mergeBase(cwd: string, ref: string): Promise<string> {
  // A ref starting with "-" would be read as an option.
  if (ref.startsWith("-") || ref.includes("\0")) throw new GitError(`not a git ref: ${ref}`, "");
  let commit: string;
  try {
    commit = await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GitError(`unknown git ref: ${ref}`, "");
  }
  try {
    return await git(cwd, ["merge-base", "HEAD", commit]);
  } catch (error) {
    throw new GitError(
      `no merge base between HEAD and ${ref}${error instanceof GitError && error.stderr ? `: ${error.stderr}` : ""}`,
      error instanceof GitError ? error.stderr : "",
    );
  }
}

/** Where `cwd` is inside its repository, as `dir/sub/` (empty at the top). */
export async function repoPrefix(cwd: string): Promise<string> {
  return git(cwd, ["rev-parse", "--show-prefix"]);
}

/**
 * `owner/repo` of the `origin` remote (`https://host/owner/repo.git`, `git@host:owner/repo.git`,
 * `ssh://git@host/owner/repo`), or null when there is no git, no origin, or another shape.
 */
export async function originRepository(cwd: string): Promise<string | null> {
  let url: string;
  try {
    url = await git(cwd, ["config", "--get", "remote.origin.url"]);
  } catch {
    return null;
  }
  const match = /[/:](?<owner>[\w.-]+)\/(?<repo>[\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return match?.groups ? `${match.groups.owner}/${match.groups.repo}` : null;
}
