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
  let status: number | null = null;
  let requestId: string | null = null;
  if (error && typeof error === "object") {
    const candidate = error as { status?: unknown; response?: { headers?: Record<string, unknown> } };
    if (typeof candidate.status === "number") status = candidate.status;
    const header = candidate.response?.headers?.["x-github-request-id"];
    if (typeof header === "string") requestId = header;
  }
  return { message, status, requestId };
}
