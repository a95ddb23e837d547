import { ProbotOctokit } from "probot";

/**
 * The Octokit class the server uses. Probot throttles API requests as GitHub asks integrators to
 * (writes at least a second apart per installation, Bottleneck); `NEOX_CHECK_THROTTLE=off` turns that
 * off for a local GitHub stand-in or a GitHub Enterprise Server without rate limits (the demo and the
 * end-to-end test use it: a run makes about five writes).
 */
export function octokitClassFor(env: Record<string, string | undefined>): typeof ProbotOctokit {
  if ((env.NEOX_CHECK_THROTTLE ?? "").toLowerCase() !== "off") return ProbotOctokit;
  // A function default: Probot passes its own `throttle` options, which an object default would lose to.
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object), enabled: false },
  }));
}
