/**
 * app.yml, the manifest Probot's setup page registers the App from, against the handlers the App
 * registers (src/github/app.ts): every event handled is subscribed, every subscription is handled, and
 * the permissions are the least the handlers need.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Probot } from "probot";
import { parse } from "yaml";
import { createApp } from "../../src/github/app.js";
import { createAppState } from "../../src/github/state.js";
import { PROJECT_ROOT } from "./support.js";

interface Manifest {
  default_events: string[];
  default_permissions: Record<string, string>;
}

const manifest = parse(readFileSync(join(PROJECT_ROOT, "app.yml"), "utf8")) as Manifest;

/** The `event.action` names the App registers handlers for. */
async function handledEvents(): Promise<string[]> {
  const names: string[] = [];
  const fake = {
    on: (events: string | string[]) => names.push(...(Array.isArray(events) ? events : [events])),
    onAny: () => names.push("*"),
    log: { info() {}, warn() {}, error() {}, debug() {}, child: () => fake.log },
  };
  await createApp(createAppState())(fake as unknown as Probot, { getRouter: undefined } as never);
  return names;
}

describe("app.yml", () => {
  it("subscribes to exactly the events the App handles", async () => {
    const handled = await handledEvents();
    expect(handled).not.toContain("*");
    const events = [...new Set(handled.map((name) => name.split(".")[0]))].sort();
    expect([...manifest.default_events].sort()).toEqual(events);
    expect(handled).toEqual(
      expect.arrayContaining(["pull_request.opened", "pull_request.synchronize", "pull_request.edited"]),
    );
  });

  it("asks for the least privilege: no issues permission (pull requests write covers PR comments)", () => {
    expect(manifest.default_permissions).toEqual({
      checks: "write",
      pull_requests: "write",
      contents: "read",
      metadata: "read",
    });
  });
});

describe(".env.example", () => {
  it("documents Probot's GH_ORG, WEBHOOK_PATH and SENTRY_DSN", () => {
    const names = readFileSync(join(PROJECT_ROOT, ".env.example"), "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=")[0]);
    expect(names).toEqual(
      expect.arrayContaining(["GH_ORG", "WEBHOOK_PATH", "SENTRY_DSN", "APP_ID", "WEBHOOK_SECRET"]),
    );
  });
});
