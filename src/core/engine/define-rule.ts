import { DOCS_URL } from "../project.js";
import type { z } from "zod";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

/** Where rule docs live; each rule's page is `docs/rules/<id>-<name>.md`. */
export const DOCS_BASE = `${DOCS_URL}rules/`;

/** Declares a rule: metadata plus a pure check over the model. */
export function defineRule<Schema extends z.ZodType>(
  meta: RuleMeta<Schema>,
  check: (ctx: RuleContext<z.infer<Schema>>) => void,
): Rule<Schema> {
  return { meta: { ...meta, docsUrl: `${DOCS_BASE}${meta.id}-${meta.name}.md` }, check };
}
