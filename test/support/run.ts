/** Running a program from a test: exit code and output, never a rejection on a non-zero exit. */
import { execFile, type ExecFileOptions } from "node:child_process";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program and resolves with its exit code and output; never rejects on a non-zero exit. */
export function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      file,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: 300_000, encoding: "utf8", ...options },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 99) : 0;
        resolveRun({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
