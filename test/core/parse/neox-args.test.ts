import { parsePythonLiteral, readDataclassFields } from "../../../src/core/parse/neox-args-python.js";
import {
  readNeoxArgsFromSource,
  removedNeoxArgs,
  shippedNeoxArgs,
} from "../../../src/core/parse/neox-args.js";

/** A small argument module in the style of megatron/neox_arguments/neox_args.py, written for this test. */
const NEOX_ARGS_PY = `# Copyright notice
from dataclasses import dataclass
from typing import Literal, Optional

try:
    from .template import NeoXArgsTemplate
except ImportError:
    from template import NeoXArgsTemplate


@dataclass
class NeoXArgsParallelism(NeoXArgsTemplate):
    """
    Parallelism Arguments
    note: this docstring line looks like a field and is not one
    """

    pipe_parallel_size: int = 0
    """
    Number of pipeline parallel stages. Disable with 0.
    """

    model_parallel_size: int = 1  # a comment: not part of the default
    """Size of the model parallelism."""

    pipe_partition_method: str = "type:transformer|mlp"

    # ---a section comment---
    precision: Literal["fp16", "fp32", "bfloat16"] = None

    attention_config: list = None

    norm: Literal[
        "layernorm",
        "rmsnorm",
    ] = "layernorm"

    betas: tuple = (0.9, 0.95)

    eps: float = 1.0e-8

    big: int = int(5e8)

    no_default: Optional[str]

    brand_new_option: bool = True

    def helper(self) -> int:
        local: int = 3
        return local


class Unrelated:
    not_an_arg: int = 1


@dataclass
class NeoXArgsDeepspeedRunner(NeoXArgsTemplate):
    hostfile: str = None
    force_multi: bool = False
    force_multi: bool = True
`;

describe("readDataclassFields", () => {
  it("reads the fields of NeoXArgs classes as written, skipping docstrings, comments and methods", () => {
    expect(readDataclassFields(NEOX_ARGS_PY)).toEqual([
      { name: "pipe_parallel_size", type: "int", default: 0, group: "NeoXArgsParallelism" },
      { name: "model_parallel_size", type: "int", default: 1, group: "NeoXArgsParallelism" },
      {
        name: "pipe_partition_method",
        type: "str",
        default: "type:transformer|mlp",
        group: "NeoXArgsParallelism",
      },
      {
        name: "precision",
        type: 'Literal["fp16", "fp32", "bfloat16"]',
        default: null,
        group: "NeoXArgsParallelism",
      },
      { name: "attention_config", type: "list", default: null, group: "NeoXArgsParallelism" },
      {
        name: "norm",
        type: 'Literal[ "layernorm", "rmsnorm", ]',
        default: "layernorm",
        group: "NeoXArgsParallelism",
      },
      { name: "betas", type: "tuple", default: [0.9, 0.95], group: "NeoXArgsParallelism" },
      { name: "eps", type: "float", default: 1e-8, group: "NeoXArgsParallelism" },
      // not a literal: no default is claimed
      { name: "big", type: "int", default: null, group: "NeoXArgsParallelism" },
      { name: "no_default", type: "Optional[str]", default: null, group: "NeoXArgsParallelism" },
      { name: "brand_new_option", type: "bool", default: true, group: "NeoXArgsParallelism" },
      { name: "hostfile", type: "str", default: null, group: "NeoXArgsDeepspeedRunner" },
      // declared twice: Python keeps the last annotation
      { name: "force_multi", type: "bool", default: true, group: "NeoXArgsDeepspeedRunner" },
    ]);
  });

  it("finds nothing in other Python", () => {
    expect(readDataclassFields("import os\n\ndef main():\n    x: int = 1\n")).toEqual([]);
    expect(readDataclassFields("")).toEqual([]);
  });
});

describe("readNeoxArgsFromSource", () => {
  it("builds the repository's argument list, with the v1/v2 history from the shipped list", () => {
    const info = readNeoxArgsFromSource([
      { path: "megatron/neox_arguments/neox_args.py", text: NEOX_ARGS_PY },
      { path: "megatron/neox_arguments/__init__.py", text: "from .arguments import NeoXArgs\n" },
    ]);
    expect(info?.source).toBe("repository");
    expect(info?.paths).toEqual(["megatron/neox_arguments/neox_args.py"]);
    expect(Object.keys(info?.args ?? {})).toHaveLength(13);
    expect(info?.args["pipe_parallel_size"]).toEqual({
      name: "pipe_parallel_size",
      type: "int",
      default: 0,
      group: "NeoXArgsParallelism",
      passedToDeepspeedConfig: false,
      deepspeedLauncherArg: false,
      presentAtV1: true,
      presentAtV2: true,
    });
    expect(info?.args["hostfile"]).toMatchObject({ deepspeedLauncherArg: true, presentAtV1: true });
    expect(info?.args["brand_new_option"]).toMatchObject({ presentAtV1: false, presentAtV2: false });
  });

  it("keeps the first definition when two files define one name", () => {
    const info = readNeoxArgsFromSource([
      {
        path: "megatron/neox_arguments/neox_args.py",
        text: "class NeoXArgsModel:\n    seed: int = 1234\n",
      },
      {
        path: "megatron/neox_arguments/deepspeed_args.py",
        text: "class NeoXArgsDeepspeedConfig:\n    seed: int = 1\n    bf16: dict = None\n",
      },
    ]);
    expect(info?.paths).toEqual([
      "megatron/neox_arguments/deepspeed_args.py",
      "megatron/neox_arguments/neox_args.py",
    ]);
    expect(info?.args["bf16"]).toMatchObject({
      group: "NeoXArgsDeepspeedConfig",
      passedToDeepspeedConfig: true,
    });
    // files are read in path order: deepspeed_args.py first
    expect(info?.args["seed"]).toMatchObject({ default: 1, group: "NeoXArgsDeepspeedConfig" });
  });

  it("is null when nothing defines a field", () => {
    expect(readNeoxArgsFromSource([])).toBeNull();
    expect(
      readNeoxArgsFromSource([
        {
          path: "megatron/neox_arguments/template.py",
          text: "class NeoXArgsTemplate:\n    def defaults(self):\n        pass\n",
        },
      ]),
    ).toBeNull();
  });
});

describe("shipped NeoX arguments", () => {
  it("has every argument of the knowledge base, keyed by name", () => {
    const info = shippedNeoxArgs();
    expect(info).toMatchObject({ source: "shipped", paths: [] });
    expect(Object.keys(info.args)).toHaveLength(318);
    expect(info.args["finetune"]).toEqual({
      name: "finetune",
      type: "bool",
      default: false,
      group: "NeoXArgsTraining",
      passedToDeepspeedConfig: false,
      deepspeedLauncherArg: false,
      presentAtV1: true,
      presentAtV2: true,
    });
    expect(info.args["bf16"]).toMatchObject({ passedToDeepspeedConfig: true, presentAtV1: false });
    expect(info.args["gas"]).toBeUndefined();
  });

  it("lists the keys removed since v1.0 with the change that removed them", () => {
    expect(removedNeoxArgs().map((arg) => [arg.name, arg.replacement, arg.pr])).toEqual([
      ["save_interval", "checkpoint_factor", "EleutherAI/gpt-neox#737"],
      ["zero_allow_untested_optimizer", "deepspeed_extra_args", "EleutherAI/gpt-neox#819"],
      ["gas", "gradient_accumulation_steps", "EleutherAI/gpt-neox#1144"],
      ["detect_nvlink_pairs", null, "EleutherAI/gpt-neox#1339"],
      ["save_iters", null, null],
    ]);
  });
});

describe("parsePythonLiteral", () => {
  it.each([
    ["None", null],
    ["True", true],
    ["False", false],
    ["0", 0],
    ["-1", -1],
    ["1_000", 1000],
    ["0x10", 16],
    ["1.0e-8", 1e-8],
    ["5e8", 5e8],
    [".5", 0.5],
    ["\"a\" 'b'", "ab"],
    ["'it\\'s'", "it's"],
    ["[1, 'two', None]", [1, "two", null]],
    ["(0.9, 0.95,)", [0.9, 0.95]],
    ["{'a': 1, \"b\": [True]}", { a: 1, b: [true] }],
  ])("%s", (source, value) => {
    expect(parsePythonLiteral(source)).toEqual({ value });
  });

  it.each(["int(5e8)", "field(default_factory=list)", "os.environ['X']", "[1, 2", "'open", ""])(
    "%s is not a literal",
    (source) => {
      expect(parsePythonLiteral(source)).toBeUndefined();
    },
  );
});
