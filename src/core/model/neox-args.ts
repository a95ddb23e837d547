/** One GPT-NeoX argument (a dataclass field of `megatron/neox_arguments`). */
export interface NeoxArg {
  name: string;
  /** The type annotation as written (`int`, `Optional[str]`, `Literal['fp16', 'fp32', 'bfloat16']`). */
  type: string;
  default: unknown;
  group: string;
  passedToDeepspeedConfig: boolean;
  deepspeedLauncherArg: boolean;
  presentAtV1: boolean;
  presentAtV2: boolean;
}

/** The argument names in force for the configs being checked, and where they come from. */
export interface NeoxArgsInfo {
  /** `repository`: read from the repository's own `megatron/neox_arguments/*.py`; `shipped`: the project's data. */
  source: "repository" | "shipped";
  /** Path of the files read, for `repository`. */
  paths: string[];
  args: Record<string, NeoxArg>;
  /**
   * A NeoX-derived framework the arguments were read from (`savanna`, whose classes are `GlobalConfig*`);
   * absent for GPT-NeoX itself.
   */
  framework?: string;
  /** Module-level choice lists of the argument code (`ATTENTION_TYPE_CHOICES`, `operator_type_CHOICES`). */
  choiceLists?: Record<string, string[]>;
}
