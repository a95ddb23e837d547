/**
 * Python dependency pins: which files hold them (`dependencySourceFor`), one file parsed
 * (`parseDependencyFile`), and a set of files with their includes followed (`parseDependencies`).
 *
 * One folder per format (`requirements/`, `pyproject/`, `setup-py/`, `setup-cfg/`, `pipfile/`,
 * `poetry-lock/`, `uv-lock/`, `conda/`, `dockerfile/`); `requirement/` takes one requirement string apart
 * (PEP 508, pip's options, markers, VCS URLs, names, Poetry constraints); `toml/` reads TOML with positions
 * (dependency tables, lock packages); `shared/` is what every format parser uses (positions, the file
 * frame, pins, includes, shell words).
 *
 * Positions are 1-based lines and columns (UTF-16 code units, `endColumn` exclusive). Diagnostic codes:
 * - `invalid-requirement`: a line or string pip (or Poetry, setuptools) would reject, at the offending character;
 * - `include-not-found`, `include-cycle`, `include-url`, `include-outside-repository`: a `-r`/`-c`/`file:` include
 *   that is missing, closes a cycle, is on the network (never fetched) or leaves the repository;
 * - `invalid-toml`, `invalid-json`, `invalid-yaml`: the file does not parse (with the parser's position);
 * - `shell-redirection`, `unresolved-variable`: a Dockerfile `pip install` argument that is not what it looks like;
 * - `binary`, `too-large`, `line-too-long`, `too-many-problems`, `too-many-requirements`, `too-many-files`:
 *   input not worth reading, or the caps that keep hostile input fast;
 * - `internal-error`: a parser bug, reported on the file instead of thrown.
 */
export { dependencySourceFor } from "./source-for.js";
export { parseDependencyFile } from "./parse-dependency-file.js";
export { parseDependencies, MAX_DEPENDENCY_FILES } from "./parse-dependencies.js";
