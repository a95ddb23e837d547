/**
 * The worker thread of `createWorkerAnalyzer`: runs `analyze()` on workspaces that live in the main
 * thread (each `list`/`read`/`resolve` is a message there and back). One analysis at a time.
 */
import { parentPort } from "node:worker_threads";
import { analyze, type AnalyzeOptions } from "../core/analyze.js";
import type { CommitResolver, Workspace } from "../core/model/index.js";

type ToWorker =
  | { type: "reply"; id: number; value?: unknown; error?: string }
  | {
      type: "analyze";
      options: Omit<AnalyzeOptions, "base" | "resolver">;
      hasBase: boolean;
      hasResolver: boolean;
    };

const port = parentPort;
if (!port) throw new Error("analysis-worker runs only as a worker thread");

let nextId = 0;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function call<T>(target: string, method: string, args: unknown[]): Promise<T> {
  nextId += 1;
  const id = nextId;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    port?.postMessage({ type: "call", id, target, method, args });
  });
}

function remoteWorkspace(target: "head" | "base"): Workspace {
  return {
    list: () => call<string[]>(target, "list", []),
    read: (path) => call<string | null>(target, "read", [path]),
  };
}

port.on("message", (message: ToWorker) => {
  if (message.type === "reply") {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.value);
    return;
  }
  const resolver: CommitResolver | undefined = message.hasResolver
    ? { resolve: (repo, ref, ancestors) => call("resolver", "resolve", [repo, ref, ancestors]) }
    : undefined;
  analyze(remoteWorkspace("head"), {
    ...message.options,
    base: message.hasBase ? remoteWorkspace("base") : null,
    ...(resolver ? { resolver } : {}),
  }).then(
    (report) => port.postMessage({ type: "done", report }),
    (error: unknown) =>
      port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
});
