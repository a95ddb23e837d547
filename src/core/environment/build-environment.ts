import type {
  DeepSpeedEnvironment,
  DeepSpeedInstallPath,
  DependencyFile,
  Environment,
  NeoxArgsInfo,
  Pin,
} from "../model/index.js";
import { neoxEnvironment, type NeoxCodeFile } from "./neox-environment.js";

/** The inputs the environment is read from: the parsed snapshot. */
export interface EnvironmentInputs {
  neoxArgs: NeoxArgsInfo;
  dependencyFiles: DependencyFile[];
  /** The repository's own NeoX code files the known checks live in (empty or absent: none read). */
  neoxCode?: NeoxCodeFile[];
  /** Training entry points found where no argument code could be read (`train.py`, `deepy.py`). */
  unreadTrainingCode?: string[];
}

/** What runs this snapshot's configs: its NeoX and the DeepSpeed each install path installs. */
export function buildEnvironment(inputs: EnvironmentInputs): Environment {
  return {
    neox: neoxEnvironment(inputs.neoxArgs, inputs.neoxCode ?? [], inputs.unreadTrainingCode ?? []),
    deepspeed: deepspeedEnvironment(inputs.dependencyFiles),
  };
}

/**
 * One install path per dependency file that no other file includes (`-r`/`-c`), with the `deepspeed`
 * pins it reaches through its includes.
 */
function deepspeedEnvironment(files: DependencyFile[]): DeepSpeedEnvironment {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const included = new Set(files.flatMap((f) => f.includes.map((i) => i.path)));
  const paths: DeepSpeedInstallPath[] = [];
  for (const file of files) {
    if (included.has(file.path)) continue;
    const pins: Pin[] = [];
    const seen = new Set<string>();
    const visit = (f: DependencyFile): void => {
      if (seen.has(f.path)) return;
      seen.add(f.path);
      pins.push(...f.pins.filter((p) => p.provider !== null && !p.constraint && p.path === f.path));
      for (const include of f.includes) {
        const next = byPath.get(include.path);
        if (next) visit(next);
      }
    };
    visit(file);
    paths.push({ source: file.path, pins });
  }
  const pinning = paths.filter((p) => p.pins.length > 0);
  const described = new Set(pinning.map((p) => p.pins.map(describe).join(" + ")));
  const agree = described.size <= 1;
  const summary =
    pinning.length === 0
      ? "no DeepSpeed requirement found"
      : agree
        ? `${[...described][0]} (${pinning.map((p) => p.source).join(", ")})`
        : `install paths disagree: ${pinning.map((p) => `${p.pins.map(describe).join(" + ")} (${p.source})`).join("; ")}`;
  return { paths, agree, summary };
}

function describe(pin: Pin): string {
  const who = pin.provider === "deeperspeed" ? "DeeperSpeed" : "DeepSpeed";
  if (pin.vcs?.ref) return `${who} @${pin.vcs.ref.slice(0, 8)}`;
  if (pin.kind === "unpinned") return `${who} (unpinned)`;
  return `${who} ${pin.version ?? pin.specifier ?? pin.kind}`;
}
