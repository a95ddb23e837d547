/** A place in a file. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface Span {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Something a parser could not understand, or an expected oddity worth telling the user about. */
export interface Diagnostic {
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Short machine-readable kind: `yaml-syntax`, `invalid-requirement`, `too-large`, `binary`, ... */
  code: string;
  message: string;
}

/** A snapshot of files: list the paths, read one. Implemented over the file system, git or the GitHub API. */
export interface Workspace {
  /** Every file path in the snapshot, `/`-separated, relative to the repository root. */
  list(): Promise<string[]>;
  /** The file's text, or null when it does not exist or is not text. */
  read(path: string): Promise<string | null>;
  /**
   * Why `read(path)` gave null for a listed file (binary, not UTF-8, too large), once it has been read;
   * null when the file is readable, missing, or the workspace cannot say.
   */
  readProblem?(path: string): FileProblem | null;
  /**
   * How many reads the analysis may have in flight at once: a local disk answers several together. Absent
   * (a remote API, where concurrent requests count against rate limits): one at a time.
   */
  readonly readAhead?: number;
}

/** Why a file is not read as text: what `decodeText` (core/parse/decode-text.ts) found. */
export interface FileProblem {
  code: "binary" | "not-utf8" | "too-large";
  /** Says what is wrong, without the path: "is not valid UTF-8: ...". */
  message: string;
  /** Where, when a place is known (the first byte that is not UTF-8); else line 1, column 1. */
  line: number;
  column: number;
}
