import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { errorMeta } from "./run-check.js";

/** GitHub never sends a webhook body larger than this. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface WebhookHandlerOptions {
  /** The public webhook path (`/api/github/webhooks`, or `WEBHOOK_PATH`). */
  path: string;
  probot: Pick<Probot, "receive" | "webhooks" | "log">;
  maxBytes?: number;
}

/**
 * The webhook endpoint, in front of Probot's (which reads any body whole before checking the
 * signature, and logs the whole payload of a rejected delivery). A body over `maxBytes` gets 413 as
 * soon as its declared length or its streamed size says so, without being kept; a bad signature gets
 * 400; rejections are logged with the delivery id, event name and size, never the payload. A valid
 * delivery is answered 200 at once and handed to Probot afterwards: the App queues its work, so no
 * webhook waits for a run. `receiving()` counts deliveries answered but not yet handed over (their
 * handlers may still be deciding whether to queue a job): work the server has, as queued jobs are.
 */
export function createWebhookHandler(options: WebhookHandlerOptions) {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const log = options.probot.log.child({ name: "webhooks" });
  const path = options.path.replace(/\/+$/, "");
  let receiving = 0;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const pathname = (req.url ?? "/").split("?")[0]?.replace(/\/+$/, "") ?? "";
    if (pathname !== path) return false;
    const delivery = header(req, "x-github-delivery");
    const event = header(req, "x-github-event");
    if (req.method !== "POST") return answer(res, 404, `Unknown route: ${req.method ?? ""} ${pathname}`);

    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      log.warn({ delivery, event, bytes: declared }, "webhook rejected: body too large");
      tooLarge(req, res);
      rejected = true;
    }
    try {
      // Leaving this loop early would destroy the request, and the client could miss the 413 (EPIPE):
      // once rejected, the rest is read and dropped until it ends or tooLarge's timer cuts it off.
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (rejected) continue;
        if (size > maxBytes) {
          chunks.length = 0;
          rejected = true;
          log.warn({ delivery, event, bytes: size }, "webhook rejected: body too large");
          tooLarge(req, res);
          continue;
        }
        chunks.push(chunk);
      }
    } catch {
      if (!rejected) log.warn({ delivery, event, bytes: size }, "webhook rejected: the request broke off");
      return true;
    }
    if (rejected) return true;

    const signature = header(req, "x-hub-signature-256");
    if (!delivery || !event || !signature) {
      log.warn({ delivery, event, bytes: size }, "webhook rejected: GitHub's headers are missing");
      return answer(
        res,
        400,
        "Required headers missing: x-github-event, x-hub-signature-256, x-github-delivery",
      );
    }
    const body = Buffer.concat(chunks).toString("utf8");
    chunks.length = 0;
    const valid = await options.probot.webhooks.verify(body, signature).catch(() => false);
    if (!valid) {
      log.warn({ delivery, event, bytes: size }, "webhook rejected: signature does not match");
      return answer(res, 400, "signature does not match event payload and secret");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      log.warn({ delivery, event, bytes: size }, "webhook rejected: invalid JSON");
      return answer(res, 400, "Invalid JSON");
    }
    answer(res, 200, "ok");
    receiving += 1;
    options.probot
      .receive({ id: delivery, name: event, payload } as Parameters<Probot["receive"]>[0])
      .catch((error: unknown) =>
        log.error({ delivery, event, err: errorMeta(error) }, "webhook handler failed"),
      )
      .finally(() => (receiving -= 1));
    return true;
  };
  return Object.assign(handler, { receiving: () => receiving });
}

/**
 * 413; the caller reads the rest of the body and drops it, never keeps it, until this cuts it off. No
 * `connection: close`: Node would close the socket while the client still sends, and the client could
 * fail its write (EPIPE) before it reads the answer.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { "content-type": "text/plain" });
  res.end(`Payload too large (GitHub sends at most ${MAX_WEBHOOK_BYTES} bytes)\n`);
  setTimeout(() => req.destroy(), 30_000).unref();
}

/** Each answer closes its connection: GitHub opens one per delivery, and no client races a keep-alive timeout. */
function answer(res: ServerResponse, status: number, text: string): true {
  res.writeHead(status, { "content-type": "text/plain", connection: "close" });
  res.end(`${text}\n`);
  return true;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
