import { buildEnvironment } from "../../../../src/core/environment/build-environment.js";
import type { RepoConfig } from "../../../../src/core/engine/repo-config.js";
import { refKey, type WorkspaceModel } from "../../../../src/core/engine/types.js";
import { createTableResolver, loadKnowledge } from "../../../../src/core/knowledge/index.js";
import type { Pin, RefResolution, Span } from "../../../../src/core/model/index.js";

/** A one-line span on `line` of `path`, `width` characters from `column`. */
export function span(path: string, line: number, column: number, width: number): Span {
  return { path, line, column, endLine: line, endColumn: column + width };
}

/** A PyPI-style pin of `name` written on line `line` of requirements.txt, e.g. `deepspeed==0.12.6`. */
export function pypiPin(name: string, specifier: string | null, line = 1, path = "requirements.txt"): Pin {
  const exact = specifier !== null && /^==(?!=)[^,*]+$/.test(specifier) ? specifier.slice(2) : null;
  return {
    path,
    source: "requirements",
    name,
    rawName: name,
    kind: specifier === null ? "unpinned" : exact !== null ? "exact" : "range",
    specifier,
    version: exact,
    extras: [],
    marker: null,
    editable: false,
    constraint: false,
    vcs: null,
    egg: null,
    url: null,
    provider: name === "deepspeed" ? "pypi" : null,
    span: span(path, line, 1, name.length + (specifier?.length ?? 0)),
    nameSpan: span(path, line, 1, name.length),
    specifierSpan: specifier === null ? null : span(path, line, 1 + name.length, specifier.length),
    includedFrom: null,
  };
}

/** A git pin of `deepspeed` on `owner/name` at `ref`, written `deepspeed @ git+https://github.com/owner/name.git@ref`. */
export function gitPin(
  owner: string,
  name: string,
  ref: string | null,
  line = 1,
  path = "requirements.txt",
): Pin {
  const url = `https://github.com/${owner}/${name}.git`;
  const text = `deepspeed @ git+${url}${ref === null ? "" : `@${ref}`}`;
  const isDeeper = owner.toLowerCase() === "eleutherai" && name.toLowerCase() === "deeperspeed";
  const isUpstream =
    ["microsoft", "deepspeedai"].includes(owner.toLowerCase()) && name.toLowerCase() === "deepspeed";
  return {
    path,
    source: "requirements",
    name: "deepspeed",
    rawName: "deepspeed",
    kind: "vcs",
    specifier: null,
    version: null,
    extras: [],
    marker: null,
    editable: false,
    constraint: false,
    vcs: {
      url,
      ref,
      refKind: ref === null ? null : /^[0-9a-f]{7,40}$/i.test(ref) ? "commit" : "name",
      refField: ref === null ? null : "at",
      repo: { host: "github.com", owner, name },
    },
    egg: null,
    url: null,
    provider: isDeeper ? "deeperspeed" : isUpstream ? "deepspeed-git" : "other",
    span: span(path, line, 1, text.length),
    nameSpan: span(path, line, 1, "deepspeed".length),
    specifierSpan: ref === null ? null : span(path, line, text.length - ref.length + 1, ref.length),
    includedFrom: null,
  };
}

/** The model a rule context needs, with `refs` resolved through the shipped table as analyze does. */
export async function modelWith(pins: Pin[], assumed: RepoConfig["assume"] = {}): Promise<WorkspaceModel> {
  const knowledge = loadKnowledge();
  const resolver = createTableResolver(knowledge.deeperspeedCommits);
  const ancestors = ["3362dad87d1a8c1a5e9414e02a5d09b38064c064", "a48c6493f1fc6a1652723ab5542f7703be6f03a5"];
  const refs: Record<string, RefResolution> = {};
  const wanted: Array<[string, string]> = [];
  for (const pin of pins) {
    if (pin.provider === "deeperspeed" && pin.vcs?.ref && pin.vcs.repo)
      wanted.push([`${pin.vcs.repo.owner}/${pin.vcs.repo.name}`, pin.vcs.ref]);
  }
  if (assumed.deeperspeed !== undefined) wanted.push(["EleutherAI/DeeperSpeed", assumed.deeperspeed]);
  for (const [repo, ref] of wanted) refs[refKey(repo, ref)] = await resolver.resolve(repo, ref, ancestors);
  return {
    configs: [],
    configSets: [],
    dependencyFiles: [],
    pins,
    neoxArgs: { source: "shipped", paths: [], args: {} },
    environment: buildEnvironment({
      neoxArgs: { source: "shipped", paths: [], args: {} },
      dependencyFiles: [],
    }),
    refs,
    repoConfig: { path: null, problems: [], expiredIgnores: [] },
  };
}
