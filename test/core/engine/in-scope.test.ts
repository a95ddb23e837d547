import { countsInScope } from "../../../src/core/engine/in-scope.js";
import type { ReportedFinding } from "../../../src/core/model/index.js";
import {
  configSuppressedFinding,
  finding,
  finetuneFinding,
  fixedFinding,
  inheritedFinding,
  inlineSuppressedFinding,
  span,
} from "../../fixtures/report.js";

/** An inherited broken repo config. */
const inheritedRepoConfig = finding({
  ruleId: "NXC001",
  ruleName: "repo-config",
  severity: "error",
  message: "`.github/neox-check.yml` is not valid.",
  location: span(".github/neox-check.yml", 1, 1, 2),
  status: "existing",
  fingerprint: "NXC001:.github/neox-check.yml",
});

describe("countsInScope", () => {
  it.each<[string, ReportedFinding, "new" | "all", boolean, boolean]>([
    ["a new finding, scope new, compared", finetuneFinding, "new", true, true],
    ["an inherited finding, scope new, compared", inheritedFinding, "new", true, false],
    ["an inherited finding, scope all, compared", inheritedFinding, "all", true, true],
    ["an inherited finding, scope new, nothing compared", inheritedFinding, "new", false, true],
    ["an inherited NXC001, scope new, compared", inheritedRepoConfig, "new", true, true],
    ["a fixed finding, scope all", fixedFinding, "all", true, false],
    ["an inline-suppressed finding, scope all", inlineSuppressedFinding, "all", true, false],
    ["a config-suppressed finding, scope all", configSuppressedFinding, "all", false, false],
  ])("%s", (_name, f, scope, compared, expected) => {
    expect(countsInScope(f, { scope, compared })).toBe(expected);
  });
});
