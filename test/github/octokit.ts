import { ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/github/types.js";

/** An Octokit with a plain token, retries and throttling off: each mocked request is made once. */
export function testOctokit(): GitHubClient {
  return new ProbotOctokit({
    auth: { token: "ghs_test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
}
