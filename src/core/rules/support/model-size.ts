import type { ConfigSet, Span } from "../../model/index.js";
import { asInteger, asNumber, topLevel } from "./config-values.js";

/** A model size written in a file name (`410M`, `1-3B`, `pythia-12b`), in parameters. */
export interface NamedSize {
  /** The size as written (`410M`). */
  text: string;
  params: number;
}

// A number with an optional `.`/`-`/`_` decimal part, then `M` or `B`/`b`, not part of a longer word
// (`125M.yml`, `6-9B`, `pythia_1.4b`; not `bf16`, `8e`, `32k`, `mb2`, nor a lower-case `3m`, which names
// minutes or mixers as often as millions).
const SIZE = /(?<![A-Za-z0-9.])(?<whole>\d{1,4})(?:[.\-_](?<frac>\d{1,2}))?(?<unit>[MbB])(?![A-Za-z0-9])/g;

/** The model sizes written in a config's file name (not its folders), e.g. `configs/1-3B.yml` -> 1.3e9. */
export function namedSizes(path: string): NamedSize[] {
  const base = (path.split("/").pop() ?? path).replace(/\.ya?ml$/i, "");
  const out: NamedSize[] = [];
  for (const m of base.matchAll(SIZE)) {
    const groups = m.groups ?? {};
    const value = Number(`${groups.whole}${groups.frac ? `.${groups.frac}` : ""}`);
    const unit = groups.unit === "M" ? 1e6 : 1e9;
    if (value > 0) out.push({ text: m[0], params: value * unit });
  }
  return out;
}

/** Whether a path looks like a test, example or debugging config rather than a production one. */
export function looksLikeScratch(path: string): boolean {
  return /(?:^|[/_.-])(?:tests?|ci|debug|dbg|smoke|toy|tiny|example|examples|sample|local|dev|quick|mini)(?=$|[/_.-])/i.test(
    path,
  );
}

/** A top-level integer of the set with where it is written, or null when not written as an integer. */
export function writtenInt(set: ConfigSet, key: string): { value: number; at: Span } | null {
  const lookup = topLevel(set, key, null);
  if (lookup.state !== "set") return null;
  const value = asInteger(lookup.value);
  return value === null ? null : { value, at: lookup.entry.node.span };
}

/** Activations NeoX implements as gated (two input projections): `get_activation` in megatron/model/activations.py. */
export const GATED_ACTIVATIONS: ReadonlySet<string> = new Set(["geglu", "reglu", "swiglu"]);

/**
 * The width of the MLP's hidden layer as NeoX's `ParallelMLP` computes it (megatron/model/transformer.py
 * since gpt-neox#1276): `intermediate_size`, else `expansion_factor * h`, else `4 * h`; a gated
 * activation takes two thirds of that and splits it in two projections, so the width is
 * `int(x * 2 / 3) // 2`, rounded up to a multiple of `mlp_multiple_of`.
 */
export function mlpWidth(
  hidden: number,
  opts: { intermediate: number | null; expansion: number | null; gated: boolean; multipleOf: number },
): number {
  const base =
    opts.intermediate !== null && opts.intermediate > 0
      ? opts.intermediate
      : opts.expansion !== null && opts.expansion > 0
        ? Math.trunc(opts.expansion * hidden)
        : 4 * hidden;
  const m = Math.max(1, opts.multipleOf);
  const width = opts.gated ? Math.trunc(Math.trunc((base * 2) / 3) / 2) : base;
  return m * Math.ceil(width / m);
}

/** Padded vocabulary assumed when the tokenizer is not known: GPT-NeoX's 50277 tokens padded to 50304. */
export const ASSUMED_VOCAB = 50304;

/** An estimate of a dense transformer's parameters, with the formula in words for messages. */
export interface SizeEstimate {
  params: number;
  /** Without the embedding: how some configs are named (upstream's `19M.yml` is 6 x 512). */
  nonEmbedding: number;
  formula: string;
}

/**
 * Parameters of a dense GPT-NeoX transformer: per layer 4h^2 for attention plus the MLP (2·h·w, or
 * 3·h·w gated), plus the embedding V·h (twice with `no_weight_tying`). Biases and norms are ignored
 * (well under 1%). For the default 4h MLP this is the usual 12·L·h^2 + V·h.
 */
export function estimateParams(set: ConfigSet): SizeEstimate | null {
  const layers = writtenInt(set, "num_layers");
  const hidden = writtenInt(set, "hidden_size");
  if (layers === null || hidden === null || layers.value <= 0 || hidden.value <= 0) return null;
  const h = hidden.value;
  const L = layers.value;
  const activation = topLevel(set, "activation", "gelu");
  const act = activation.state === "unknown" ? "gelu" : String(activation.value).toLowerCase();
  const gated = GATED_ACTIVATIONS.has(act);
  const intermediate = writtenInt(set, "intermediate_size")?.value ?? null;
  const expansionLookup = topLevel(set, "expansion_factor", null);
  const expansion = expansionLookup.state === "set" ? asNumber(expansionLookup.value) : null;
  const multiple = writtenInt(set, "mlp_multiple_of")?.value ?? 1;
  const w = mlpWidth(h, { intermediate, expansion, gated, multipleOf: multiple });
  const untied = topLevel(set, "no_weight_tying", false);
  const embeddings = untied.state === "set" && untied.value === true ? 2 : 1;
  const vocab = ASSUMED_VOCAB;
  const mlp = (gated ? 3 : 2) * h * w;
  const params = L * (4 * h * h + mlp) + embeddings * vocab * h;
  const plain = !gated && w === 4 * h;
  const formula = plain
    ? `12·L·h² + ${embeddings === 2 ? "2·" : ""}V·h with L=${L}, h=${h}, V=${vocab} (GPT-NeoX's tokenizer padded; biases and norms ignored)`
    : `L·(4·h² + ${gated ? 3 : 2}·h·w) + ${embeddings === 2 ? "2·" : ""}V·h with L=${L}, h=${h}, MLP width w=${w}, V=${vocab} (GPT-NeoX's tokenizer padded; biases and norms ignored)`;
  return { params, nonEmbedding: L * (4 * h * h + mlp), formula };
}

/** `405M`, `1.3B`: a parameter count as people write it. */
export function formatParams(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))}B`;
  return `${Number((n / 1e6).toPrecision(3))}M`;
}
