import { globError } from "../engine/glob.js";
import { repoConfigSchemaFor } from "../engine/repo-config.js";
import { rules } from "../rules/index.js";

/**
 * `.github/neox-check.yml` as this build validates it: the generic schema with every rule's id and
 * options, and globs the matcher cannot read reported (NXC001) instead of matching nothing. The JSON
 * Schema for editors (`schema/neox-check.schema.json`) is generated from it.
 */
export const checkedRepoConfigSchema = repoConfigSchemaFor(
  rules.map((rule) => ({
    id: rule.meta.id,
    options: rule.meta.options,
    description: `${rule.meta.name}: ${rule.meta.description}`,
  })),
  { globError },
);
