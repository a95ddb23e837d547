import type { RepoConfig } from "../../../../src/core/engine/repo-config.js";
import type { AdvisoryRange } from "../../../../src/core/knowledge/schema.js";
import { loadKnowledge } from "../../../../src/core/knowledge/index.js";
import type { Pin } from "../../../../src/core/model/index.js";
import {
  judgePackagePin,
  packageVerdicts,
  pinsOf,
} from "../../../../src/core/rules/support/package-version.js";
import { modelWith, pypiPin } from "./model-fixtures.js";

const knowledge = loadKnowledge();
const TORCH2: AdvisoryRange[] = [{ type: "ECOSYSTEM", events: [{ introduced: "2.0.0" }] }];
const OLD_FLASH: AdvisoryRange[] = [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.3.0" }] }];

describe("judgePackagePin", () => {
  it.each`
    name            | specifier     | ranges       | whenSome      | status            | detail
    ${"torch"}      | ${"==2.1.0"}  | ${TORCH2}    | ${"affected"} | ${"affected"}     | ${"2.1.0 is inside >= 2.0.0"}
    ${"torch"}      | ${"==1.13.1"} | ${TORCH2}    | ${"affected"} | ${"not_affected"} | ${"1.13.1 is outside the range"}
    ${"torch"}      | ${">=2.0"}    | ${TORCH2}    | ${"affected"} | ${"affected"}     | ${"every version `>=2.0` allows is >= 2.0.0"}
    ${"torch"}      | ${">=1.8"}    | ${TORCH2}    | ${"affected"} | ${"affected"}     | ${"`>=1.8` allows torch >= 2.0.0"}
    ${"torch"}      | ${">=1.8"}    | ${TORCH2}    | ${"unknown"}  | ${"unknown"}      | ${"`>=1.8` allows torch >= 2.0.0 as well as older versions"}
    ${"torch"}      | ${"<2.0"}     | ${TORCH2}    | ${"affected"} | ${"not_affected"} | ${"`<2.0` allows no torch >= 2.0.0"}
    ${"torch"}      | ${null}       | ${TORCH2}    | ${"affected"} | ${"unknown"}      | ${"not pinned: the version installed depends on when and where"}
    ${"flash-attn"} | ${"==2.2.1"}  | ${OLD_FLASH} | ${"unknown"}  | ${"affected"}     | ${"2.2.1 is inside < 2.3.0"}
    ${"flash-attn"} | ${"==2.5.6"}  | ${OLD_FLASH} | ${"unknown"}  | ${"not_affected"} | ${"2.5.6 is outside the range"}
    ${"flash-attn"} | ${">=2.0"}    | ${OLD_FLASH} | ${"unknown"}  | ${"unknown"}      | ${"`>=2.0` allows flash-attn < 2.3.0 as well as newer versions"}
    ${"flash-attn"} | ${"<2.3"}     | ${OLD_FLASH} | ${"unknown"}  | ${"affected"}     | ${"every version `<2.3` allows is < 2.3.0"}
    ${"flash-attn"} | ${"===2.2.1"} | ${OLD_FLASH} | ${"unknown"}  | ${"unknown"}      | ${"whether `===2.2.1` allows flash-attn < 2.3.0 is not known"}
  `("$name$specifier -> $status", ({ name, specifier, ranges, whenSome, status, detail }) => {
    const pin = pypiPin(name as string, specifier as string | null);
    expect(judgePackagePin(pin, ranges as AdvisoryRange[], { whenSome })).toMatchObject({ status, detail });
  });

  it("calls a VCS or URL pin unknown", () => {
    const pin: Pin = {
      ...pypiPin("torch", null),
      kind: "url",
      url: "https://download.pytorch.org/whl/torch-2.1.0.whl",
    };
    expect(judgePackagePin(pin, TORCH2, { whenSome: "affected" })).toMatchObject({
      status: "unknown",
      cause: "source",
    });
  });
});

describe("packageVerdicts", () => {
  async function run(pins: Pin[], assume: RepoConfig["assume"] = {}) {
    const head = await modelWith(pins, assume);
    return packageVerdicts({ head, knowledge, assume }, "torch", TORCH2, {
      whenSome: "affected",
      assumeKey: "torch",
    });
  }

  it("says what to set when nothing pins the package", async () => {
    expect(await run([])).toEqual([
      expect.objectContaining({
        status: "unknown",
        cause: "none-found",
        detail:
          "no torch requirement found in this repository (set `assume.torch` in .github/neox-check.yml)",
      }),
    ]);
  });

  it("lets assume.torch stand in for a missing pin and replace an unknown one", async () => {
    expect(await run([], { torch: "2.1.0" })).toEqual([
      expect.objectContaining({ status: "affected", assumed: { key: "torch", value: "2.1.0" }, pin: null }),
    ]);
    const [v] = await run([pypiPin("torch", null, 4)], { torch: "1.13.1" });
    expect(v).toMatchObject({ status: "not_affected", assumed: { key: "torch", value: "1.13.1" } });
    expect(v?.pin?.span.line).toBe(4);
  });

  it("judges only pins of the package named, once each", async () => {
    const torch = pypiPin("torch", "==2.1.0", 2);
    const head = await modelWith([pypiPin("deepspeed", "==0.12.6"), torch, { ...torch }]);
    expect(pinsOf({ head }, "torch")).toHaveLength(1);
  });
});
