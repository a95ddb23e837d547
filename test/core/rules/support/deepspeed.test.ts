import type { RepoConfig } from "../../../../src/core/engine/repo-config.js";
import { loadKnowledge } from "../../../../src/core/knowledge/index.js";
import type { Pin } from "../../../../src/core/model/index.js";
import {
  deepspeedPins,
  deepspeedVerdicts,
  describePin,
} from "../../../../src/core/rules/support/deepspeed.js";
import { gitPin, modelWith, pypiPin } from "./model-fixtures.js";

const knowledge = loadKnowledge();
const SEED = knowledge.advisory("NXA-2026-0001");
const LOAD_SERIAL = knowledge.advisory("NXA-2026-0002");
const TORCH_SIX = knowledge.advisory("NXA-2026-0004");

const AFFECTED_SHA = "22fda1e0ee462c2b411575dc954cc8a29d78a7b2";
const FIXED_SHA = "02e2ebf7dee6aaab3d89094ed470a4609763c742";
const UNKNOWN_SHA = "0123456789abcdef0123456789abcdef01234567";

async function verdicts(pins: Pin[], assume: RepoConfig["assume"] = {}, advisory = SEED) {
  const head = await modelWith(pins, assume);
  return deepspeedVerdicts({ head, knowledge, assume }, advisory).map((v) => ({
    status: v.status,
    detail: v.detail,
    cause: v.cause,
    subject: v.subject,
    assumed: v.assumed,
    affectedVersions: v.affectedVersions,
    pin: v.pin?.span.line ?? null,
  }));
}

describe("deepspeedVerdicts: PyPI", () => {
  it.each`
    specifier              | status            | cause           | detail
    ${"==0.10.0"}          | ${"not_affected"} | ${null}         | ${"0.10.0 is outside the affected range"}
    ${"==0.10.2"}          | ${"affected"}     | ${null}         | ${"0.10.2 is inside [0.10.2, 0.13.0)"}
    ${"==0.12.6"}          | ${"affected"}     | ${null}         | ${"0.12.6 is inside [0.10.2, 0.13.0)"}
    ${"==0.12.4+91d1c55b"} | ${"affected"}     | ${null}         | ${"0.12.4+91d1c55b is inside [0.10.2, 0.13.0)"}
    ${"==0.13.0"}          | ${"not_affected"} | ${null}         | ${"0.13.0 is outside the affected range"}
    ${">=0.10"}            | ${"unknown"}      | ${"range"}      | ${"`>=0.10` allows affected releases 0.10.2–0.12.6"}
    ${"<0.11"}             | ${"unknown"}      | ${"range"}      | ${"`<0.11` allows affected releases 0.10.2–0.10.3"}
    ${">=0.10.2,<0.13"}    | ${"affected"}     | ${null}         | ${"every release `>=0.10.2,<0.13` allows is affected (0.10.2–0.12.6)"}
    ${"~=0.11.0"}          | ${"affected"}     | ${null}         | ${"every release `~=0.11.0` allows is affected (0.11.0–0.11.2)"}
    ${">=0.13"}            | ${"not_affected"} | ${null}         | ${"no release `>=0.13` allows is affected"}
    ${"<0.10.2"}           | ${"not_affected"} | ${null}         | ${"no release `<0.10.2` allows is affected"}
    ${"==9.9.*"}           | ${"unknown"}      | ${"no-release"} | ${"`==9.9.*` allows no known DeepSpeed release"}
    ${"!=0.11.0,<0.12"}    | ${"unknown"}      | ${"range"}      | ${"`!=0.11.0,<0.12` allows affected releases 0.10.2, 0.10.3, 0.11.1, 0.11.2"}
    ${null}                | ${"unknown"}      | ${"unpinned"}   | ${"not pinned: the version installed depends on when and where"}
  `("deepspeed$specifier -> $status", async ({ specifier, status, cause, detail }) => {
    const [v] = await verdicts([pypiPin("deepspeed", specifier as string | null)]);
    expect(v).toMatchObject({ status, cause, detail, assumed: null, pin: 1 });
  });

  it("lists the affected releases a range allows", async () => {
    const [v] = await verdicts([pypiPin("deepspeed", "<0.11")]);
    expect(v?.affectedVersions).toEqual(["0.10.2", "0.10.3"]);
  });

  it("judges a locked version like an exact pin", async () => {
    const pin: Pin = {
      ...pypiPin("deepspeed", null),
      kind: "locked",
      version: "0.11.1",
      path: "poetry.lock",
    };
    const [v] = await verdicts([pin]);
    expect(v).toMatchObject({ status: "affected", detail: "0.11.1 is inside [0.10.2, 0.13.0)" });
  });

  it("reads a translated specifier (Poetry `^0.12.6`) through pep440Specifier", async () => {
    const pin: Pin = {
      ...pypiPin("deepspeed", "^0.12.6"),
      source: "poetry",
      pep440Specifier: ">=0.12.6,<0.13.0",
    };
    const [v] = await verdicts([pin]);
    expect(v).toMatchObject({
      status: "affected",
      detail: "every release `>=0.12.6,<0.13.0` allows is affected (0.12.6)",
    });
  });

  it("calls a specifier without a PEP 440 equivalent unknown", async () => {
    const pin: Pin = { ...pypiPin("deepspeed", "^0.12||^0.13"), source: "poetry", pep440Specifier: null };
    const [v] = await verdicts([pin]);
    expect(v).toMatchObject({
      status: "unknown",
      cause: "range",
      detail: "`^0.12||^0.13` has no PEP 440 equivalent to check",
    });
  });

  it("does not affect PyPI DeepSpeed when the advisory lists no PyPI range", async () => {
    const noPypi = { ...SEED, affected: SEED.affected.filter((a) => a.package.ecosystem === "GIT") };
    const [v] = await verdicts([pypiPin("deepspeed", "==0.12.6")], {}, noPypi);
    expect(v?.status).toBe("not_affected");
  });
});

describe("deepspeedVerdicts: DeeperSpeed", () => {
  it.each`
    ref                                           | status            | cause           | detail
    ${AFFECTED_SHA}                               | ${"affected"}     | ${null}         | ${"commit 22fda1e0, version.txt 0.9.3 is inside the affected range"}
    ${"22fda1e0"}                                 | ${"affected"}     | ${null}         | ${"commit 22fda1e0, version.txt 0.9.3 is inside the affected range"}
    ${FIXED_SHA}                                  | ${"not_affected"} | ${null}         | ${"commit 02e2ebf7, version.txt 0.12.4 is outside the affected range"}
    ${"v3.0"}                                     | ${"not_affected"} | ${null}         | ${"commit 91d1c55b, version.txt 0.16.5 is outside the affected range"}
    ${"eb7f5cff36678625d23db8a8fe78b4a93e5d2c75"} | ${"not_affected"} | ${null}         | ${"commit eb7f5cff, version.txt 0.3.15 is outside the affected range"}
    ${UNKNOWN_SHA}                                | ${"unknown"}      | ${"unresolved"} | ${`commit ${UNKNOWN_SHA} is not in the shipped EleutherAI/DeeperSpeed table, so its ancestry is unknown offline`}
    ${"main"}                                     | ${"unknown"}      | ${"unresolved"} | ${"main is not a commit or tag in the shipped EleutherAI/DeeperSpeed table (a branch moves, so the commit it installs is unknown)"}
    ${null}                                       | ${"unknown"}      | ${"unpinned"}   | ${"follows DeeperSpeed main"}
  `("DeeperSpeed @ $ref -> $status", async ({ ref, status, cause, detail }) => {
    const [v] = await verdicts([gitPin("EleutherAI", "DeeperSpeed", ref as string | null)]);
    expect(v).toMatchObject({ status, cause, detail });
  });

  it("decides ECOSYSTEM ranges on the fork by the commit's version.txt (torch._six)", async () => {
    const [old] = await verdicts(
      [gitPin("EleutherAI", "DeeperSpeed", "eb7f5cff36678625d23db8a8fe78b4a93e5d2c75")],
      {},
      TORCH_SIX,
    );
    expect(old).toMatchObject({
      status: "affected",
      detail: "commit eb7f5cff, version.txt 0.3.15 is inside the affected range",
    });
    const [v2] = await verdicts([gitPin("EleutherAI", "DeeperSpeed", "v2.0")], {}, TORCH_SIX);
    expect(v2).toMatchObject({ status: "not_affected" });
  });

  it("does not affect DeeperSpeed when the advisory lists no range for it", async () => {
    const [v] = await verdicts([gitPin("EleutherAI", "DeeperSpeed", AFFECTED_SHA)], {}, LOAD_SERIAL);
    expect(v).toMatchObject({
      status: "not_affected",
      detail: "the advisory lists no range for EleutherAI/DeeperSpeed",
    });
  });

  it("is unknown when the model holds no resolution for the ref", async () => {
    const head = await modelWith([]);
    const pin = gitPin("EleutherAI", "DeeperSpeed", AFFECTED_SHA);
    const [v] = deepspeedVerdicts({ head: { ...head, pins: [pin] }, knowledge, assume: {} }, SEED);
    expect(v).toMatchObject({
      status: "unknown",
      cause: "unresolved",
      detail: "the commit was not resolved",
    });
  });

  it("is unknown when a resolved commit lacks the ancestry the range needs", async () => {
    const head = await modelWith([]);
    const pin = gitPin("EleutherAI", "DeeperSpeed", "abcdef1");
    head.refs["eleutherai/deeperspeed@abcdef1"] = {
      ok: true,
      commit: { sha: "abcdef1".padEnd(40, "0"), versionTxt: null, tags: [], contains: {}, via: "github" },
    };
    const [v] = deepspeedVerdicts({ head: { ...head, pins: [pin] }, knowledge, assume: {} }, SEED);
    expect(v).toMatchObject({
      status: "unknown",
      cause: "unresolved",
      detail: "whether abcdef10 contains the commits that bound the affected range is not known",
    });
    const [six] = deepspeedVerdicts({ head: { ...head, pins: [pin] }, knowledge, assume: {} }, TORCH_SIX);
    expect(six).toMatchObject({ status: "unknown", detail: "the version.txt of abcdef10 is not known" });
  });
});

describe("deepspeedVerdicts: upstream git and other sources", () => {
  it.each`
    owner            | ref                                           | status            | cause         | detail
    ${"microsoft"}   | ${"v0.12.6"}                                  | ${"affected"}     | ${null}       | ${"0.12.6 is inside [0.10.2, 0.13.0)"}
    ${"deepspeedai"} | ${"v0.13.0"}                                  | ${"not_affected"} | ${null}       | ${"0.13.0 is outside the affected range"}
    ${"microsoft"}   | ${"master"}                                   | ${"unknown"}      | ${"source"}   | ${"upstream DeepSpeed ref `master` is not a release tag (vX.Y.Z)"}
    ${"microsoft"}   | ${"870ae041d42190be8139afc12bef51d6ed7719f3"} | ${"unknown"}      | ${"source"}   | ${"upstream DeepSpeed ref `870ae041d42190be8139afc12bef51d6ed7719f3` is not a release tag (vX.Y.Z)"}
    ${"microsoft"}   | ${null}                                       | ${"unknown"}      | ${"unpinned"} | ${"follows upstream DeepSpeed's default branch"}
    ${"someone"}     | ${"v0.12.6"}                                  | ${"unknown"}      | ${"source"}   | ${"`deepspeed` comes from https://github.com/someone/DeepSpeed.git: its version is not known"}
  `("$owner/DeepSpeed @ $ref -> $status", async ({ owner, ref, status, cause, detail }) => {
    const [v] = await verdicts([gitPin(owner as string, "DeepSpeed", ref as string | null)]);
    expect(v).toMatchObject({ status, cause, detail });
  });

  it("calls a URL or local path unknown", async () => {
    const pin: Pin = {
      ...pypiPin("deepspeed", null),
      kind: "path",
      url: "./vendor/DeepSpeed",
      provider: "other",
    };
    const [v] = await verdicts([pin]);
    expect(v).toMatchObject({
      status: "unknown",
      cause: "source",
      detail: "`deepspeed` comes from ./vendor/DeepSpeed: its version is not known",
    });
  });
});

describe("deepspeedVerdicts: assume", () => {
  it("says exactly what to do when nothing pins DeepSpeed", async () => {
    expect(await verdicts([])).toEqual([
      {
        status: "unknown",
        cause: "none-found",
        detail:
          "no DeepSpeed requirement found in this repository (set `assume.deepspeed` in .github/neox-check.yml)",
        subject: "DeepSpeed",
        assumed: null,
        affectedVersions: [],
        pin: null,
      },
    ]);
  });

  it.each`
    assume                            | status            | subject
    ${{ deepspeed: "0.12.6" }}        | ${"affected"}     | ${"assume.deepspeed 0.12.6"}
    ${{ deepspeed: "0.13.1" }}        | ${"not_affected"} | ${"assume.deepspeed 0.13.1"}
    ${{ deeperspeed: "22fda1e0" }}    | ${"affected"}     | ${"assume.deeperspeed 22fda1e0"}
    ${{ deeperspeed: "v3.0" }}        | ${"not_affected"} | ${"assume.deeperspeed v3.0"}
    ${{ deeperspeed: "feature/xyz" }} | ${"unknown"}      | ${"assume.deeperspeed feature/xyz"}
  `("stands in for a missing pin: $assume -> $status", async ({ assume, status, subject }) => {
    const [v] = await verdicts([], assume as RepoConfig["assume"]);
    expect(v).toMatchObject({ status, subject, pin: null });
  });

  it("replaces an unknown pin, keeping the pin for its location", async () => {
    const [v] = await verdicts([pypiPin("deepspeed", null, 3)], { deepspeed: "0.11.0" });
    expect(v).toMatchObject({ status: "affected", assumed: { key: "deepspeed", value: "0.11.0" }, pin: 3 });
  });

  it("uses the assume that matches the pin's provider first", async () => {
    const [v] = await verdicts([gitPin("EleutherAI", "DeeperSpeed", null)], {
      deepspeed: "0.13.0",
      deeperspeed: "22fda1e0",
    });
    expect(v).toMatchObject({ status: "affected", assumed: { key: "deeperspeed", value: "22fda1e0" } });
  });

  it("never replaces a pin whose verdict is known", async () => {
    const [v] = await verdicts([pypiPin("deepspeed", "==0.13.0")], { deepspeed: "0.12.6" });
    expect(v).toMatchObject({ status: "not_affected", assumed: null });
  });

  it("keeps the pin unknown, saying why, when the assumed value is unknown too", async () => {
    const [v] = await verdicts([gitPin("EleutherAI", "DeeperSpeed", null)], { deeperspeed: "main" });
    expect(v?.status).toBe("unknown");
    expect(v?.detail).toMatch(
      /^follows DeeperSpeed main; assume\.deeperspeed main: main is not a commit or tag/,
    );
  });

  it("rejects an assumed PyPI version that is not a version", async () => {
    const [v] = await verdicts([], { deepspeed: "latest" });
    expect(v).toMatchObject({ status: "unknown", detail: "`latest` is not a version" });
  });
});

describe("deepspeedPins and describePin", () => {
  it("takes every deepspeed pin once, skipping other packages", async () => {
    const a = pypiPin("deepspeed", "==0.12.6", 1);
    const b = gitPin("EleutherAI", "DeeperSpeed", FIXED_SHA, 2);
    const head = await modelWith([a, pypiPin("torch", ">=2.0", 3), b, { ...a }]);
    expect(deepspeedPins({ head }).map((p) => p.span.line)).toEqual([1, 2]);
  });

  it.each`
    pin                                                  | text
    ${pypiPin("deepspeed", "==0.12.6")}                  | ${"deepspeed==0.12.6"}
    ${pypiPin("deepspeed", null)}                        | ${"deepspeed (unpinned)"}
    ${gitPin("EleutherAI", "DeeperSpeed", AFFECTED_SHA)} | ${"DeeperSpeed @ 22fda1e0"}
    ${gitPin("EleutherAI", "DeeperSpeed", "v3.0")}       | ${"DeeperSpeed @ v3.0"}
    ${gitPin("EleutherAI", "DeeperSpeed", null)}         | ${"DeeperSpeed (no commit pinned)"}
    ${gitPin("microsoft", "DeepSpeed", "v0.12.6")}       | ${"upstream DeepSpeed git @ v0.12.6"}
  `("describes $text", ({ pin, text }) => {
    expect(describePin(pin as Pin)).toBe(text);
  });
});
