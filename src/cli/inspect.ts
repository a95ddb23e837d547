import type {
  ConfigFile,
  ConfigSet,
  Diagnostic,
  JsonValue,
  NeoxEnvironment,
  Pin,
  PinKind,
  Precision,
  Provider,
  Sourced,
} from "../core/model/index.js";
import type { WorkspaceModel } from "../core/engine/types.js";
import { stripUnsafe } from "../report/escape.js";
import { compareText } from "../report/select.js";

/** `inspect --format json`: the contract documented in docs/cli.md (issue "First CLI"). */
export interface InspectJson {
  configs: Array<{
    path: string;
    fragment: boolean;
    keys: Record<string, { value: JsonValue; line: number; column: number; spelling: string }>;
    effective: {
      precision: Precision | null;
      zero_stage: number | null;
      finetune: boolean | null;
      no_load_optim: boolean | null;
      load: string | null;
    };
  }>;
  dependencies: Array<{
    path: string;
    line: number;
    column: number;
    name: string;
    kind: PinKind;
    specifier: string | null;
    provider: Provider | null;
    vcs: { url: string; ref: string | null } | null;
  }>;
  diagnostics: Array<{ path: string; line: number; column: number; message: string }>;
  /** What the configs are judged against (docs/environment.md). */
  environment: {
    neox: NeoxEnvironment & {
      /** The argument catalogue the configs are checked against: type as written and default. */
      arguments: Record<string, { type: string; default: unknown }>;
      /** Module-level choice lists of the argument code (`operator_type_CHOICES`). */
      choiceLists: Record<string, string[]>;
    };
    deepspeed: {
      paths: Array<{
        source: string;
        pins: Array<{ path: string; line: number; specifier: string | null; ref: string | null }>;
      }>;
      agree: boolean;
      summary: string;
    };
  };
}

/**
 * The model as the `inspect` contract: each config file with its top-level keys (value, position of
 * the key, spelling) and its effective values (as a set of one; `unknown` is null), every pin, and
 * every diagnostic, each list in path order.
 */
export function inspectJson(model: WorkspaceModel, diagnostics: Diagnostic[]): InspectJson {
  const configs = [...model.configs].sort((a, b) => compareText(a.path, b.path));
  const pins = [...model.pins].sort(
    (a, b) => compareText(a.path, b.path) || a.span.line - b.span.line || a.span.column - b.span.column,
  );
  return {
    configs: configs.map((file) => configJson(file, setFor(file, model.configSets))),
    dependencies: pins.map(pinJson),
    diagnostics: uniqueDiagnostics([
      ...diagnostics,
      ...model.configs.flatMap((c) => c.diagnostics),
      ...model.dependencyFiles.flatMap((d) => d.diagnostics),
    ]).map((d) => ({ path: d.path, line: d.line, column: d.column, message: d.message })),
    environment: environmentJson(model),
  };
}

function environmentJson(model: WorkspaceModel): InspectJson["environment"] {
  const { neox, deepspeed } = model.environment;
  const args = model.neoxArgs;
  const argumentsJson: InspectJson["environment"]["neox"]["arguments"] = {};
  for (const name of Object.keys(args.args).sort(compareText)) {
    const arg = args.args[name];
    if (arg !== undefined) argumentsJson[name] = { type: arg.type, default: arg.default };
  }
  return {
    neox: { ...neox, arguments: argumentsJson, choiceLists: args.choiceLists ?? {} },
    deepspeed: {
      paths: deepspeed.paths.map((p) => ({
        source: p.source,
        pins: p.pins.map((pin) => ({
          path: pin.path,
          line: pin.span.line,
          specifier: pin.specifier,
          ref: pin.vcs?.ref ?? null,
        })),
      })),
      agree: deepspeed.agree,
      summary: deepspeed.summary,
    },
  };
}

/** The set of one for this file; failing that, the first set it belongs to; null when in none. */
function setFor(file: ConfigFile, sets: ConfigSet[]): ConfigSet | null {
  const containing = sets.filter((s) => s.files.some((f) => f.path === file.path));
  return containing.find((s) => s.files.length === 1) ?? containing[0] ?? null;
}

function configJson(file: ConfigFile, set: ConfigSet | null): InspectJson["configs"][number] {
  const keys: InspectJson["configs"][number]["keys"] = {};
  for (const key of Object.keys(file.keys).sort(compareText)) {
    const entry = file.keys[key];
    if (entry === undefined) continue;
    keys[key] = {
      value: entry.node.value,
      line: entry.keySpan.line,
      column: entry.keySpan.column,
      spelling: entry.spelling,
    };
  }
  const eff = set?.effective;
  return {
    path: file.path,
    fragment: file.fragment,
    keys,
    effective: {
      precision: eff ? known(eff.precision) : null,
      zero_stage: eff ? known(eff.zeroStage) : null,
      finetune: eff ? known(eff.finetune) : null,
      no_load_optim: eff ? known(eff.noLoadOptim) : null,
      load: eff ? known(eff.load) : null,
    },
  };
}

function known<T>(value: Sourced<T>): T | null {
  return value.state === "unknown" ? null : value.value;
}

function pinJson(pin: Pin): InspectJson["dependencies"][number] {
  return {
    path: pin.path,
    line: pin.span.line,
    column: pin.span.column,
    name: pin.name,
    kind: pin.kind,
    specifier: pin.specifier,
    provider: pin.provider,
    vcs: pin.vcs === null ? null : { url: pin.vcs.url, ref: pin.vcs.ref },
  };
}

function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = JSON.stringify([d.path, d.line, d.column, d.code, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => compareText(a.path, b.path) || a.line - b.line || a.column - b.column);
}

/** `inspect` for people: per config its effective values and key count, the pins, the diagnostics. */
export function renderInspectText(data: InspectJson): string {
  const out: string[] = [];
  out.push(`Configs (${data.configs.length})`);
  for (const c of data.configs) {
    const e = c.effective;
    const show = (v: unknown): string => (v === null ? "?" : String(v));
    out.push(
      `  ${stripUnsafe(c.path)}${c.fragment ? " (fragment)" : ""}: ${Object.keys(c.keys).length} keys; precision ${show(
        e.precision,
      )}, zero stage ${show(e.zero_stage)}, finetune ${show(e.finetune)}, no_load_optim ${show(
        e.no_load_optim,
      )}, load ${e.load === null ? "?" : stripUnsafe(JSON.stringify(e.load))}`,
    );
  }
  out.push("", `Dependencies (${data.dependencies.length})`);
  for (const d of data.dependencies) {
    const how = d.vcs
      ? `${d.kind} ${stripUnsafe(d.vcs.url)}${d.vcs.ref ? `@${stripUnsafe(d.vcs.ref)}` : " (no ref)"}`
      : `${d.kind}${d.specifier ? ` ${stripUnsafe(d.specifier)}` : ""}`;
    out.push(
      `  ${stripUnsafe(d.path)}:${d.line}:${d.column}  ${stripUnsafe(d.name)}  ${how}${d.provider ? `  [${d.provider}]` : ""}`,
    );
  }
  if (data.diagnostics.length > 0) {
    out.push("", `Diagnostics (${data.diagnostics.length})`);
    for (const d of data.diagnostics) {
      out.push(
        `  ${stripUnsafe(d.path)}:${d.line}:${d.column}  ${stripUnsafe(d.message).replace(/\n/g, " ")}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
