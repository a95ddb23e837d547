import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (this file is `demo/harness.ts`). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The bundled example repository the demo and the end-to-end test serve. */
const DEMO_REPO_DIR = join(PROJECT_ROOT, "test", "fixtures", "demo-repo");

/** A throwaway RSA key pair for a local App: the server signs its JWTs, the stand-in checks them. */
export function generateAppKey(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKey, publicKey };
}

/** Every file under `dir`, keyed by its `/`-separated path relative to `dir`. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full).split(sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

/** The demo repository's default branch. */
export function demoRepoFiles(): Record<string, string> {
  return readTree(join(DEMO_REPO_DIR, "repo"));
}

/** A file the demo pull request adds (`changes/<name>`). */
export function demoChange(name: string): string {
  return readFileSync(join(DEMO_REPO_DIR, "changes", name), "utf8");
}

/** A TCP port nobody listens on right now (Probot's PORT cannot be 0). */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface AppServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Where webhooks go (Probot's default path). */
  webhookUrl: string;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the server has no job queued or running (webhooks are answered before their run). */
  idle(timeoutMs?: number): Promise<void>;
  /** The server's process id (memory measurements). */
  pid: number;
  /** Sends a signal to the server process (SIGTERM tests). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code once the process exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface AppServerOptions {
  appId: number;
  privateKey: string;
  secret: string;
  /** `GHE_HOST` and `GHE_PROTOCOL` point the server at the stand-in, as at a GitHub Enterprise Server. */
  gheHost: string;
  gheProtocol?: "http" | "https";
  logLevel?: string;
  port?: number;
  /** Keep Probot's request throttling on (writes a second apart); off by default here. */
  throttle?: boolean;
  /** `REDIS_URL`: delivery dedupe (and Probot's throttling) shared through Redis; none by default. */
  redisUrl?: string;
  /** More environment (limits, grace period, small backoff). */
  env?: Record<string, string>;
  /**
   * The server to run: a compiled `dist/github/server.js` (what `npm start` and the image run), or by
   * default `src/github/server.ts` through tsx, which needs no build.
   */
  entry?: string;
}

/**
 * Starts the real server (`src/github/server.ts` through tsx, or the compiled one `npm start` runs) as a
 * child process with Probot's standard environment, and waits until it answers `/ping`.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: String(options.appId),
    PRIVATE_KEY: options.privateKey,
    WEBHOOK_SECRET: options.secret,
    PORT: String(port),
    HOST: "127.0.0.1",
    GHE_HOST: options.gheHost,
    GHE_PROTOCOL: options.gheProtocol ?? "http",
    LOG_LEVEL: options.logLevel ?? "warn",
    LOG_FORMAT: "json",
    // Empty values win over a developer's `.env` (dotenv never overrides what is set): no smee proxy,
    // no Redis unless asked for, no Sentry, no network.
    WEBHOOK_PROXY_URL: "",
    REDIS_URL: options.redisUrl ?? "",
    SENTRY_DSN: "",
    PRIVATE_KEY_PATH: "",
    NODE_ENV: "development",
    // The stand-in has no rate limits: no need to space writes a second apart.
    NEOX_CHECK_THROTTLE: options.throttle === true ? "on" : "off",
    ...options.env,
  };
  const entry = options.entry ?? join(PROJECT_ROOT, "src", "github", "server.ts");
  const child: ChildProcess = spawn(
    process.execPath,
    entry.endsWith(".ts") ? ["--import", "tsx", entry] : [entry],
    { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not start within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    output: () => output,
    async idle(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const response = await fetch(`${url}/neox-check/status`);
        const status = (await response.json()) as { pending: number; inFlight: number };
        if (status.pending === 0 && status.inFlight === 0) return;
        if (Date.now() > until)
          throw new Error(`the server was still busy after ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    pid: child.pid ?? 0,
    kill(signal) {
      child.kill(signal);
    },
    exited,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
