import { DOCS_URL } from "../core/project.js";
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

export type HelpTopic = "inspect" | "check" | "explain" | "rules";

export type Command =
  | { name: "help"; topic: HelpTopic | null }
  | { name: "version" }
  | { name: "inspect"; paths: string[]; format: InspectFormat }
  | {
      name: "check";
      paths: string[];
      format: CheckFormat;
      base: string | null;
      config: string | null;
      failOn: FailOn | null;
      /** Show errors only (`--quiet`); the exit code is unchanged. */
      quiet?: boolean;
      /** Write the report to this file instead of stdout (`--output-file`). */
      outputFile?: string;
      /** `--color` (true) or `--no-color` (false); absent: from the environment. */
      color?: boolean;
      /** Apply the fixes the findings carry, then report what is left (`--fix`). */
      fix?: boolean;
      /** Read one file's text from stdin, checked as this root-relative path (`--stdin --stdin-filename`). */
      stdinFilename?: string;
    }
  | { name: "explain"; ruleId: string; format: InspectFormat }
  | { name: "rules"; format: InspectFormat };

const CHECK_FORMATS: readonly CheckFormat[] = ["text", "json", "sarif", "markdown", "github"];
const INSPECT_FORMATS: readonly InspectFormat[] = ["text", "json"];
const FAIL_ON: readonly FailOn[] = ["error", "warning", "never"];
const COMMANDS = ["check", "inspect", "explain", "rules"] as const;

export const USAGE = `Usage: neox-check <command> [options] [paths...]

Commands:
  check [paths...]     Check GPT-NeoX configs and dependency pins; report findings.
  inspect [paths...]   Print what neox-check understood: configs, effective values, pins.
  explain <rule>       Explain a rule (NXC101 or its name): what, why, how to fix, references.
  rules                List every rule with its default severity.

Paths: files or directories (default: the current directory). One directory is the root of the
check; otherwise the current directory is the root and only the named files and directories are read.

check options:
  --format <f>         text (default), json, sarif, markdown or github
  --base <git-ref>     Compare with the merge base of HEAD and <git-ref>; report what is new
  --config <file>      Read the repo configuration from <file> instead of .github/neox-check.yml
  --fail-on <level>    error (default from the repo config), warning or never
  -q, --quiet          Show errors only (the exit code still follows --fail-on)
  -o, --output-file <file>  Write the report to <file> instead of stdout
  --color, --no-color  Force colours on or off (default: on for a terminal; FORCE_COLOR, NO_COLOR)
  --fix                Apply the fixes findings carry (e.g. a pin bump), say what changed, report the rest
  --stdin              Read one file from stdin; --stdin-filename <path> says which file it is

inspect, explain and rules options:
  --format <f>         text (default) or json

  -h, --help           Show this help
  -v, --version        Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on, 2 usage or internal error.
Docs: ${DOCS_URL}cli.md`;

/** Parses the command line (without `node` and the script). Throws {@link UsageError} on any mistake. */
export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === "help") {
    const topic = COMMANDS.find((c) => c === rest[0]) ?? null;
    return { name: "help", topic };
  }
  if (first === "-h" || first === "--help") return { name: "help", topic: null };
  if (first === "-v" || first === "--version") return { name: "version" };
  const command = COMMANDS.find((c) => c === first);
  if (command === undefined) {
    throw new UsageError(
      first.startsWith("-")
        ? `unknown option: ${first}`
        : `unknown command: ${first} (commands: ${COMMANDS.join(", ")})`,
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
        quiet: { type: "boolean", short: "q" },
        "output-file": { type: "string", short: "o" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        fix: { type: "boolean" },
        stdin: { type: "boolean" },
        "stdin-filename": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help", topic: command };

  if (command !== "check") {
    const checkOnly = [
      "base",
      "config",
      "fail-on",
      "quiet",
      "output-file",
      "color",
      "no-color",
      "fix",
      "stdin",
      "stdin-filename",
    ] as const;
    for (const flag of checkOnly) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} is an option of check, not ${command}`);
    }
  }
  if (command === "explain") {
    const [ruleId, ...extra] = positionals;
    if (ruleId === undefined)
      throw new UsageError("explain needs a rule id or name, e.g. neox-check explain NXC101");
    if (extra.length > 0) throw new UsageError(`explain takes one rule (got ${positionals.length})`);
    return { name: "explain", ruleId, format: oneOf("--format", values.format ?? "text", INSPECT_FORMATS) };
  }
  if (command === "rules") {
    if (positionals.length > 0) throw new UsageError(`rules takes no arguments (got ${positionals[0]})`);
    return { name: "rules", format: oneOf("--format", values.format ?? "text", INSPECT_FORMATS) };
  }
  if (command === "inspect") {
    return {
      name: "inspect",
      paths: positionals,
      format: oneOf("--format", values.format ?? "text", INSPECT_FORMATS),
    };
  }
  const stdinFilename = nonEmpty("--stdin-filename", values["stdin-filename"]);
  if (values.stdin === true && stdinFilename === null)
    throw new UsageError("--stdin needs --stdin-filename <path>: which file the text is");
  if (stdinFilename !== null && values.stdin !== true) throw new UsageError("--stdin-filename needs --stdin");
  if (values.stdin === true && positionals.length > 0)
    throw new UsageError(
      "--stdin checks the text on stdin: give no paths (the root is the current directory)",
    );
  if (values.stdin === true && values.fix === true)
    throw new UsageError("--fix edits files on disk: it cannot be used with --stdin");
  return {
    name: "check",
    paths: positionals,
    format: oneOf("--format", values.format ?? "text", CHECK_FORMATS),
    base: nonEmpty("--base", values.base),
    config: nonEmpty("--config", values.config),
    failOn: values["fail-on"] === undefined ? null : oneOf("--fail-on", values["fail-on"], FAIL_ON),
    quiet: values.quiet,
    outputFile: nonEmpty("--output-file", values["output-file"]) ?? undefined,
    color: colorFlag(argv, values.color, values["no-color"]),
    fix: values.fix,
    stdinFilename: stdinFilename ?? undefined,
  };
}

/** `--color` and `--no-color`: the last one given wins; undefined when neither is. */
function colorFlag(argv: string[], on: boolean | undefined, off: boolean | undefined): boolean | undefined {
  if (on === undefined && off === undefined) return undefined;
  if (on === undefined || off === undefined) return on ?? !off;
  return argv.lastIndexOf("--color") > argv.lastIndexOf("--no-color");
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
