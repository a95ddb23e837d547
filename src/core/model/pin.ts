import type { Diagnostic, Span } from "./location.js";

export type PinKind = "exact" | "range" | "unpinned" | "vcs" | "url" | "path" | "locked";

/** Who provides a `deepspeed` requirement. */
export type Provider = "pypi" | "deeperspeed" | "deepspeed-git" | "other";

export type PinSource =
  | "requirements"
  | "constraints"
  | "pyproject"
  | "poetry"
  | "uv"
  | "setup.py"
  | "setup.cfg"
  | "conda"
  | "pipfile"
  | "pipfile.lock"
  | "poetry.lock"
  | "uv.lock"
  | "dockerfile";

export interface VcsRef {
  /** The repository URL without `git+` and without the ref, e.g. `https://github.com/EleutherAI/DeeperSpeed.git`. */
  url: string;
  /** The ref as written (`91d1c55b...`, `v3.0`, `main`), or null when none is given. */
  ref: string | null;
  /** What the ref looks like: a hex commit SHA (7 to 40 chars), or a name (tag or branch; unknown which offline). */
  refKind: "commit" | "name" | null;
  /** How the ref was given: `@ref` in a URL, Poetry `rev`/`tag`/`branch`, uv `rev`/`tag`/`branch`. */
  refField: "at" | "rev" | "tag" | "branch" | null;
  /** GitHub-style owner/name when the URL names one (case as written), else null. */
  repo: { host: string; owner: string; name: string } | null;
}

/** One requirement of a Python package, where it is written and how. */
export interface Pin {
  path: string;
  source: PinSource;
  /** PEP 503 normalised name (`flash-attn`, `deepspeed`). */
  name: string;
  /** The name as written (`flash_attn`, `DeepSpeed`), or the `#egg=` name for a bare VCS line. */
  rawName: string;
  kind: PinKind;
  /** The version specifier as written (`==0.12.6`, `>=0.10,<0.11`), normalised spacing; null when none. */
  specifier: string | null;
  /** For `locked` pins, the locked version; for `exact`, the version in `==`. */
  version: string | null;
  extras: string[];
  /** The environment marker as written (`python_version >= "3.8"`), or null. */
  marker: string | null;
  editable: boolean;
  /** True for `-c` constraints and `constraints*.txt`: limits a version without requiring the package. */
  constraint: boolean;
  vcs: VcsRef | null;
  /** The `#egg=` name, when given. */
  egg: string | null;
  /** For `url`/`path` kinds: the URL or path. */
  url: string | null;
  /** Only for `deepspeed`: who provides it. Null for other packages. */
  provider: Provider | null;
  /** The whole requirement (one line, or the TOML value). */
  span: Span;
  nameSpan: Span;
  /** The specifier, or for VCS pins the ref (`@91d1c55b...`), where a fix would edit. Null when absent. */
  specifierSpan: Span | null;
  /** When reached through `-r`/`-c`, the file that included it. */
  includedFrom: string | null;
  /**
   * `specifier` in PEP 440 syntax, for the versioning module: the same text for PEP 508 sources, the
   * translation for Poetry (`^1.2` -> `>=1.2,<2.0`, `1.2.3` -> `==1.2.3`) and conda (`=2.1` -> `==2.1.*`),
   * `==<version>` for lock entries; null when there is no specifier or no PEP 440 equivalent (Poetry `||`).
   * Optional so that pins built by hand (tests) need not set it; the parsers always do.
   */
  pep440Specifier?: string | null;
}

/** One dependency file, parsed. */
export interface DependencyFile {
  path: string;
  source: PinSource;
  pins: Pin[];
  /** Files it includes with `-r` (requirements) or `-c` (constraints), as repository paths. */
  includes: Array<{ path: string; constraint: boolean; span: Span }>;
  diagnostics: Diagnostic[];
}
