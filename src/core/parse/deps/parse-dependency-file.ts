import type { DependencyFile } from "../../model/index.js";
import { parseCondaEnvironment } from "./conda/conda.js";
import { parseDockerfile } from "./dockerfile/dockerfile.js";
import { parsePoetryLock } from "./poetry-lock/poetry-lock.js";
import { parseUvLock } from "./uv-lock/uv-lock.js";
import { parsePipfile } from "./pipfile/pipfile.js";
import { parsePipfileLock } from "./pipfile/pipfile-lock.js";
import { parsePyproject } from "./pyproject/pyproject.js";
import { parseRequirementsFile } from "./requirements/requirements-txt.js";
import { parseSetupCfg } from "./setup-cfg/setup-cfg.js";
import { parseSetupPy } from "./setup-py/setup-py.js";
import { dependencySourceFor } from "./source-for.js";

/**
 * Parses one dependency file, choosing the format by its name (`dependencySourceFor`); a name that is
 * none of them is read as a requirements file (what `-r other.txt` names). Never throws: whatever is
 * wrong with the text becomes a diagnostic on the returned file. Includes (`-r`, `-c`, `file:`) are
 * listed as repository paths but not followed: see `parseDependencies`.
 */
export function parseDependencyFile(path: string, text: string): DependencyFile {
  const source = dependencySourceFor(path) ?? "requirements";
  try {
    switch (source) {
      case "pyproject":
      case "poetry":
      case "uv":
        return parsePyproject(path, text);
      case "setup.py":
        return parseSetupPy(path, text);
      case "setup.cfg":
        return parseSetupCfg(path, text);
      case "conda":
        return parseCondaEnvironment(path, text);
      case "pipfile":
        return parsePipfile(path, text);
      case "pipfile.lock":
        return parsePipfileLock(path, text);
      case "poetry.lock":
        return parsePoetryLock(path, text);
      case "uv.lock":
        return parseUvLock(path, text);
      case "dockerfile":
        return parseDockerfile(path, text);
      case "requirements":
      case "constraints":
        return parseRequirementsFile(path, text, source);
    }
  } catch (error) {
    // A parser bug must not take the run down: report it on the file, like any other problem.
    const message = error instanceof Error ? error.message : String(error);
    return {
      path,
      source,
      pins: [],
      includes: [],
      diagnostics: [
        { path, line: 1, column: 1, code: "internal-error", message: `could not read ${path}: ${message}` },
      ],
    };
  }
}
