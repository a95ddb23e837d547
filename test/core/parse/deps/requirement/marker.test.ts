import { checkMarker } from "../../../../../src/core/parse/deps/requirement/marker.js";

describe("environment markers", () => {
  it.each([
    'python_version < "3.10"',
    'platform_machine == "x86_64" and sys_platform == "linux"',
    'python_version >= "3.8" and (extra == "dev" or extra == \'test\')',
    '"linux" in sys_platform',
    'sys_platform not in "win32"',
    "os.name == 'posix'",
    'python_version === "3.8"',
  ])("accepts %s", (marker) => {
    expect(checkMarker(marker)).toBeNull();
  });

  it.each([
    ['python_version < "3.10" or', 26, /ends too early/],
    ['(python_version < "3"', 21, /expected `\)`/],
    ['python_versio < "3"', 0, /unknown marker variable/],
    ['python_version "3"', 15, /comparison operator/],
    ["python_version < '3", 17, /unterminated string/],
    ["", 0, /expected a marker/],
    ["python_version < 3.8", 17, /unexpected character `3`/],
  ])("rejects %s at index %d", (marker, at, message) => {
    const problem = checkMarker(marker);
    expect(problem?.at).toBe(at);
    expect(problem?.message).toMatch(message);
  });
});
