import { dependencySourceFor } from "../../../../src/core/parse/deps/index.js";

describe("dependencySourceFor", () => {
  it.each([
    ["requirements.txt", "requirements"],
    ["requirements/requirements.txt", "requirements"],
    ["requirements/requirements-flashattention.txt", "requirements"],
    ["requirements/62aded2-requirements.txt", "requirements"],
    ["requirements/gpu/cuda121.txt", "requirements"],
    ["requirements/base.in", "requirements"],
    ["dev-requirements.txt", "requirements"],
    ["docs/Requirements_Docs.TXT", "requirements"],
    ["requirements.in", "requirements"],
    ["constraints.txt", "constraints"],
    ["requirements/constraints-cuda.txt", "constraints"],
    ["pyproject.toml", "pyproject"],
    ["requirements/pyproject.toml", "pyproject"],
    ["requirements/a8f7913-pyproject.toml", "pyproject"],
    ["setup.py", "setup.py"],
    ["pkg/setup.cfg", "setup.cfg"],
    ["environment.yml", "conda"],
    ["envs/environment-cuda.yaml", "conda"],
    ["requirements/755181b-environment.yml", "conda"],
    ["Pipfile", "pipfile"],
    ["Pipfile.lock", "pipfile.lock"],
    ["poetry.lock", "poetry.lock"],
    ["uv.lock", "uv.lock"],
    ["Dockerfile", "dockerfile"],
    ["docker/Dockerfile.gpu", "dockerfile"],
    ["docker/Dockerfile-cuda", "dockerfile"],
    ["train.Dockerfile", "dockerfile"],
    ["./requirements.txt", "requirements"],
  ])("%s is %s", (path, source) => {
    expect(dependencySourceFor(path)).toBe(source);
  });

  it.each([
    "configs/125M.yml",
    "configs/environment_notes.md",
    "requirements/README.md",
    "requirements/README.txt",
    "requirements/LICENSE.txt",
    "notes.txt",
    "setup.py.bak",
    "src/setup_utils.py",
    ".dockerignore",
    "environmentalism.yml",
    "mypyproject.toml.orig",
    "",
  ])("%s is not a dependency file", (path) => {
    expect(dependencySourceFor(path)).toBeNull();
  });
});
