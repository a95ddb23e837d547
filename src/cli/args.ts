import { parseArgs } from "node:util";
import type { Report } from "../core/model/index.js";

/** A mistake on the command line: exit code 2 with this message and a pointer to `--help`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type CheckFormat = "text" | "json" | "sarif" | "markdown" | "github";
export type InspectFormat = "text" | "json";
export type FailOn = Report["failOn"];

export type Command =
  | { name: "help"; topic: "inspect" | "check" | null }
  | { name: "version" }
  | { name: "inspect"; paths: string[]; format: InspectFormat }
  | {
      name: "check";
      paths: string[];
      format: CheckFormat;
      base: string | null;
      config: string | null;
      failOn: FailOn | null;
    };

const CHECK_FORMATS: readonly CheckFormat[] = ["text", "json", "sarif", "markdown", "github"];
const INSPECT_FORMATS: readonly InspectFormat[] = ["text", "json"];
const FAIL_ON: readonly FailOn[] = ["error", "warning", "never"];

export const USAGE = `Usage: neox-check <command> [options] [paths...]

Commands:
  check [paths...]     Check GPT-NeoX configs and dependency pins; report findings.
  inspect [paths...]   Print what neox-check understood: configs, effective values, pins.

Paths: files or directories (default: the current directory). One directory is the root of the
check; otherwise the current directory is the root and only the named files and directories are read.

check options:
  --format <f>         text (default), json, sarif, markdown or github
  --base <git-ref>     Compare with the merge base of HEAD and <git-ref>; report what is new
  --config <file>      Read the repo configuration from <file> instead of .github/neox-check.yml
  --fail-on <level>    error (default from the repo config), warning or never

inspect options:
  --format <f>         text (default) or json

  -h, --help           Show this help
  -v, --version        Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on, 2 usage or internal error.
Docs: docs/cli.md`;

/** Parses the command line (without `node` and the script). Throws {@link UsageError} on any mistake. */
export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === "help") {
    const topic = rest[0] === "inspect" || rest[0] === "check" ? rest[0] : null;
    return { name: "help", topic };
  }
  if (first === "-h" || first === "--help") return { name: "help", topic: null };
  if (first === "-v" || first === "--version") return { name: "version" };
  if (first !== "check" && first !== "inspect") {
    throw new UsageError(
      first.startsWith("-")
        ? `unknown option: ${first}`
        : `unknown command: ${first} (commands: check, inspect)`,
    );
  }

  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        base: { type: "string" },
        config: { type: "string" },
        "fail-on": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help", topic: first };

  if (first === "inspect") {
    for (const flag of ["base", "config", "fail-on"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} is an option of check, not inspect`);
    }
    return {
      name: "inspect",
      paths: positionals,
      format: oneOf("--format", values.format ?? "text", INSPECT_FORMATS),
    };
  }
  return {
    name: "check",
    paths: positionals,
    format: oneOf("--format", values.format ?? "text", CHECK_FORMATS),
    base: nonEmpty("--base", values.base),
    config: nonEmpty("--config", values.config),
    failOn: values["fail-on"] === undefined ? null : oneOf("--fail-on", values["fail-on"], FAIL_ON),
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  return found;
}

function nonEmpty(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === "") throw new UsageError(`${flag} needs a value`);
  return value;
}

/** Node's messages are good but long; keep the first sentence and the option's name. */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(?<option>[^']+)'/.exec(message)?.groups?.option;
  if (unknown !== undefined) return `unknown option: ${unknown}`;
  const missing = /Option '(?<option>[^']+)' argument missing/.exec(message)?.groups?.option;
  if (missing !== undefined) return `${missing.replace(/^-\w, /, "").replace(/ <value>$/, "")} needs a value`;
  return message.split(/\.\s/)[0] ?? message;
}
