#!/usr/bin/env node
/**
 * `node scripts/run-parallel.mjs <script>...`: runs these npm scripts at the same time, each one's output
 * printed whole when it ends (never interleaved), and exits with the first failure's code. `npm test`
 * runs the type check and the lint this way: each uses one core, and neither needs the other.
 */
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write("usage: node scripts/run-parallel.mjs <npm script>...\n");
  process.exit(2);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const runs = names.map((name) =>
  new Promise((resolve) => {
    const chunks = [];
    const child = spawn(npm, ["run", "--silent", name], {
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => resolve({ name, code: 2, output: `${error.message}\n` }));
    child.on("close", (code, signal) =>
      resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }),
    );
  }).then((run) => {
    process.stdout.write(`> ${run.name}: ${run.code === 0 ? "ok" : `failed (exit ${run.code})`}\n`);
    process.stdout.write(run.output);
    return run;
  }),
);
const failed = (await Promise.all(runs)).find((run) => run.code !== 0);
process.exitCode = failed ? failed.code : 0;
