import type { Rule } from "../engine/types.js";
import { repoConfigRule } from "./repo-config.js";
import { batchSizeArithmeticRule } from "./batch-size-arithmetic.js";
import { bf16PipelineZeroGradAccumRule } from "./bf16-pipeline-zero-grad-accum.js";
import { checkpointSaveSettingsRule } from "./checkpoint-save-settings.js";
import { deepspeedExtraArgsShadowingRule } from "./deepspeed-extra-args-shadowing.js";
import { derivedKeyIgnoredRule } from "./derived-key-ignored.js";
import { lrScheduleRule } from "./lr-schedule.js";
import { moeZeroStageRule } from "./moe-zero-stage.js";
import { precisionConflictRule } from "./precision-conflict.js";
import { zeroStageVsParallelismRule } from "./zero-stage-vs-parallelism.js";
import { attentionConfigRule } from "./attention-config.js";
import { groupedQueryAttentionRule } from "./grouped-query-attention.js";
import { tokenizerFilesRule } from "./tokenizer-files.js";
import { modelShapeRule } from "./model-shape.js";
import { precisionSpecificOptionsRule } from "./precision-specific-options.js";
import { postTrainingModeRule } from "./post-training-mode.js";
import { dataPathsRule } from "./data-paths.js";
import { deprecatedZeroKeysRule } from "./deprecated-zero-keys.js";
import { finetuneWithoutLoadRule } from "./finetune-without-load.js";
import { checkpointShapeChangeRule } from "./checkpoint-shape-change.js";
import { sameBasenameConfigsRule } from "./same-basename-configs.js";
import { finetuneBf16StaleMasterWeightsRule } from "./finetune-bf16-stale-master-weights.js";
import { bf16ResumeLoadSerialRule } from "./bf16-resume-load-serial.js";
import { bf16PipelineZero1OldDeepspeedRule } from "./bf16-pipeline-zero1-old-deepspeed.js";
import { torch2OldDeepspeedRule } from "./torch2-old-deepspeed.js";
import { flashAttentionVersionRule } from "./flash-attention-version.js";
import { sparseAttentionTorch2Rule } from "./sparse-attention-torch2.js";
import { upstreamDeepspeedForNeoxRule } from "./upstream-deepspeed-for-neox.js";
import { unknownKeyRule } from "./unknown-key.js";
import { duplicateKeyRule } from "./duplicate-key.js";
import { invalidYamlRule } from "./invalid-yaml.js";
import { typeMismatchRule } from "./type-mismatch.js";
import { unpinnedDeepspeedRule } from "./unpinned-deepspeed.js";
import { pinDriftRule } from "./pin-drift.js";
import { invalidRequirementRule } from "./invalid-requirement.js";
import { misleadingEggRule } from "./misleading-egg.js";
import { fp16TypeIgnoredRule } from "./fp16-type-ignored.js";
import { modelSizeVsNameRule } from "./model-size-vs-name.js";
import { gatedMlpWidthRule } from "./gated-mlp-width.js";
import { debugLeftoverRule } from "./debug-leftover.js";
import { uninstallablePinRule } from "./uninstallable-pin.js";
import { numpy2AbiRule } from "./numpy2-abi.js";
/**
 * The one registry of rules, sorted by id. Ids are product surface: never reused, never renumbered.
 * Add a rule: its module in this folder, its doc in docs/rules/<id>-<name>.md, its table test in
 * test/core/rules/<name>.test.ts (the parity test checks all three).
 */
export const rules: readonly Rule[] = [
  repoConfigRule,
  zeroStageVsParallelismRule,
  bf16PipelineZeroGradAccumRule,
  precisionConflictRule,
  batchSizeArithmeticRule,
  lrScheduleRule,
  checkpointSaveSettingsRule,
  deepspeedExtraArgsShadowingRule,
  derivedKeyIgnoredRule,
  moeZeroStageRule,
  attentionConfigRule,
  groupedQueryAttentionRule,
  tokenizerFilesRule,
  modelShapeRule,
  precisionSpecificOptionsRule,
  postTrainingModeRule,
  dataPathsRule,
  deprecatedZeroKeysRule,
  finetuneWithoutLoadRule,
  checkpointShapeChangeRule,
  sameBasenameConfigsRule,
  finetuneBf16StaleMasterWeightsRule,
  bf16ResumeLoadSerialRule,
  bf16PipelineZero1OldDeepspeedRule,
  torch2OldDeepspeedRule,
  flashAttentionVersionRule,
  sparseAttentionTorch2Rule,
  upstreamDeepspeedForNeoxRule,
  unknownKeyRule,
  duplicateKeyRule,
  invalidYamlRule,
  typeMismatchRule,
  unpinnedDeepspeedRule,
  pinDriftRule,
  invalidRequirementRule,
  misleadingEggRule,
  fp16TypeIgnoredRule,
  modelSizeVsNameRule,
  gatedMlpWidthRule,
  debugLeftoverRule,
  uninstallablePinRule,
  numpy2AbiRule,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
