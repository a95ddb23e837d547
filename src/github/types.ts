import type { Context, ProbotOctokit } from "probot";

/** An authenticated Octokit as Probot hands it to handlers (REST methods, paginate, graphql, config). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** The logger Probot gives every context (pino). */
export type Log = Context["log"];

/** A repository on the GitHub instance the App talks to. */
export interface RepoRef {
  owner: string;
  repo: string;
}
