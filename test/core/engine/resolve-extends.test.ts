/**
 * `_extends` in the CLI (offline, from the local checkout) against the App (Probot's config plugin,
 * which `context.config` runs): the same files give the same configuration.
 */
import { composeConfigGet } from "@probot/octokit-plugin-config";
import { analyze } from "../../../src/core/analyze.js";
import { loadRepoConfig } from "../../../src/core/engine/load-repo-config.js";
import { parseExtends, resolveExtends } from "../../../src/core/engine/resolve-extends.js";
import { memoryWorkspace } from "../../../src/core/memory-workspace.js";
import { checkedRepoConfigSchema } from "../../../src/core/analyze/repo-config-schema.js";

const CONFIG = ".github/neox-check.yml";
const TODAY = "2026-11-27";

/** A stand-in for an Octokit that serves raw file contents of `owner/repo` from memory, 404 otherwise. */
function fakeOctokit(repos: Record<string, Record<string, string>>) {
  const endpoint = (params: { owner: string; repo: string; path: string }) => ({
    url: `https://api.github.invalid/repos/${params.owner}/${params.repo}/contents/${params.path}`,
  });
  const request = async (params: { owner: string; repo: string; path: string }) => {
    const text = repos[`${params.owner}/${params.repo}`]?.[params.path];
    if (text === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
    return { data: text, headers: { "content-type": "text/plain; charset=utf-8" } };
  };
  return { request: Object.assign(request, { endpoint }) };
}

/** What the App gets: Probot's merged value, validated as analyze validates it. */
async function appConfig(repos: Record<string, Record<string, string>>) {
  const octokit = fakeOctokit(repos) as unknown as Parameters<typeof composeConfigGet>[0];
  const { config } = await composeConfigGet(octokit, { owner: "acme", repo: "models", path: CONFIG });
  return loadRepoConfig({ path: CONFIG, value: config }, checkedRepoConfigSchema);
}

/** What the CLI gets: the local checkout of acme/models. */
async function cliConfig(files: Record<string, string>) {
  const local = files[CONFIG] ?? "";
  const chain = await resolveExtends(
    { path: CONFIG, text: local },
    { repository: "acme/models", read: async (p) => files[p] ?? null, defaultPath: CONFIG },
  );
  const loaded = loadRepoConfig(chain.sources, checkedRepoConfigSchema);
  return { config: loaded.config, problems: [...chain.problems, ...loaded.problems] };
}

describe("parseExtends", () => {
  it.each<[string, ReturnType<typeof parseExtends>]>([
    ["base", { owner: null, repo: "base", path: CONFIG }],
    ["acme/base", { owner: "acme", repo: "base", path: CONFIG }],
    [".github", { owner: null, repo: ".github", path: CONFIG }],
    ["acme/models:.github/neox-base.yml", { owner: "acme", repo: "models", path: ".github/neox-base.yml" }],
    ["models:configs/shared.yaml", { owner: null, repo: "models", path: "configs/shared.yaml" }],
    ["acme/models:.github/base.json", null],
    ["a b", null],
    ["-acme/x", null],
  ])("%j", (value, expected) => {
    expect(parseExtends(value, CONFIG)).toEqual(expected);
  });
});

describe("_extends: the CLI resolves this repository's files as the App does", () => {
  const local = [
    "_extends: models:.github/neox-base.yml",
    "fail_on: warning",
    "rules:",
    "  NXC204: off",
    "",
  ].join("\n");
  const base = [
    "_extends: acme/models:.github/neox-root.yml",
    "fail_on: never",
    "scope: all",
    "rules:",
    "  NXC101: warning",
    "",
  ].join("\n");
  const root = ["exclude: ['third_party/**']", "scope: new", ""].join("\n");
  const files = { [CONFIG]: local, ".github/neox-base.yml": base, ".github/neox-root.yml": root };

  it("merges the chain's top-level keys, nearest file first, the same way", async () => {
    const app = await appConfig({ "acme/models": files });
    const cli = await cliConfig(files);
    expect(app.problems).toEqual([]);
    expect(cli.problems).toEqual([]);
    expect(cli.config).toEqual(app.config);
    // Top-level keys are replaced, not deep-merged: NXC101 from the base is gone, as in Probot.
    expect(cli.config).toMatchObject({
      fail_on: "warning",
      scope: "all",
      exclude: ["third_party/**"],
      rules: { NXC204: "off" },
    });
    expect(cli.config).not.toHaveProperty("_extends");
  });

  it("points at the extended file for a problem that comes from it", async () => {
    const broken = { ...files, ".github/neox-base.yml": base.replace("scope: all", "scope: everything") };
    const cli = await cliConfig(broken);
    expect(cli.problems).toEqual([
      {
        message: expect.stringMatching(/^scope: /),
        span: expect.objectContaining({ path: ".github/neox-base.yml", line: 3, column: 8 }),
      },
    ]);
  });

  it("stops on a cycle with an error at the _extends line", async () => {
    const cyclic = { ...files, ".github/neox-root.yml": "_extends: models\n" };
    const cli = await cliConfig(cyclic);
    expect(cli.problems).toEqual([
      expect.objectContaining({
        extends: true,
        message: expect.stringContaining("leads back to .github/neox-check.yml"),
        span: expect.objectContaining({ path: ".github/neox-root.yml", line: 1 }),
      }),
    ]);
  });
});

describe("_extends in analyze (the CLI, the Action and the hook)", () => {
  const flagged = {
    "configs/finetune.yml": "finetune: true\nload: ckpt\nbf16: { enabled: true }\n",
    "requirements.txt": "deepspeed==0.12.6\n",
  };

  it("warns that another repository cannot be read offline, and applies the local keys", async () => {
    const text = "# shared settings\n_extends: acme/neox-policies\nfail_on: never\n";
    const report = await analyze(memoryWorkspace({ ...flagged, [CONFIG]: text }), {
      today: TODAY,
      extends: { repository: "acme/models" },
    });
    const nxc001 = report.findings.filter((f) => f.ruleId === "NXC001");
    expect(nxc001).toEqual([
      expect.objectContaining({
        severity: "warning",
        messageId: "extends",
        location: expect.objectContaining({ path: CONFIG, line: 2, column: 1 }),
        message: expect.stringContaining("never fetches over the network"),
      }),
    ]);
    expect(report.failOn).toBe("never");
    expect(report.failed).toBe(false);
  });

  it("treats the org's .github repository as another repository", async () => {
    const report = await analyze(memoryWorkspace({ [CONFIG]: "_extends: .github\n" }), {
      today: TODAY,
      extends: { repository: "acme/models" },
    });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.location.line])).toEqual([
      ["NXC001", "warning", 1],
    ]);
  });

  it("reads a file of this repository and applies its keys", async () => {
    const report = await analyze(
      memoryWorkspace({
        ...flagged,
        [CONFIG]: "_extends: acme/models:.github/neox-base.yml\n",
        ".github/neox-base.yml": "rules:\n  NXC999: off\nfail_on: never\n",
      }),
      { today: TODAY, extends: { repository: "ACME/Models" } },
    );
    const nxc001 = report.findings.filter((f) => f.ruleId === "NXC001");
    // The extended file is validated too, and its problem points into it.
    expect(nxc001.map((f) => [f.severity, f.location.path, f.location.line, f.location.column])).toEqual([
      ["error", ".github/neox-base.yml", 2, 3],
    ]);
  });

  it("says so when the repository is unknown", async () => {
    const report = await analyze(memoryWorkspace({ [CONFIG]: "_extends: models\n" }), { today: TODAY });
    expect(report.findings[0]?.message).toContain("GITHUB_REPOSITORY");
  });

  it("rejects an _extends Probot rejects, as an error", async () => {
    const report = await analyze(memoryWorkspace({ [CONFIG]: "_extends: [a, b]\n" }), { today: TODAY });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.messageId])).toEqual([
      ["NXC001", "error", "extends"],
    ]);
  });
});
