import type { PinSource } from "../../model/index.js";

/** Text files in a `requirements/` folder that are documentation, not requirements. */
const NOT_REQUIREMENTS =
  /^(?:readme|license|licence|notice|changelog|changes|authors|copying|contributing)\b/i;

/**
 * Which kind of dependency file a repository path is, or null. Names are matched case-insensitively
 * on the last path segment, in any folder:
 * - `*requirement*.txt` / `.in` (`requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`,
 *   `62aded2-requirements.txt`, pip-tools' `requirements.in`), and every `.txt`/`.in` file below a
 *   folder named `requirements` (except README/LICENSE-like names): `requirements`;
 * - `*constraint*.txt` / `.in`: `constraints` (wins over the two rules above);
 * - `pyproject.toml` (also with a prefix: `a8f7913-pyproject.toml`), `setup.py`, `setup.cfg`,
 *   `Pipfile`, `Pipfile.lock`, `poetry.lock`, `uv.lock`;
 * - `environment.yml`, `environment-<x>.yml`, `<x>-environment.yml` (`.yaml` too): `conda`;
 * - `Dockerfile`, `Containerfile`, `Dockerfile.<x>`, `Dockerfile-<x>`, `<x>.Dockerfile`: `dockerfile`.
 */
export function dependencySourceFor(path: string): PinSource | null {
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  const base = segments[segments.length - 1] ?? "";
  const lower = base.toLowerCase();
  switch (lower) {
    case "pyproject.toml":
      return "pyproject";
    case "setup.py":
      return "setup.py";
    case "setup.cfg":
      return "setup.cfg";
    case "pipfile":
      return "pipfile";
    case "pipfile.lock":
      return "pipfile.lock";
    case "poetry.lock":
      return "poetry.lock";
    case "uv.lock":
      return "uv.lock";
    case "dockerfile":
    case "containerfile":
      return "dockerfile";
  }
  if (/(?:^|[-_.])pyproject\.toml$/.test(lower)) return "pyproject";
  if (/^(?:[^/]*[-_.])?environment(?:[-_.][^/]*)?\.ya?ml$/.test(lower)) return "conda";
  if (/^dockerfile[.\-_]./.test(lower) || /.\.dockerfile$/.test(lower)) return "dockerfile";
  if (!/\.(?:txt|in)$/.test(lower)) return null;
  if (lower.includes("constraint")) return "constraints";
  if (lower.includes("requirement")) return "requirements";
  const inFolder = segments.slice(0, -1).some((s) => s.toLowerCase() === "requirements");
  return inFolder && !NOT_REQUIREMENTS.test(lower) ? "requirements" : null;
}
