/**
 * The generated argument data must match ../shared/knowledge/neox-args.json; when it does not, run
 * `npm run gen:neox-args`. Skipped (with a message) where the shared folder is absent, as in a user's clone.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NEOX_ARGS, NEOX_ARGS_SOURCE } from "../../../src/core/parse/neox-args.generated.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const source = resolve(root, "../shared/knowledge/neox-args.json");
const generated = resolve(root, "src/core/parse/neox-args.generated.ts");

interface JsonEntry {
  name: string;
  type: string;
  default: unknown;
  group: string;
  passed_to_deepspeed_config: boolean;
  deepspeed_launcher_arg: boolean;
  present_at_tag_v1_0: boolean;
  present_at_tag_v2_0: boolean;
  source: string;
}

describe("neox-args.generated.ts", () => {
  it("says it is generated, from what, and how to regenerate it", () => {
    const header = readFileSync(generated, "utf8").split("\n").slice(0, 3).join("\n");
    expect(header).toContain("GENERATED FILE, DO NOT EDIT");
    expect(header).toContain("npm run gen:neox-args");
    expect(header).toContain("../shared/knowledge/neox-args.json");
    expect(NEOX_ARGS_SOURCE.file).toBe("../shared/knowledge/neox-args.json");
  });

  it("is up to date with the shared neox-args.json", () => {
    if (!existsSync(source)) {
      console.log(`skipped: ${source} is absent, so the generated data cannot be compared with it`);
      return;
    }
    const entries = JSON.parse(readFileSync(source, "utf8")) as JsonEntry[];
    const expected = entries.map((entry) => ({
      name: entry.name,
      type: entry.type,
      default: entry.default,
      group: entry.group,
      passedToDeepspeedConfig: entry.passed_to_deepspeed_config,
      deepspeedLauncherArg: entry.deepspeed_launcher_arg,
      presentAtV1: entry.present_at_tag_v1_0,
      presentAtV2: entry.present_at_tag_v2_0,
    }));
    expect(NEOX_ARGS).toEqual(expected);
    expect(NEOX_ARGS_SOURCE.commits).toEqual([
      ...new Set(entries.map((entry) => entry.source.split("@")[1])),
    ]);
  });
});
