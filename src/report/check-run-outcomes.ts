/**
 * The check run when there is no report to render: nothing to check, superseded by a newer push, a
 * configuration that cannot be loaded, a run that could not finish. Pure texts; the App publishes them.
 */

/** A check run's final output without findings, in the shape of GitHub's Checks API. */
export interface OutcomeOutput {
  title: string;
  summary: string;
  conclusion: "success" | "neutral" | "failure" | "action_required";
  actions?: Array<{ label: string; description: string; identifier: string }>;
}

/** The check's Re-run button (`check_run.requested_action` with this identifier). */
export const RERUN_ACTION = {
  label: "Re-run",
  description: "Run neox-check again on this commit",
  identifier: "rerun",
} as const;

/** The pull request touches nothing neox-check reads. */
export function renderNothingToCheck(): OutcomeOutput {
  return {
    title: "Nothing to check",
    summary:
      "This pull request changes no GPT-NeoX config, Python dependency pin or neox-check configuration, so there is nothing for neox-check to look at.",
    conclusion: "success",
  };
}

/** A newer commit was pushed while this one was being checked. */
export function renderSuperseded(): OutcomeOutput {
  return {
    title: "Superseded by a newer push",
    summary:
      "A newer commit was pushed to this pull request while this one was being checked; see the check run on the newest commit.",
    conclusion: "neutral",
  };
}

/** The repository's neox-check configuration could not be loaded (`message` says why). */
export function renderBrokenConfig(message: string): OutcomeOutput {
  return {
    title: "Invalid neox-check configuration",
    summary: `The neox-check configuration could not be loaded, so this pull request was not checked.\n\n> ${message.replace(/\n/g, " ")}\n\nFix the file named above (\`.github/neox-check.yml\`, or the file its \`_extends\` points to).`,
    conclusion: "failure",
  };
}

/** Why a run could not finish, as the App saw it. */
export interface RunFailure {
  /** The error's message, one line. */
  message: string;
  /** The HTTP status of a failed GitHub request, or null. */
  status: number | null;
  /** GitHub's `x-github-request-id`, or null. */
  requestId: string | null;
  /** The webhook delivery id. */
  deliveryId: string;
  /** The analysis went over its time or size limits (rather than failing). */
  overLimits: boolean;
  /** The repository's `on_error` choice: never a passing conclusion. */
  conclusion: "failure" | "action_required";
}

/** A run that could not finish: what happened, the ids to look it up, and a Re-run button. */
export function renderRunFailure(failure: RunFailure): OutcomeOutput {
  const { message, status, requestId, deliveryId, overLimits } = failure;
  const lines = [
    overLimits
      ? "neox-check stopped analysing this commit: the files of this pull request made the analysis go over its limits. Until it finishes, the check does not pass."
      : "neox-check could not finish checking this commit (an internal error, or GitHub kept failing). Until it finishes, the check does not pass.",
    "",
    `- Reason: ${message.replace(/[<>`]/g, "")}${status !== null ? ` (HTTP ${status})` : ""}`,
    `- GitHub request id: ${requestId !== null ? `\`${requestId}\`` : "none"}`,
    `- Delivery: \`${deliveryId}\``,
    "",
    "Use **Re-run** on this check, or comment `/neox-check`, to try again. The conclusion is the repository's `on_error` setting in `.github/neox-check.yml`.",
  ];
  return {
    title: overLimits ? "neox-check stopped: analysis over its limits" : "neox-check could not finish",
    summary: lines.join("\n"),
    conclusion: failure.conclusion,
    actions: [{ ...RERUN_ACTION }],
  };
}
