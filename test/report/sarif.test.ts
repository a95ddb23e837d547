import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as SarifTypes from "sarif";
import {
  renderSarif,
  SARIF_FINGERPRINT_KEY,
  SARIF_GROUP_KEY,
  type SarifLog,
} from "../../src/report/sarif.js";
import {
  cleanReportFixture,
  configSuppressedFinding,
  finetuneFinding,
  HOSTILE_PATH,
  inlineSuppressedFinding,
  reportFixture,
  ruleInfos,
} from "../fixtures/report.js";

/**
 * The official SARIF 2.1.0 JSON schema (draft-04), as shipped by the `@microsoft/jest-sarif` package
 * (a dev dependency); validated with ajv 6, which understands draft-04.
 */
const SCHEMA_PACKAGE = "@microsoft/jest-sarif";
const SCHEMA_FILE = "lib/schemas/sarif-2.1.0-rtm.5.json";

interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

function loadValidator(): { validate: Validator } | { reason: string } {
  const require = createRequire(join(process.cwd(), "package.json"));
  let packageJson: string;
  try {
    packageJson = require.resolve(`${SCHEMA_PACKAGE}/package.json`);
  } catch {
    return { reason: `${SCHEMA_PACKAGE} is not installed, so the SARIF 2.1.0 JSON schema is not available` };
  }
  const schemaPath = join(packageJson, "..", SCHEMA_FILE);
  if (!existsSync(schemaPath)) return { reason: `${SCHEMA_PACKAGE} no longer ships ${SCHEMA_FILE}` };
  const Ajv = require("ajv") as new (options: object) => {
    addMetaSchema(schema: object): void;
    compile(schema: object): Validator;
  };
  const ajv = new Ajv({ schemaId: "auto", validateSchema: false, allErrors: true });
  ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
  return { validate: ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object) };
}

const validator = loadValidator();
const sarif: SarifLog = renderSarif(reportFixture, ruleInfos, "1.2.3");
const run = sarif.runs[0]!;

describe("renderSarif", () => {
  it("matches the snapshot", () => {
    expect(sarif).toMatchSnapshot();
  });

  it("validates against the SARIF 2.1.0 JSON schema", () => {
    if ("reason" in validator) {
      console.log(`skipped schema validation: ${validator.reason}`);
      return;
    }
    for (const log of [sarif, renderSarif(cleanReportFixture, ruleInfos, "1.2.3")]) {
      const ok = validator.validate(JSON.parse(JSON.stringify(log)));
      expect(validator.validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema validator rejects a broken log (the validation can fail)", () => {
    if ("reason" in validator) {
      console.log(`skipped schema validation: ${validator.reason}`);
      return;
    }
    const broken = JSON.parse(JSON.stringify(sarif)) as {
      runs: Array<{ results: Array<Record<string, unknown>> }>;
    };
    broken.runs[0]!.results[0]!.level = "fatal";
    expect(validator.validate(broken)).toBe(false);
  });

  it("describes the tool and every rule a result refers to, with ruleIndex pointing at it", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(run.tool.driver).toMatchObject({ name: "neox-check", version: "1.2.3" });
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
    // NXC302 is not in the rule list given: it is described from the finding.
    expect(run.tool.driver.rules.find((r) => r.id === "NXC302")).toMatchObject({
      name: "pin-drift",
      helpUri: configSuppressedFinding.docsUrl,
      defaultConfiguration: { level: "warning" },
    });
    expect(run.tool.driver.rules.find((r) => r.id === "NXC101")).toMatchObject({
      name: "finetune-bf16-stale-master-weights",
      shortDescription: { text: ruleInfos[0]!.description },
      helpUri: ruleInfos[0]!.docsUrl,
      defaultConfiguration: { level: "error" },
    });
  });

  it("leaves out fixed findings and keeps suppressed ones with their suppression", () => {
    expect(run.results.map((r) => r.ruleId).sort()).toEqual([
      "NXC101",
      "NXC107",
      "NXC207",
      "NXC208",
      "NXC224",
      "NXC302",
    ]);
    const inline = run.results.find((r) => r.ruleId === inlineSuppressedFinding.ruleId);
    expect(inline?.suppressions).toEqual([
      {
        kind: "inSource",
        status: "accepted",
        justification: "kept for NeoX v1.0",
        location: {
          physicalLocation: {
            artifactLocation: { uri: "configs/finetune.yml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 11, startColumn: 21, endLine: 11, endColumn: 70 },
          },
        },
      },
    ]);
    const external = run.results.find((r) => r.ruleId === configSuppressedFinding.ruleId);
    expect(external?.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "cluster image pins it | see <ops> @infra" },
    ]);
    expect(run.results.find((r) => r.ruleId === "NXC101")?.suppressions).toBeUndefined();
  });

  it.each([
    ["error", "NXC101", "error"],
    ["warning", "NXC208", "warning"],
    ["info", "NXC107", "note"],
  ])("maps severity %s to level (%s -> %s)", (_severity, ruleId, level) => {
    expect(run.results.find((r) => r.ruleId === ruleId)?.level).toBe(level);
  });

  it("gives exact regions, related locations with messages, fingerprints, baseline state and fixes", () => {
    const result = run.results.find((r) => r.ruleId === "NXC101")!;
    expect(result.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "configs/finetune.yml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 },
        },
      },
    ]);
    expect(
      result.relatedLocations?.map((l) => [l.id, l.message?.text, l.physicalLocation.region.startLine]),
    ).toEqual([
      [1, "checkpoint loaded here", 2],
      [2, "bf16 enabled here", 7],
      [3, "pinned here", 2],
    ]);
    expect(result.partialFingerprints).toEqual({
      [SARIF_FINGERPRINT_KEY]: finetuneFinding.fingerprint,
      [SARIF_GROUP_KEY]: finetuneFinding.fingerprint,
    });
    expect(result.baselineState).toBe("new");
    expect(run.results.find((r) => r.ruleId === "NXC107")?.baselineState).toBe("unchanged");
    expect(result.fixes).toEqual([
      {
        description: { text: finetuneFinding.fix!.description },
        artifactChanges: [
          {
            artifactLocation: { uri: "requirements.txt", uriBaseId: "%SRCROOT%" },
            replacements: [
              {
                deletedRegion: { startLine: 2, startColumn: 10, endLine: 2, endColumn: 18 },
                insertedContent: { text: "==0.13.0" },
              },
            ],
          },
        ],
      },
    ]);
    expect(run.results.find((r) => r.ruleId === "NXC208")?.fixes).toBeUndefined();
  });

  it("percent-encodes a hostile path into a relative URI", () => {
    const result = run.results.find((r) => r.ruleId === "NXC208")!;
    const uri = result.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toBe("configs/a%7Cb%3Cimg%20src%3Dx%3E%60%40org/team.yml");
    expect(decodeURIComponent(uri)).toBe(HOSTILE_PATH);
  });

  it("has no baselineState when no base was compared", () => {
    const log = renderSarif({ ...reportFixture, compared: false }, ruleInfos, "1.2.3");
    expect(log.runs[0]!.results.every((r) => r.baselineState === undefined)).toBe(true);
  });
});

describe("the SARIF types", () => {
  it("are a SARIF 2.1.0 log as @types/sarif describes it (checked by tsc: this assignment must type-check)", () => {
    const log: SarifTypes.Log = renderSarif(reportFixture, ruleInfos, "1.2.3");
    const run: SarifTypes.Run | undefined = log.runs[0];
    expect(run?.tool.driver.name).toBe("neox-check");
  });
});
