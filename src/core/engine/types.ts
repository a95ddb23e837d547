import type { z } from "zod";
import type {
  Certainty,
  ConfigFile,
  ConfigSet,
  DependencyFile,
  Environment,
  Fix,
  NeoxArgsInfo,
  Pin,
  RefResolution,
  RelatedLocation,
  Severity,
  Span,
} from "../model/index.js";
import type { Knowledge } from "../knowledge/types.js";
import type { RepoConfigProblem } from "./load-repo-config.js";
import type { RepoConfig } from "./repo-config.js";

/** Everything the rules can see of one snapshot (head or base). */
export interface WorkspaceModel {
  configs: ConfigFile[];
  configSets: ConfigSet[];
  dependencyFiles: DependencyFile[];
  /** Every pin of every dependency file, in file order. */
  pins: Pin[];
  neoxArgs: NeoxArgsInfo;
  /** What runs these configs: the repository's NeoX (or derived framework) and its DeepSpeed install paths. */
  environment: Environment;
  /** Git refs of forks resolved before the rules run, keyed by `refKey(repo, ref)`. */
  refs: Record<string, RefResolution>;
  /** The repo configuration file and what is wrong with it (head only; empty on the base). */
  repoConfig: {
    path: string | null;
    problems: RepoConfigProblem[];
    /** `ignore` entries whose `until` date has passed: they no longer apply, and the report says so. */
    expiredIgnores: Array<{ rule: string; path: string; until: string; reason: string }>;
  };
}

/** The key of a resolved fork ref in `WorkspaceModel.refs`. */
export function refKey(repo: string, ref: string): string {
  return `${repo.toLowerCase()}@${ref}`;
}

/** What a rule passes to `ctx.report`. */
export interface ReportDescriptor {
  messageId: string;
  /** Values for `{{placeholders}}` in the message. */
  data?: Record<string, string | number>;
  location: Span;
  related?: RelatedLocation[];
  advisory?: string;
  certainty?: Certainty;
  fix?: Fix;
  /** Overrides the rule's default severity for this finding (e.g. warning when a part is unknown). */
  severity?: Severity;
  /**
   * What identifies this finding across unrelated edits, besides the rule and the file of `location`:
   * a key path (`finetune`), a package (`pkg:deepspeed`), or both. Never a line number.
   */
  key: string;
}

export interface RuleContext<Options> {
  options: Options;
  head: WorkspaceModel;
  /** The base snapshot, when comparing (for rules about a change, such as NXC221). */
  base: WorkspaceModel | null;
  knowledge: Knowledge;
  /** The repo configuration's `assume` section. */
  assume: RepoConfig["assume"];
  report(descriptor: ReportDescriptor): void;
}

export interface RuleMeta<Schema extends z.ZodType> {
  /** `NXC###`, stable, never reused. */
  id: string;
  /** Kebab-case, reads as the problem. */
  name: string;
  severity: Severity;
  /** One line: what the rule checks. */
  description: string;
  /** Message templates keyed by message id, with `{{placeholders}}`. */
  messages: Record<string, string>;
  options: Schema;
}

export interface Rule<Schema extends z.ZodType = z.ZodType> {
  meta: RuleMeta<Schema> & { docsUrl: string };
  check(ctx: RuleContext<z.infer<Schema>>): void;
}
