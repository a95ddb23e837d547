/**
 * Generates src/core/parse/neox-args.generated.ts from the shared knowledge file neox-args.json
 * (every GPT-NeoX argument, read from megatron/neox_arguments at one commit).
 *
 *   npm run gen:neox-args                      # reads ../shared/knowledge/neox-args.json
 *   npm run gen:neox-args -- path/to/neox-args.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { z } from "zod";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const output = resolve(projectRoot, "src/core/parse/neox-args.generated.ts");

const entrySchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  type: z.string(),
  default: z.unknown(),
  group: z.string(),
  passed_to_deepspeed_config: z.boolean(),
  deepspeed_launcher_arg: z.boolean(),
  present_at_tag_v1_0: z.boolean(),
  present_at_tag_v2_0: z.boolean(),
  source: z.string(),
});

/**
 * Keys older NeoX releases accepted and current NeoX rejects, with the change that removed them.
 * Source: ../shared/knowledge/pitfalls.md §3 ("Keys present at v1.0 but gone at HEAD") and §4 item 8.
 */
const REMOVED = [
  {
    name: "save_interval",
    change: "renamed",
    replacement: "checkpoint_factor",
    pr: "EleutherAI/gpt-neox#737",
    commit: "8d1c5c88",
    date: "2022-12-14",
    presentAtV1: false,
    note: "renamed to checkpoint_factor",
  },
  {
    name: "zero_allow_untested_optimizer",
    change: "removed",
    replacement: "deepspeed_extra_args",
    pr: "EleutherAI/gpt-neox#819",
    commit: "5c5fb945",
    date: "2023-03-26",
    presentAtV1: true,
    note: "no longer a NeoX argument; put it under deepspeed_extra_args",
  },
  {
    name: "gas",
    change: "removed",
    replacement: "gradient_accumulation_steps",
    pr: "EleutherAI/gpt-neox#1144",
    commit: "91c44bc3",
    date: "2024-02-05",
    presentAtV1: true,
    note: "use gradient_accumulation_steps",
  },
  {
    name: "detect_nvlink_pairs",
    change: "removed",
    replacement: null,
    pr: "EleutherAI/gpt-neox#1339",
    commit: "9107b255",
    date: "2025-02-18",
    presentAtV1: true,
    note: "removed without replacement",
  },
  {
    name: "save_iters",
    change: "removed",
    replacement: null,
    pr: null,
    commit: null,
    date: null,
    presentAtV1: true,
    note: "an internal value NeoX derived from checkpoint_factor, not meant to be set in a config",
  },
] as const;

async function main(): Promise<void> {
  const defaultInput = resolve(projectRoot, "../shared/knowledge/neox-args.json");
  const inputArg = process.argv[2];
  const input = inputArg ? resolve(process.cwd(), inputArg) : defaultInput;
  const entries = z
    .array(entrySchema)
    .min(1)
    .parse(JSON.parse(readFileSync(input, "utf8")));

  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`${input}: argument ${entry.name} is listed twice`);
    names.add(entry.name);
  }
  for (const removed of REMOVED) {
    if (names.has(removed.name)) throw new Error(`${removed.name} is listed as removed but is in ${input}`);
  }

  const sources = [...new Set(entries.map((entry) => entry.source.split("@")[1] ?? "unknown"))];
  const args = entries.map((entry) => ({
    name: entry.name,
    type: entry.type,
    default: entry.default,
    group: entry.group,
    passedToDeepspeedConfig: entry.passed_to_deepspeed_config,
    deepspeedLauncherArg: entry.deepspeed_launcher_arg,
    presentAtV1: entry.present_at_tag_v1_0,
    presentAtV2: entry.present_at_tag_v2_0,
  }));
  const shownInput = inputArg ? relative(projectRoot, input) : "../shared/knowledge/neox-args.json";

  const text = [
    "// GENERATED FILE, DO NOT EDIT. Regenerate with: npm run gen:neox-args (scripts/gen-neox-args.ts)",
    `// Source: ${shownInput}, the arguments of GPT-NeoX megatron/neox_arguments at`,
    `// ${sources.join(", ")}.`,
    'import type { NeoxArg } from "../model/neox-args.js";',
    'import type { RemovedNeoxArg } from "./neox-args.js";',
    "",
    "/** Where the shipped argument list comes from. */",
    `export const NEOX_ARGS_SOURCE = ${JSON.stringify({
      file: shownInput,
      repository: "EleutherAI/gpt-neox",
      commits: sources,
    })} as const;`,
    "",
    "/** Every GPT-NeoX argument (dataclass field of megatron/neox_arguments), in source order. */",
    `export const NEOX_ARGS: readonly NeoxArg[] = ${JSON.stringify(args)};`,
    "",
    "/** Keys older NeoX releases accepted and current NeoX rejects (pitfalls.md §3). */",
    `export const REMOVED_NEOX_ARGS: readonly RemovedNeoxArg[] = ${JSON.stringify(REMOVED)};`,
    "",
  ].join("\n");

  const options = (await resolveConfig(output)) ?? {};
  writeFileSync(output, await format(text, { ...options, filepath: output }));
  console.log(
    `wrote ${relative(projectRoot, output)}: ${args.length} arguments, ${REMOVED.length} removed keys`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
