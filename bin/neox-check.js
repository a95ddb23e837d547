#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (a runtime dependency), so `npx neox-check` works right
// after `npm ci`, without a build step.
import { register } from "tsx/esm/api";

register();
try {
  const { run } = await import("../src/cli/main.ts");
  process.exitCode = await run();
} catch (error) {
  process.stderr.write(
    `neox-check: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 2;
}
