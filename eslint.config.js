import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".cache/",
      "dist/",
      "node_modules/",
      "coverage/",
      "demo-output/",
      "bench-output/",
      "**/*.generated.json",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use string-literal unions or `as const` maps." },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts", "src/report/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // node:util is pure (styleText for colours); everything else of node: is I/O.
              group: ["node:*", "!node:util", "fs", "path", "child_process", "http", "https", "net"],
              message: "core and report are pure: no I/O.",
            },
            { group: ["probot", "@octokit/*"], message: "core and report do not know GitHub." },
          ],
        },
      ],
    },
  },
);
