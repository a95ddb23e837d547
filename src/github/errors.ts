/** What an error tells a person reading the check run: the message and GitHub's request id. */
export interface ErrorSummary {
  message: string;
  status: number | null;
  requestId: string | null;
}

/** Pulls a readable message, the HTTP status and `x-github-request-id` out of an Octokit error. */
export function summarizeError(error: unknown): ErrorSummary {
  const message =
    (error instanceof Error ? error.message : String(error)).split("\n")[0]?.slice(0, 300) ?? "";
  let requestId: string | null = null;
  if (error && typeof error === "object") {
    const header = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers?.[
      "x-github-request-id"
    ];
    if (typeof header === "string") requestId = header;
  }
  return { message, status: httpStatusOf(error), requestId };
}

/** The HTTP status of an Octokit `RequestError` (404 for a missing file or collaborator), else null. */
export function httpStatusOf(error: unknown): number | null {
  if (!error || typeof error !== "object") return null;
  const { status } = error as { status?: unknown };
  return typeof status === "number" ? status : null;
}
