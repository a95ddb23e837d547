import { defineRule } from "../engine/define-rule.js";
import { eachConfigSet } from "./support/each-config-set.js";
import { fileStart } from "./support/config-values.js";

/**
 * NXC222: two files of one config set with the same basename (knowledge/pitfalls.md §3 and item 9).
 * NeoX stores the config files by basename to save them with every checkpoint, and asserts that the
 * names are unique before anything starts.
 */
export const sameBasenameConfigsRule = defineRule(
  {
    id: "NXC222",
    name: "same-basename-configs",
    severity: "error",
    description: "Two config files of one run with the same file name (NeoX asserts).",
    messages: {
      clash:
        '`{{basename}}` is passed to NeoX twice in config set {{set}} ({{paths}}): NeoX saves the config files with each checkpoint under their file names and asserts "At least two config files have the same filename", so the job stops at start. Rename one of them.',
    },
  },
  eachConfigSet((set, ctx) => {
    for (const clash of set.basenameClashes) {
      const [first, ...others] = clash.paths;
      if (first === undefined || others.length === 0) continue;
      const byPath = new Map(set.files.map((f) => [f.path, f]));
      // NeoX trips on the second file with the name; the first is where it was first seen.
      const second = others[0] as string;
      ctx.report({
        messageId: "clash",
        data: {
          basename: clash.basename,
          set: JSON.stringify(set.name),
          paths: clash.paths.map((p) => `\`${p}\``).join(", "),
        },
        location: fileStart(byPath.get(second), second),
        related: [first, ...others.slice(1)].map((p) => ({
          label: p === first ? "first file with this name" : "also this name",
          location: fileStart(byPath.get(p), p),
        })),
        key: `basename:${clash.basename}@${set.name}`,
      });
    }
  }),
);
