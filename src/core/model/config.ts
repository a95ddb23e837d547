import type { Diagnostic, Span } from "./location.js";

/** A JSON value, as PyYAML (YAML 1.1, FullLoader) gives it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The YAML 1.1 type PyYAML resolved a scalar to. `timestamp` (an unquoted `2024-01-31`) becomes a Python
 * date, which NeoX accepts for no argument; its `value` is the text as written.
 */
export type ScalarType = "null" | "bool" | "int" | "float" | "str" | "timestamp";

/** A value in a config file, with its position and, for maps and sequences, its children. */
export type ConfigNode = ScalarNode | MapNode | SeqNode;

interface NodeBase {
  /** The plain value (what `yaml.load` returns for this node). */
  value: JsonValue;
  span: Span;
}
export interface ScalarNode extends NodeBase {
  kind: "scalar";
  type: ScalarType;
  /** The source text of the scalar, e.g. `1e-8`, `True`, `"bf16"`. */
  raw: string;
}
export interface MapNode extends NodeBase {
  kind: "map";
  /** Entries in source order; a key written twice appears twice (the last one wins in `value`). */
  entries: ConfigEntry[];
}
export interface SeqNode extends NodeBase {
  kind: "seq";
  items: ConfigNode[];
}

/** One `key: value` pair. */
export interface ConfigEntry {
  /** The key as NeoX sees it: top-level keys have `-` replaced by `_`; nested keys are as written. */
  key: string;
  /** The key as written in the file (`train-iters`). */
  spelling: string;
  keySpan: Span;
  node: ConfigNode;
}

/** A top-level key written more than once in one file, or across the files of a set. */
export interface DuplicateKey {
  /** Normalised key. */
  key: string;
  /** Every place it is written, in load order; the last one is the value PyYAML (in one file) keeps. */
  entries: ConfigEntry[];
  /** `file`: twice in one file (PyYAML keeps the last). `set`: in two files of a set. */
  scope: "file" | "set";
  /** For `set`: whether NeoX's own duplicate check catches it (it misses "underscore first, hyphen later"). */
  caughtByNeox?: boolean;
}

/** One GPT-NeoX YAML file, parsed. */
export interface ConfigFile {
  path: string;
  /** False when the YAML could not be loaded (see diagnostics); `keys` is then empty. */
  ok: boolean;
  /** Top-level entries by normalised key (the last one written wins, as in PyYAML). */
  keys: Record<string, ConfigEntry>;
  /** The whole top-level map, when `ok`. */
  root: MapNode | null;
  duplicates: DuplicateKey[];
  /** True when the file is clearly a fragment meant to be merged with others (few keys, no model shape). */
  fragment: boolean;
  diagnostics: Diagnostic[];
}

/**
 * A value NeoX would use, and where it came from (a typed view of `readConfig`, which decides the state).
 * - `set`: written in a config (`at` points at the value, `via` names the key path when derived).
 * - `default`: not written, and nothing else can write it (a whole run, or a written dict), so the default applies.
 * - `unknown`: not written in a fragment (another file may set it), or not derivable.
 */
export type Sourced<T> =
  | { state: "set"; value: T; at: Span; via: string }
  | { state: "default"; value: T }
  | { state: "unknown"; reason: string };

export type Precision = "bfloat16" | "fp16" | "fp32";

/** The effective values the rules need, derived as NeoX derives them. */
export interface EffectiveConfig {
  precision: Sourced<Precision>;
  /** Conflicts between `precision`, `fp16.enabled` and `bf16.enabled` (NeoX or DeepSpeed assert). */
  precisionConflicts: Array<{ message: string; spans: Span[] }>;
  zeroStage: Sourced<number>;
  finetune: Sourced<boolean>;
  noLoadOptim: Sourced<boolean>;
  /** The checkpoint path; `default` null means nothing is loaded. */
  load: Sourced<string | null>;
  pipeParallelSize: Sourced<number>;
  modelParallelSize: Sourced<number>;
  /** `data_types.grad_accum_dtype`, default null (DeepSpeed picks). */
  gradAccumDtype: Sourced<string | null>;
}

/** The files NeoX merges for one run (`deepy.py train.py a.yml b.yml`); a single file is a set of one. */
export interface ConfigSet {
  /** A name for messages: the declared name, or the file path for a set of one. */
  name: string;
  /** Declared in `.github/neox-check.yml`, or implied (one file). */
  declared: boolean;
  files: ConfigFile[];
  /** Merged top-level entries (first file wins on a NeoX error; the later value for the missed case). */
  keys: Record<string, ConfigEntry>;
  /** Keys repeated across files. */
  duplicates: DuplicateKey[];
  /** Files of the set that share a basename (NeoX asserts). */
  basenameClashes: Array<{ basename: string; paths: string[] }>;
  /** True when the set is a whole run: not a lone fragment. Rules judge missing keys only on whole runs. */
  whole: boolean;
  effective: EffectiveConfig;
}
