import { neoxChecks, neoxDating } from "../knowledge/neox-checks.generated.js";
import type { NeoxArgsInfo, NeoxEnvironment } from "../model/index.js";

/** A Python file of the repository's own NeoX code (`megatron/training.py`, `savanna/arguments/arguments.py`). */
export interface NeoxCodeFile {
  path: string;
  text: string;
}

/** The base names of the files the known checks live in: the files worth reading. */
export const NEOX_CHECK_FILES: ReadonlySet<string> = new Set(neoxChecks.flatMap((c) => c.files));

/**
 * The package folder of an argument file: `megatron/` for `megatron/neox_arguments/x.py`, `savanna/` for
 * `savanna/arguments/x.py`, with any folder a vendored copy sits in.
 */
export function packageDirOf(argPath: string): string {
  const parts = argPath.split("/");
  return parts.length >= 3 ? `${parts.slice(0, -2).join("/")}/` : "";
}

/** Python source without comments (a commented-out check is not a check). */
function withoutComments(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n");
}

/**
 * The NeoX that runs this snapshot's configs, read from its own code (DESIGN.md §3, docs/environment.md):
 * the argument classes say which NeoX (upstream or a fork, or a derived framework), the code files say
 * which known checks it has, and the argument fields date it.
 */
export function neoxEnvironment(
  args: NeoxArgsInfo,
  code: NeoxCodeFile[],
  unreadTrainingCode: string[] = [],
): NeoxEnvironment {
  if (args.source !== "repository" && unreadTrainingCode.length > 0) {
    // Training code whose argument definitions could not be read: which arguments it accepts is unknown.
    return {
      kind: "none",
      name: "GPT-NeoX",
      sources: unreadTrainingCode,
      checks: {},
      pipelineFromPp: null,
      dating: [],
      summary: `this repository's own training code (${unreadTrainingCode.join(", ")}), whose arguments could not be read: upstream GPT-NeoX's arguments, as a guess`,
    };
  }
  if (args.source !== "repository") {
    return {
      kind: "none",
      name: "GPT-NeoX",
      sources: [],
      checks: {},
      pipelineFromPp: 1,
      dating: [],
      summary: "no NeoX code in this repository: upstream GPT-NeoX's arguments (the NeoX version is unknown)",
    };
  }
  const derived = args.framework !== undefined;
  const name = args.framework ?? "GPT-NeoX";
  const files = code.map((f) => ({
    path: f.path,
    base: f.path.split("/").pop() ?? f.path,
    text: withoutComments(f.text),
  }));
  const checks: Record<string, boolean> = {};
  const used = new Set<string>();
  for (const check of neoxChecks) {
    const re = new RegExp(check.match);
    const hit = files.find((f) => re.test(f.text));
    if (hit) {
      checks[check.id] = true;
      used.add(hit.path);
      continue;
    }
    const where = files.filter((f) => check.files.includes(f.base));
    if (where.length > 0) {
      checks[check.id] = false;
      for (const f of where) used.add(f.path);
    }
  }
  const dating: NeoxEnvironment["dating"] = neoxDating.map((row) => {
    const present = row.fields.filter((f) => Object.hasOwn(args.args, f));
    const has = present.length > 0;
    return {
      change: `${row.change} (${row.pr.replace(/^EleutherAI\//, "")}, ${row.date})`,
      present: has,
      evidence: has
        ? `declares \`${present.join("`, `")}\``
        : `declares none of \`${row.fields.join("`, `")}\``,
    };
  });
  return {
    kind: derived ? "derived" : "repository",
    name,
    sources: [...args.paths, ...[...used].filter((p) => !args.paths.includes(p)).sort()],
    checks,
    pipelineFromPp: pipelineFromPp(files.map((f) => f.text)),
    dating,
    summary: derived
      ? `this repository's own (${name})`
      : `this repository's own GPT-NeoX (${[...new Set(args.paths.map(packageDirOf))].map((d) => `${d}neox_arguments`).join(", ")})`,
  };
}

/**
 * From which `pipe_parallel_size` the code builds a DeepSpeed PipelineEngine: its
 * `update_value("is_pipe_parallel", self.pipe_parallel_size >= 1)` (upstream) or `> 1` (savanna).
 */
function pipelineFromPp(texts: string[]): number | null {
  for (const text of texts) {
    const m = /["']is_pipe_parallel["']\s*,\s*self\.pipe_parallel_size\s*(?<op>>=|>)\s*(?<n>\d+)/.exec(text);
    const op = m?.groups?.["op"];
    const n = m?.groups?.["n"];
    if (op !== undefined && n !== undefined) return op === ">=" ? Number(n) : Number(n) + 1;
  }
  return null;
}
