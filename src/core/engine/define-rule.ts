import { DOCS_URL } from "../project.js";
import { z } from "zod";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

/** Where rule docs live; each rule's page is `docs/rules/<id>-<name>.md`. */
export const DOCS_BASE = `${DOCS_URL}rules/`;

/** The options of a rule that takes none: an empty object, and nothing else. */
const NO_OPTIONS = z.object({}).strict();

/**
 * Declares a rule: metadata plus a pure check over the model. A rule without options leaves `options`
 * out and accepts only `{}`.
 */
export function defineRule<Schema extends z.ZodType = typeof NO_OPTIONS>(
  meta: Omit<RuleMeta<Schema>, "options"> & { options?: Schema },
  check: (ctx: RuleContext<z.infer<Schema>>) => void,
): Rule<Schema> {
  // Without `options`, Schema is its default (NO_OPTIONS), so the cast names the value it already is.
  const options = meta.options ?? (NO_OPTIONS as z.ZodType as Schema);
  return { meta: { ...meta, options, docsUrl: `${DOCS_BASE}${meta.id}-${meta.name}.md` }, check };
}
