/** The knowledge base: advisories and tables shipped as data, and offline ref resolution. */
export { advisoriesForRule, loadKnowledge } from "./load-knowledge.js";
export { createTableResolver, type TableResolverOptions } from "./table-resolver.js";
export { chainResolvers } from "./chain-resolvers.js";
export { evaluateGitRange, type GitRangeVerdict } from "./evaluate-git-range.js";
export { advisorySchema, type Advisory, type AdvisoryRange, type AffectedPackage, type RangeEvent } from "./schema.js";
export type { DeepSpeedRelease, Knowledge } from "./types.js";
export { DEEPERSPEED_REPO } from "./repositories.js";
