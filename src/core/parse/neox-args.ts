import type { NeoxArg, NeoxArgsInfo } from "../model/neox-args.js";
import { NEOX_ARGS, REMOVED_NEOX_ARGS } from "./neox-args.generated.js";
import { readChoiceLists, readDataclassFields } from "./neox-args-python.js";
import { setOwn } from "./yaml11.js";

/** A key older GPT-NeoX releases accepted and current NeoX rejects. */
export interface RemovedNeoxArg {
  name: string;
  change: "renamed" | "removed";
  /** What to write instead (`checkpoint_factor`, `gradient_accumulation_steps`...), if anything. */
  replacement: string | null;
  /** The pull request that removed it (`EleutherAI/gpt-neox#1144`), when known. */
  pr: string | null;
  commit: string | null;
  /** The date of that change, `YYYY-MM-DD`. */
  date: string | null;
  /** Whether NeoX v1.0 (the release Pythia was trained with) still accepted it. */
  presentAtV1: boolean;
  /** One line for messages. */
  note: string;
}

let shipped: NeoxArgsInfo | null = null;

/** The NeoX arguments shipped with neox-check (generated from the shared knowledge base). */
export function shippedNeoxArgs(): NeoxArgsInfo {
  if (!shipped) {
    const args: Record<string, NeoxArg> = {};
    for (const arg of NEOX_ARGS) setOwn(args, arg.name, arg);
    shipped = { source: "shipped", paths: [], args };
  }
  return shipped;
}

/** Keys removed from NeoX since v1.0, with the change that removed each. */
export function removedNeoxArgs(): readonly RemovedNeoxArg[] {
  return REMOVED_NEOX_ARGS;
}

/**
 * The NeoX arguments a repository defines itself, read as text from the dataclass fields
 * (`    name: type = default`) of `class NeoXArgs...:` bodies in `megatron/neox_arguments/*.py`
 * (`neox_args.py`, `deepspeed_args.py`), or of a derived framework's `class GlobalConfig...:` bodies
 * (savanna's `savanna/arguments/global_config.py`), with the module-level `*_CHOICES` lists. Null when
 * the files define no field. Whether a field existed
 * at NeoX v1.0 / v2.0 is taken from the shipped list (false for names it does not know).
 */
export function readNeoxArgsFromSource(files: Array<{ path: string; text: string }>): NeoxArgsInfo | null {
  const known = shippedNeoxArgs().args;
  const args: Record<string, NeoxArg> = {};
  const paths: string[] = [];
  const choiceLists: Record<string, string[]> = {};
  let framework: string | undefined;
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    for (const [name, values] of Object.entries(readChoiceLists(file.text)))
      setOwn(choiceLists, name, values);
    const fields = readDataclassFields(file.text);
    if (fields.length === 0) continue;
    paths.push(file.path);
    if (fields.some((f) => f.group.startsWith("GlobalConfig")))
      framework =
        /(?:^|\/)(?<pkg>[^/]+)\/arguments\/[^/]+$/.exec(file.path)?.groups?.["pkg"] ??
        "a NeoX-derived framework";
    for (const field of fields) {
      // NeoX refuses two classes defining one name; the first definition is the one to report.
      if (Object.hasOwn(args, field.name)) continue;
      const shippedArg = Object.hasOwn(known, field.name) ? known[field.name] : undefined;
      setOwn(args, field.name, {
        name: field.name,
        type: field.type,
        default: field.default,
        group: field.group,
        passedToDeepspeedConfig: /^(?:NeoXArgs|GlobalConfig)DeepspeedConfig$/.test(field.group),
        deepspeedLauncherArg: /^(?:NeoXArgs|GlobalConfig)DeepspeedRunner$/.test(field.group),
        presentAtV1: shippedArg?.presentAtV1 ?? false,
        presentAtV2: shippedArg?.presentAtV2 ?? false,
      });
    }
  }
  if (paths.length === 0) return null;
  return {
    source: "repository",
    paths,
    args,
    choiceLists,
    ...(framework === undefined ? {} : { framework }),
  };
}
