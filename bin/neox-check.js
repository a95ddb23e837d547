#!/usr/bin/env node
// The `neox-check` command: runs the compiled CLI (dist/, made by `npm run build`, shipped in the
// package). No TypeScript loader at run time.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (error) {
  const missing =
    error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js");
  process.stderr.write(
    missing
      ? "neox-check: dist/ is missing: run `npm run build` first (a checkout of the sources has no build)\n"
      : `neox-check: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(2);
}
try {
  process.exitCode = await cli.run();
} catch (error) {
  process.stderr.write(
    `neox-check: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 2;
}
