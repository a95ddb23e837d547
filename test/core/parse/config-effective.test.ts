import type { EffectiveConfig, Sourced } from "../../../src/core/model/config.js";
import { parseConfig } from "../../../src/core/parse/config.js";
import { buildConfigSet } from "../../../src/core/parse/config-set.js";

/** Keys that make a file a whole run (model shape and training length). */
const WHOLE = '"num_layers": 2, "hidden_size": 8, "num_attention_heads": 2, "train_iters": 10';

function effective(kind: "whole" | "fragment", body: string): EffectiveConfig {
  const text = kind === "whole" ? `{${WHOLE}${body ? `,\n ${body}` : ""}}` : `{${body}}`;
  const file = parseConfig("run.yml", text);
  expect(file.diagnostics).toEqual([]);
  expect(file.fragment).toBe(kind === "fragment");
  return buildConfigSet([file], { declared: false }).effective;
}

type Shown = { state: string; value?: unknown; via?: string; at?: string; reason?: string };

/** A Sourced value in a short form: `at` is `line:column-endColumn` of the value. */
function show<T>(value: Sourced<T>): Shown {
  switch (value.state) {
    case "set":
      return {
        state: "set",
        value: value.value,
        via: value.via,
        at: `${value.at.line}:${value.at.column}-${value.at.endColumn}`,
      };
    case "default":
      return { state: "default", value: value.value };
    case "unknown":
      return { state: "unknown", reason: value.reason };
  }
}

const set = (value: unknown, via: string, at: string): Shown => ({ state: "set", value, via, at });
const byDefault = (value: unknown): Shown => ({ state: "default", value });
const unknown = (reason: string | RegExp): Shown =>
  ({
    state: "unknown",
    reason: typeof reason === "string" ? reason : expect.stringMatching(reason),
  }) as Shown;

describe("effective precision", () => {
  // In the whole-run texts the body starts on line 2, column 2: `{<WHOLE>,\n <body>}`.
  it.each<[string, "whole" | "fragment", string, Shown]>([
    ["nothing set in a whole run is fp32", "whole", "", byDefault("fp32")],
    [
      "nothing set in a fragment is unknown",
      "fragment",
      '"load": "x"',
      unknown(
        "precision is not set in this fragment (another file of the run may set it): no precision, fp16.enabled or bf16.enabled is on here",
      ),
    ],
    ["precision: bfloat16", "whole", '"precision": "bfloat16"', set("bfloat16", "precision", "2:15-25")],
    ["precision: fp16", "whole", '"precision": "fp16"', set("fp16", "precision", "2:15-21")],
    ["precision: fp32", "whole", '"precision": "fp32"', set("fp32", "precision", "2:15-21")],
    ["bf16.enabled: true", "whole", '"bf16": {"enabled": true}', set("bfloat16", "bf16.enabled", "2:22-26")],
    ["bf16.enabled: True", "whole", '"bf16": {"enabled": True}', set("bfloat16", "bf16.enabled", "2:22-26")],
    [
      "bf16.enabled: yes (YAML 1.1)",
      "whole",
      '"bf16": {"enabled": yes}',
      set("bfloat16", "bf16.enabled", "2:22-25"),
    ],
    ["bf16.enabled: 1", "whole", '"bf16": {"enabled": 1}', set("bfloat16", "bf16.enabled", "2:22-23")],
    ["fp16.enabled: true", "whole", '"fp16": {"enabled": true}', set("fp16", "fp16.enabled", "2:22-26")],
    [
      "bf16.enabled in a fragment",
      "fragment",
      '"bf16": {"enabled": true}',
      set("bfloat16", "bf16.enabled", "1:22-26"),
    ],
    [
      "bf16 and precision agree",
      "whole",
      '"precision": "bfloat16", "bf16": {"enabled": true}',
      set("bfloat16", "bf16.enabled", "2:47-51"),
    ],
    // NeoX forces fp16.enabled on when precision is fp16
    [
      "precision fp16 with fp16.enabled false",
      "whole",
      '"precision": "fp16", "fp16": {"enabled": false}',
      set("fp16", "precision", "2:15-21"),
    ],
    ["bf16.enabled: false in a whole run", "whole", '"bf16": {"enabled": false}', byDefault("fp32")],
    ["an fp16 block without enabled", "whole", '"fp16": {"loss_scale": 0}', byDefault("fp32")],
    ["bf16: null", "whole", '"bf16": null', byDefault("fp32")],
    [
      "bf16.enabled: false in a fragment",
      "fragment",
      '"bf16": {"enabled": false}',
      unknown(/not set in this fragment/),
    ],
    [
      'bf16.enabled: "true" (a string)',
      "whole",
      '"bf16": {"enabled": "true"}',
      unknown(
        'bf16.enabled is the string "true", not a boolean: NeoX treats any non-empty string as enabled, and DeepSpeed\'s reading of it depends on its version',
      ),
    ],
    [
      'fp16.enabled: "false" (a string)',
      "whole",
      '"fp16": {"enabled": "false"}',
      unknown(/^fp16.enabled is the string "false"/),
    ],
    ["fp16: true (not a mapping)", "whole", '"fp16": true', unknown("fp16 is true, not a mapping")],
    [
      "old-style fp16.type: bfloat16",
      "whole",
      '"fp16": {"enabled": true, "type": "bfloat16"}',
      unknown(/^fp16.type is bfloat16: older NeoX \(v1.0\) read it as bfloat16/),
    ],
    ["precision: BFloat16", "whole", '"precision": "BFloat16"', unknown(/case-insensitive check/)],
    [
      "precision: bf16",
      "whole",
      '"precision": "bf16"',
      unknown('precision is "bf16": NeoX accepts fp16, fp32 or bfloat16'),
    ],
    ["precision: null", "whole", '"precision": null', byDefault("fp32")],
  ])("%s", (_name, kind, body, expected) => {
    expect(show(effective(kind, body).precision)).toEqual(expected);
  });

  it.each([
    [
      '"fp16": {"enabled": true}, "bf16": {"enabled": true}',
      "fp16.enabled and bf16.enabled are both true: DeepSpeed refuses to start (bfloat16 and fp16 modes cannot be simultaneously enabled)",
      ["2:22-26", "2:49-53"],
    ],
    [
      '"precision": "fp32", "fp16": {"enabled": true}',
      'precision is fp32 but fp16.enabled is true: NeoX asserts "DeepSpeed fp16 field was set but precision conflicts"',
      ["2:15-21", "2:43-47"],
    ],
    [
      '"precision": "fp16", "bf16": {"enabled": true}',
      "precision is fp16 but bf16.enabled is true: NeoX and DeepSpeed would disagree on the precision",
      ["2:15-21", "2:43-47"],
    ],
    [
      '"precision": "bfloat16", "bf16": {"enabled": false}',
      "precision is bfloat16 but bf16.enabled is false: NeoX only adds bf16 to the DeepSpeed config when no bf16 block is written",
      ["2:15-25", "2:47-52"],
    ],
  ])("a conflict: %s", (body, message, spans) => {
    const result = effective("whole", body);
    expect(
      result.precisionConflicts.map((c) => ({
        message: c.message,
        spans: c.spans.map((s) => `${s.line}:${s.column}-${s.endColumn}`),
      })),
    ).toEqual([{ message, spans }]);
    expect(show(result.precision)).toEqual(
      unknown("the precision settings conflict (see the precision conflicts)"),
    );
  });

  it("has no conflicts for a consistent config", () => {
    expect(
      effective("whole", '"precision": "bfloat16", "bf16": {"enabled": true}').precisionConflicts,
    ).toEqual([]);
  });
});

describe("effective ZeRO stage", () => {
  it.each<[string, "whole" | "fragment", string, Shown]>([
    ["not set in a whole run: NeoX's default 0", "whole", "", byDefault(0)],
    [
      "not set in a fragment",
      "fragment",
      '"load": "x"',
      unknown("zero_optimization is not set in this fragment (another file of the run may set it)"),
    ],
    ["stage 1", "whole", '"zero_optimization": {"stage": 1}', set(1, "zero_optimization.stage", "2:33-34")],
    [
      "stage 3 in a fragment",
      "fragment",
      '"zero_optimization": {"stage": 3}',
      set(3, "zero_optimization.stage", "1:33-34"),
    ],
    ["zero_optimization: null", "whole", '"zero_optimization": null', set(0, "zero_optimization", "2:23-27")],
    [
      "no stage key",
      "whole",
      '"zero_optimization": {"overlap_comm": true}',
      unknown(/has no stage: current NeoX stops with a KeyError/),
    ],
    [
      'stage "1"',
      "whole",
      '"zero_optimization": {"stage": "1"}',
      unknown(/^zero_optimization.stage is "1": NeoX accepts 0, 1, 2 or 3/),
    ],
    ["stage 4", "whole", '"zero_optimization": {"stage": 4}', unknown(/^zero_optimization.stage is 4/)],
    ["a list", "whole", '"zero_optimization": [1]', unknown(/^zero_optimization is a list, not a mapping/)],
  ])("%s", (_name, kind, body, expected) => {
    expect(show(effective(kind, body).zeroStage)).toEqual(expected);
  });
});

describe("effective finetune, no_load_optim and load", () => {
  it.each<[string, "whole" | "fragment", string, keyof EffectiveConfig, Shown]>([
    ["finetune: true", "whole", '"finetune": true', "finetune", set(true, "finetune", "2:14-18")],
    ["finetune: yes", "whole", '"finetune": yes', "finetune", set(true, "finetune", "2:14-17")],
    ["finetune: False", "whole", '"finetune": False', "finetune", set(false, "finetune", "2:14-19")],
    [
      "finetune: null acts as false",
      "whole",
      '"finetune": null',
      "finetune",
      set(false, "finetune", "2:14-18"),
    ],
    ["finetune unset in a whole run", "whole", "", "finetune", byDefault(false)],
    [
      "finetune unset in a fragment",
      "fragment",
      '"load": "x"',
      "finetune",
      unknown(/^finetune is not set in this fragment/),
    ],
    [
      'finetune: "true"',
      "whole",
      '"finetune": "true"',
      "finetune",
      unknown(`finetune is "true", not a boolean: NeoX's type check rejects it`),
    ],
    ["finetune: 1", "whole", '"finetune": 1', "finetune", unknown(/^finetune is 1, not a boolean/)],
    [
      "no-load-optim: true",
      "whole",
      '"no-load-optim": true',
      "noLoadOptim",
      set(true, "no_load_optim", "2:19-23"),
    ],
    ["no_load_optim unset", "whole", "", "noLoadOptim", byDefault(false)],
    ["load: a path", "whole", '"load": "ckpt/"', "load", set("ckpt/", "load", "2:10-17")],
    ["load: ~", "whole", '"load": ~', "load", set(null, "load", "2:10-11")],
    ["load unset in a whole run", "whole", "", "load", byDefault(null)],
    [
      "load unset in a fragment",
      "fragment",
      '"finetune": true',
      "load",
      unknown(/^load is not set in this fragment/),
    ],
    [
      "load: 12",
      "whole",
      '"load": 12',
      "load",
      unknown("load is 12, not a path: NeoX's type check rejects it"),
    ],
  ])("%s", (_name, kind, body, field, expected) => {
    expect(show(effective(kind, body)[field] as Sourced<unknown>)).toEqual(expected);
  });
});

describe("effective parallel sizes and grad_accum_dtype", () => {
  it.each<[string, "whole" | "fragment", string, keyof EffectiveConfig, Shown]>([
    ["pipe_parallel_size unset", "whole", "", "pipeParallelSize", byDefault(0)],
    [
      "pipe-parallel-size: 2",
      "whole",
      '"pipe-parallel-size": 2',
      "pipeParallelSize",
      set(2, "pipe_parallel_size", "2:24-25"),
    ],
    [
      'pipe_parallel_size: "1"',
      "whole",
      '"pipe_parallel_size": "1"',
      "pipeParallelSize",
      unknown(/not an integer/),
    ],
    [
      "pipe_parallel_size in a fragment",
      "fragment",
      '"load": "x"',
      "pipeParallelSize",
      unknown(/^pipe_parallel_size is not set/),
    ],
    ["model_parallel_size unset", "whole", "", "modelParallelSize", byDefault(1)],
    [
      "model_parallel_size: 4",
      "whole",
      '"model_parallel_size": 4',
      "modelParallelSize",
      set(4, "model_parallel_size", "2:25-26"),
    ],
    // NeoX stores max(model_parallel_size, 1)
    [
      "model_parallel_size: 0",
      "whole",
      '"model_parallel_size": 0',
      "modelParallelSize",
      set(1, "model_parallel_size", "2:25-26"),
    ],
    ["data_types unset", "whole", "", "gradAccumDtype", byDefault(null)],
    [
      "data_types unset in a fragment",
      "fragment",
      '"load": "x"',
      "gradAccumDtype",
      unknown(/^data_types is not set/),
    ],
    [
      "grad_accum_dtype: fp32",
      "whole",
      '"data_types": {"grad_accum_dtype": "fp32"}',
      "gradAccumDtype",
      set("fp32", "data_types.grad_accum_dtype", "2:37-43"),
    ],
    // the block is written here, so no other file can add the key: DeepSpeed's default
    [
      "data_types without grad_accum_dtype, in a fragment",
      "fragment",
      '"data_types": {}',
      "gradAccumDtype",
      byDefault(null),
    ],
  ])("%s", (_name, kind, body, field, expected) => {
    expect(show(effective(kind, body)[field] as Sourced<unknown>)).toEqual(expected);
  });
});

describe("effective values across the files of a set", () => {
  it("points at the file that sets each value", () => {
    const model = parseConfig(
      "configs/model.yml",
      '{"num_layers": 2, "hidden_size": 8, "num_attention_heads": 2}',
    );
    const train = parseConfig(
      "configs/train.yml",
      '{"train_iters": 10, "finetune": true, "bf16": {"enabled": true}, "zero_optimization": {"stage": 1}}',
    );
    const setup = parseConfig("configs/local_setup.yml", '{"load": "checkpoints"}');
    const result = buildConfigSet([model, train, setup], { name: "finetune", declared: true });
    expect(result.whole).toBe(true);
    const e = result.effective;
    expect(
      [e.finetune, e.precision, e.zeroStage, e.load].map(
        (v) => v.state === "set" && [v.value, v.at.path, v.via],
      ),
    ).toEqual([
      [true, "configs/train.yml", "finetune"],
      ["bfloat16", "configs/train.yml", "bf16.enabled"],
      [1, "configs/train.yml", "zero_optimization.stage"],
      ["checkpoints", "configs/local_setup.yml", "load"],
    ]);
    expect(show(e.noLoadOptim)).toEqual(byDefault(false));
  });

  it("uses the later value when NeoX misses an underscore-then-hyphen duplicate", () => {
    const a = parseConfig("a.yml", '{"num_layers": 2, "train_iters": 10, "no_load_optim": false}');
    const b = parseConfig("b.yml", '{"no-load-optim": true}');
    const e = buildConfigSet([a, b], { declared: true }).effective;
    expect(e.noLoadOptim.state === "set" && [e.noLoadOptim.value, e.noLoadOptim.at.path]).toEqual([
      true,
      "b.yml",
    ]);
  });
});
