/** Running the CLI in process and making throwaway repositories for the CLI tests. */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";

/** The project root (jest runs from it). */
export const PROJECT_ROOT = process.cwd();

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's `main` in this process with `args` in `cwd`, as `bin/neox-check.js` does with a
 * non-TTY stdout (no colour). The packaged `bin/` itself is run from an installed tarball in
 * test/ship/package.test.ts; spawning it here for every case cost minutes of process start-up.
 */
export async function runCli(args: string[], cwd: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    color: false,
    today: new Date().toISOString().slice(0, 10),
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory holding `files` (path -> text or bytes). */
export async function makeTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "neox-check-cli-"));
  await writeTree(dir, files);
  return dir;
}

export async function writeTree(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs git in `cwd` with a fixed identity and no user or system configuration. */
export function gitIn(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      "git",
      [
        "-c",
        "user.name=neox-check test",
        "-c",
        "user.email=test@example.com",
        "-c",
        "commit.gpgsign=false",
        ...args,
      ],
      {
        cwd,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", HOME: cwd },
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolvePromise(stdout.trim()),
    );
  });
}

/** A whole GPT-NeoX run config (model shape included, so it is not a fragment) that fine-tunes in bf16. */
export function finetuneConfig(options: { finetune?: boolean } = {}): string {
  return [
    "# fine-tune a small model in bf16",
    "{",
    '  "pipe_parallel_size": 0,',
    '  "model_parallel_size": 1,',
    '  "num_layers": 2,',
    '  "hidden_size": 64,',
    '  "num_attention_heads": 4,',
    '  "seq_length": 128,',
    '  "max_position_embeddings": 128,',
    '  "pos_emb": "rotary",',
    '  "optimizer": { "type": "Adam", "params": { "lr": 0.0006, "betas": [0.9, 0.95], "eps": 1.0e-8 } },',
    '  "zero_optimization": { "stage": 1 },',
    '  "precision": "bfloat16",',
    '  "bf16": { "enabled": true },',
    '  "train_iters": 100,',
    '  "train_micro_batch_size_per_gpu": 4,',
    '  "load": "checkpoints/pretrained",',
    `  "finetune": ${options.finetune === false ? "false" : "true"},`,
    "}",
    "",
  ].join("\n");
}

/** The 1-based line of `"finetune": true` in {@link finetuneConfig}. */
export const FINETUNE_LINE = 18;
/** The 1-based column of `true` after `"finetune":` (NXC101 points at the value). */
export const FINETUNE_COLUMN = 15;
