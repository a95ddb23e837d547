import type { ConfigEntry, ConfigSet } from "../model/index.js";
import type { ReportDescriptor } from "../engine/types.js";
import { defineRule } from "../engine/define-rule.js";
import { written } from "./support/config-values.js";
import { pythonTruthy } from "../parse/config-path.js";
import { elsewhere, setKey, surelyAbsent } from "./support/launch-keys.js";

type Report = (d: ReportDescriptor) => void;

const SPLITS = ["train", "valid", "test"] as const;

/** Python truthiness of a written value, as NeoX tests the path lists (an empty list is false). */
function truthy(entry: ConfigEntry | undefined): boolean {
  return entry !== undefined && pythonTruthy(entry.node.value);
}

function checkSplits(report: Report, set: ConfigSet): void {
  const dataPath = written(set, "data_path");
  const splits = SPLITS.map((s) => ({
    split: s,
    key: `${s}_data_paths`,
    entry: written(set, `${s}_data_paths`),
  }));
  const present = splits.filter((w) => w.entry !== undefined);
  const first = present[0]?.entry;
  if (first === undefined) return;
  if (dataPath !== undefined) {
    report({
      messageId: "both",
      data: { key: first.spelling },
      location: first.keySpan,
      related: [{ label: "data_path set here", location: dataPath.keySpan }],
      key: setKey(set, "data_path+split_data_paths"),
    });
    return;
  }
  const missing = splits.filter((w) => w.entry === undefined);
  if (missing.length === 0) return;
  const names = missing.map((w) => `\`${w.key}\``).join(" and ");
  // A split written as `null` is certainly missing: NeoX rejects a key given in two files.
  const certain = missing.every((w) => set.keys[w.key] !== undefined || surelyAbsent(set, w.key));
  if (certain) {
    report({
      messageId: "allOrNone",
      data: { missing: names },
      location: first.keySpan,
      key: setKey(set, "split_data_paths"),
    });
    return;
  }
  report({
    messageId: "allOrNoneElsewhere",
    data: { missing: names },
    location: first.keySpan,
    severity: "warning",
    certainty: { level: "unknown", detail: elsewhere(set, names) },
    key: setKey(set, "split_data_paths"),
  });
}

function checkWeights(report: Report, set: ConfigSet): void {
  for (const split of SPLITS) {
    const paths = written(set, `${split}_data_paths`);
    const weights = written(set, `${split}_data_weights`);
    if (paths === undefined || weights === undefined) continue;
    if (paths.node.kind !== "seq" || weights.node.kind !== "seq") continue;
    const p = paths.node.items.length;
    const w = weights.node.items.length;
    if (p === w) continue;
    report({
      messageId: "weights",
      data: { weightsKey: weights.spelling, pathsKey: paths.spelling, w, p },
      location: weights.node.span,
      related: [{ label: `${p} path(s) here`, location: paths.node.span }],
      key: setKey(set, `${split}_data_weights`),
    });
  }
}

function checkLabels(report: Report, set: ConfigSet): void {
  const labels = written(set, "train_label_data_paths");
  if (!truthy(labels) || labels === undefined) return;
  const dataPath = written(set, "data_path");
  if (dataPath !== undefined) {
    report({
      messageId: "labelsWithDataPath",
      location: labels.keySpan,
      related: [{ label: "data_path set here", location: dataPath.keySpan }],
      key: setKey(set, "train_label_data_paths"),
    });
    return;
  }
  const train = set.keys.train_data_paths;
  if (truthy(train)) return;
  if (train !== undefined || surelyAbsent(set, "train_data_paths")) {
    report({
      messageId: "labelsWithoutPaths",
      location: labels.keySpan,
      ...(train === undefined
        ? {}
        : { related: [{ label: "train_data_paths empty here", location: train.node.span }] }),
      key: setKey(set, "train_label_data_paths"),
    });
    return;
  }
  report({
    messageId: "labelsWithoutPathsElsewhere",
    location: labels.keySpan,
    severity: "warning",
    certainty: { level: "unknown", detail: elsewhere(set, "`train_data_paths`") },
    key: setKey(set, "train_label_data_paths"),
  });
}

/** Keys whose values NeoX treats as dataset prefixes, to which it appends `.bin` and `.idx` itself. */
const PREFIX_KEYS = [
  "data_path",
  ...SPLITS.map((s) => `${s}_data_paths`),
  ...SPLITS.map((s) => `${s}_label_data_paths`),
] as const;

const SUFFIX = /\.(?<ext>bin|idx)$/i;

function checkSuffixes(report: Report, set: ConfigSet): void {
  for (const key of PREFIX_KEYS) {
    const entry = written(set, key);
    if (entry === undefined) continue;
    const scalars = entry.node.kind === "seq" ? entry.node.items : [entry.node];
    for (const item of scalars) {
      if (item.kind !== "scalar" || typeof item.value !== "string") continue;
      const match = SUFFIX.exec(item.value);
      if (!match) continue;
      const ext = match.groups?.ext ?? "bin";
      const prefix = item.value.slice(0, -ext.length - 1);
      const replacement = item.raw.replace(/\.(?:bin|idx)(?<quote>["']?)$/i, "$<quote>");
      report({
        messageId: "fileSuffix",
        data: { key: entry.spelling, path: item.value, prefix, ext },
        location: item.span,
        fix: {
          description: `Write the prefix \`${prefix}\` without \`.${ext}\`.`,
          edits: replacement !== item.raw ? [{ span: item.span, replacement }] : [],
        },
        key: setKey(set, `${key}:suffix:${item.value}`),
      });
    }
  }
}

/**
 * NXC218: the data path combinations NeoX's `validate_values` and `calculate_derived` reject
 * (knowledge/pitfalls.md item 27): `data_path` with split paths, split paths not all given, weights whose
 * length differs from their paths, and `train_label_data_paths` without `train_data_paths`.
 */
export const dataPathsRule = defineRule(
  {
    id: "NXC218",
    name: "data-paths",
    severity: "error",
    description:
      "`data_path` combined with train/valid/test paths, split paths not all given, weights that do not match their paths, label paths without `train_data_paths`, or a path ending in `.bin`/`.idx`.",
    messages: {
      fileSuffix:
        "`{{key}}` names `{{path}}`, a file, but NeoX expects the prefix of an indexed dataset and appends `.bin` and `.idx` itself: it looks for `{{path}}.bin` and `{{path}}.idx`, finds neither, and the job stops when it builds the datasets. Write `{{prefix}}`.",
      both: "`{{key}}` and `data_path` are both set: NeoX takes *either* one `data_path` (split into train/valid/test) *or* `train_data_paths`, `valid_data_paths` and `test_data_paths`, and asserts otherwise, so the job stops at start. Keep one of the two.",
      allOrNone:
        'This run gives some split data paths but not {{missing}}: NeoX asserts "One or more of train/valid/test data_path are not provided" and the job stops at start. Give all three (the same paths may be reused), or use a single `data_path`.',
      allOrNoneElsewhere:
        'This config gives some split data paths but not {{missing}}: unless another file passed with it sets them, NeoX asserts "One or more of train/valid/test data_path are not provided" and the job stops at start.',
      weights:
        "`{{weightsKey}}` has {{w}} weight(s) but `{{pathsKey}}` has {{p}} path(s): NeoX asserts they have the same length and the job stops at start. Give one weight per path.",
      labelsWithDataPath:
        '`train_label_data_paths` cannot be used with `data_path`: NeoX asserts "Must use `train_label_data_paths` with `train_data_paths`, not `data_path`" and the job stops at start. Replace `data_path` with `train_data_paths`, `valid_data_paths` and `test_data_paths`.',
      labelsWithoutPaths:
        '`train_label_data_paths` needs `train_data_paths`, which this run does not give: NeoX asserts "Must use `train_label_data_paths` with `train_data_paths`, not `data_path`" and the job stops at start. Add `train_data_paths` (and the valid/test paths).',
      labelsWithoutPathsElsewhere:
        '`train_label_data_paths` needs `train_data_paths`, which this config does not set: unless another file passed with it sets them, NeoX asserts "Must use `train_label_data_paths` with `train_data_paths`, not `data_path`" and the job stops at start.',
    },
  },
  (ctx) => {
    const report: Report = (d) => ctx.report(d);
    for (const set of ctx.head.configSets) {
      checkSplits(report, set);
      checkWeights(report, set);
      checkLabels(report, set);
      checkSuffixes(report, set);
    }
  },
);
