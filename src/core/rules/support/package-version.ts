import type { AdvisoryRange } from "../../knowledge/schema.js";
import type { Pin } from "../../model/index.js";
import { inRange, isVersion, rangeWindows } from "../../versioning/index.js";
import { describePin, pep440SpecifierOf, type VersionContext } from "./deepspeed.js";
import type { Verdict } from "./verdict.js";
import { classifyByBounds, describeRange } from "./version-bounds.js";

export interface PackageVerdictOptions {
  /**
   * What a specifier that allows versions both inside and outside the range means:
   * `affected` when merely allowing a version inside the range is the condition;
   * `unknown` when the version installed decides (flash-attn older than 2.3.0; torch 2 for NXC104/NXC106,
   * since `torch>=1.8` may keep an installed torch 1.x as well as pull torch 2).
   */
  whenSome: "affected" | "unknown";
  /** The `assume` key that stands for this package (`torch`), if any. */
  assumeKey?: "torch";
}

/** Every pin of `name` (PEP 503 normalised), once each. */
export function pinsOf(ctx: Pick<VersionContext, "head">, name: string): Pin[] {
  const seen = new Set<string>();
  return ctx.head.pins.filter((pin) => {
    const id = `${pin.path}:${pin.span.line}:${pin.span.column}`;
    if (pin.name !== name || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function judgeVersion(
  base: Pick<Verdict, "pin" | "assumed" | "subject">,
  version: string,
  ranges: AdvisoryRange[],
): Verdict {
  const shared = { ...base, affectedVersions: [] as string[] };
  if (!isVersion(version))
    return { ...shared, status: "unknown", detail: `\`${version}\` is not a version`, cause: "source" };
  const hit = ranges.find((r) => r.type === "ECOSYSTEM" && inRange(version, r.events));
  if (hit)
    return {
      ...shared,
      status: "affected",
      detail: `${version} is inside ${describeRange(hit.events)}`,
      cause: null,
      affectedVersions: [version],
    };
  return { ...shared, status: "not_affected", detail: `${version} is outside the range`, cause: null };
}

/**
 * The verdict of one pin of a package whose releases the knowledge base does not list (torch,
 * flash-attn): exact and locked versions are decided; a specifier is judged from its bounds
 * (`classifyByBounds`), honestly unknown when they do not tell; anything else is unknown.
 */
export function judgePackagePin(pin: Pin, ranges: AdvisoryRange[], options: PackageVerdictOptions): Verdict {
  const base = { pin, assumed: null, subject: describePin(pin) };
  if ((pin.kind === "exact" || pin.kind === "locked") && pin.version !== null)
    return judgeVersion(base, pin.version, ranges);
  const unknown = (detail: string, cause: Verdict["cause"]): Verdict => ({
    ...base,
    status: "unknown",
    detail,
    cause,
    affectedVersions: [],
  });
  const written = pep440SpecifierOf(pin);
  if (
    pin.kind === "unpinned" ||
    (pin.kind === "range" && written !== undefined && (written ?? "").trim() === "")
  )
    return unknown("not pinned: the version installed depends on when and where", "unpinned");
  if (pin.kind !== "range" && pin.kind !== "exact")
    return unknown(
      `\`${pin.name}\` comes from a URL, path or repository: its version is not known`,
      "source",
    );
  if (written === undefined)
    return unknown(`\`${pin.specifier ?? ""}\` has no PEP 440 equivalent to check`, "range");
  const specifier = written ?? "";
  const events = ranges.filter((r) => r.type === "ECOSYSTEM").map((r) => r.events);
  const answers = events.map((e) => classifyByBounds(specifier, e));
  const inside = events.map((e) => describeRange(e)).join(" or ");
  if (answers.includes("all"))
    return {
      ...base,
      status: "affected",
      detail: `every version \`${specifier}\` allows is ${inside}`,
      cause: null,
      affectedVersions: [],
    };
  if (answers.includes("some")) {
    if (options.whenSome === "affected")
      return {
        ...base,
        status: "affected",
        detail: `\`${specifier}\` allows ${pin.name} ${inside}`,
        cause: null,
        affectedVersions: [],
      };
    // An open-ended range (torch >= 2.0.0) leaves older versions outside it; a bounded one, newer ones.
    const openEnded = events.every((e) => rangeWindows(e).every((w) => w.upper === null));
    return unknown(
      `\`${specifier}\` allows ${pin.name} ${inside} as well as ${openEnded ? "older" : "newer"} versions`,
      "range",
    );
  }
  if (answers.includes("unknown"))
    return unknown(`whether \`${specifier}\` allows ${pin.name} ${inside} is not known`, "range");
  return {
    ...base,
    status: "not_affected",
    detail: `\`${specifier}\` allows no ${pin.name} ${inside}`,
    cause: null,
    affectedVersions: [],
  };
}

/**
 * The verdict of every pin of `name` against `ranges`, with `assume.<assumeKey>` replacing an unknown
 * pin and standing in when nothing is pinned; one unknown verdict when there is neither.
 */
export function packageVerdicts(
  ctx: VersionContext,
  name: string,
  ranges: AdvisoryRange[],
  options: PackageVerdictOptions,
): Verdict[] {
  const assumedValue = options.assumeKey === undefined ? undefined : ctx.assume[options.assumeKey];
  const assumed = (pin: Pin | null): Verdict | null =>
    assumedValue === undefined || options.assumeKey === undefined
      ? null
      : judgeVersion(
          {
            pin,
            assumed: { key: options.assumeKey, value: assumedValue },
            subject: `assume.${options.assumeKey} ${assumedValue}`,
          },
          assumedValue,
          ranges,
        );
  const pins = pinsOf(ctx, name);
  if (pins.length === 0) {
    const stand = assumed(null);
    if (stand) return [stand];
    const hint = options.assumeKey ? ` (set \`assume.${options.assumeKey}\` in .github/neox-check.yml)` : "";
    return [
      {
        status: "unknown",
        pin: null,
        assumed: null,
        subject: name,
        detail: `no ${name} requirement found in this repository${hint}`,
        cause: "none-found",
        affectedVersions: [],
      },
    ];
  }
  return pins.map((pin) => {
    const own = judgePackagePin(pin, ranges, options);
    if (own.status !== "unknown") return own;
    const replaced = assumed(pin);
    return replaced && replaced.status !== "unknown" ? replaced : own;
  });
}
