import { defineRule } from "../engine/define-rule.js";
import type { Pin } from "../model/index.js";

/** Sources where `apex` means the PyPI project of that name (conda channels name NVIDIA's build otherwise). */
const PYPI_SOURCES: ReadonlySet<Pin["source"]> = new Set([
  "requirements",
  "constraints",
  "pyproject",
  "poetry",
  "uv",
  "setup.py",
  "setup.cfg",
  "pipfile",
  "dockerfile",
]);

/** A repository name that carries more than a name: `DeeperSpeed.git=deepspeed`, `DeepSpeed.git#egg`. */
function mangledName(name: string): boolean {
  return name.includes("=") || /\.git./i.test(name);
}

/** The exact triton version of a pin, when there is one. */
function exactVersion(pin: Pin): string | null {
  return (pin.kind === "exact" || pin.kind === "locked") && pin.version !== null ? pin.version : null;
}

/**
 * NXC305: requirements that cannot install, or install something else than meant: `git+git://` URLs
 * (GitHub stopped serving the unauthenticated git protocol on 2022-03-15), a git URL whose repository
 * name swallowed the `#egg=` fragment, `apex` from PyPI (an unrelated project, not NVIDIA Apex), and the
 * `triton` builds GPT-NeoX's sparse attention once pinned (dated dev builds PyPI no longer serves; 0.4.x,
 * which has no build for Python 3.10 or later).
 */
export const uninstallablePinRule = defineRule(
  {
    id: "NXC305",
    name: "uninstallable-pin",
    severity: "error",
    description:
      "A requirement that cannot install or installs the wrong thing: `git+git://` URLs, a mangled git URL, `apex` from PyPI (errors); triton builds of the old sparse-attention pins (warnings).",
    messages: {
      gitProtocol:
        "`{{url}}` uses the unauthenticated `git://` protocol, which GitHub stopped serving on 2022-03-15: `pip install` fails to clone it and the environment cannot be built. Write `git+https://` instead (GPT-NeoX did in b4c11710).",
      mangledUrl:
        "The repository in `{{url}}` is named `{{name}}`: the `#egg=` (or `@ref`) separator is missing, so git asks GitHub for a repository that does not exist and `pip install` fails. Write `git+https://{{host}}/{{owner}}/{{fixed}}.git@<commit>#egg={{egg}}`.",
      apex: "`apex` from PyPI is an unrelated, unmaintained web toolkit, not NVIDIA Apex: it installs without error (with dependencies you did not ask for), then `import apex` finds none of NVIDIA's fused kernels (FusedAdam, FusedLayerNorm, amp) that the training code imports (torchscale#18 removed the same line). NVIDIA Apex is not on PyPI: build it from https://github.com/NVIDIA/apex (`pip install git+https://github.com/NVIDIA/apex.git@<commit>` with its build flags), or remove the line.",
      tritonDev:
        "`triton=={{version}}` is a dated nightly build; PyPI no longer serves triton's dev builds (pip lists only releases, e.g. VGen#145), so `pip install` fails with \"No matching distribution\". GPT-NeoX's sparse-attention requirements moved from such builds to releases ({{fixedBy}}). Pin a triton release that your DeepSpeed supports.",
      triton04:
        "`triton=={{version}}` (GPT-NeoX's old sparse-attention pin) has builds only for Python 3.9 and older and no source distribution: on Python 3.10 or later pip fails with \"No matching distribution found for triton=={{version}}\" (gpt-neox#628). DeepSpeed's sparse attention does not work with current NeoX and triton either (gpt-neox#863). Drop the sparse-attention requirements, or build on Python 3.9.",
    },
  },
  (ctx) => {
    for (const pin of ctx.head.pins) {
      const vcs = pin.vcs;
      if (vcs !== null) {
        if (/^git:\/\//i.test(vcs.url) && vcs.repo?.host.toLowerCase() === "github.com") {
          ctx.report({
            messageId: "gitProtocol",
            data: { url: `git+${vcs.url}` },
            location: pin.span,
            key: `pkg:${pin.name}:git-protocol`,
          });
        }
        if (vcs.repo !== null && mangledName(vcs.repo.name)) {
          const fixed = vcs.repo.name.replace(/\.git.*$/i, "").replace(/=.*$/, "");
          const eggMatch = /=(?<egg>[A-Za-z0-9_.-]+)$/.exec(vcs.repo.name);
          ctx.report({
            messageId: "mangledUrl",
            data: {
              url: `git+${vcs.url}`,
              name: vcs.repo.name,
              host: vcs.repo.host,
              owner: vcs.repo.owner,
              fixed,
              egg: eggMatch?.groups?.egg ?? pin.egg ?? "deepspeed",
            },
            location: pin.span,
            key: `pkg:${pin.name}:mangled-url`,
          });
        }
        continue;
      }
      if (pin.name === "apex" && PYPI_SOURCES.has(pin.source) && pin.url === null && !pin.constraint) {
        if (
          pin.kind === "exact" ||
          pin.kind === "range" ||
          pin.kind === "unpinned" ||
          pin.kind === "locked"
        ) {
          ctx.report({
            messageId: "apex",
            location: pin.nameSpan,
            related: [{ label: "required here", location: pin.span }],
            key: "pkg:apex:pypi",
          });
        }
        continue;
      }
      if (pin.name === "triton") {
        const version = exactVersion(pin);
        if (version === null) continue;
        if (/\.dev\d+/i.test(version)) {
          ctx.report({
            messageId: "tritonDev",
            data: { version, fixedBy: "gpt-neox a7638a8d: 2.0.0.dev20221202 -> 2.1.0" },
            location: pin.specifierSpan ?? pin.span,
            severity: "warning",
            certainty: {
              level: "inferred",
              detail:
                "that PyPI serves no triton dev build is read from pip's version list, not from a statement by triton",
            },
            key: "pkg:triton:dev",
          });
        } else if (/^0\.4(?:\.|$)/.test(version)) {
          ctx.report({
            messageId: "triton04",
            data: { version },
            location: pin.specifierSpan ?? pin.span,
            severity: "warning",
            certainty: {
              level: "inferred",
              detail:
                "the Python versions triton 0.4 was built for are read from pip's errors (gpt-neox#628)",
            },
            key: "pkg:triton:0.4",
          });
        }
      }
    }
  },
);
