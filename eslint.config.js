import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** node:util is pure (styleText for colours); everything else of node: is I/O. */
const NO_IO = [
  {
    group: ["node:*", "!node:util", "fs", "path", "child_process", "http", "https", "net"],
    message: "core and report are pure: no I/O.",
  },
  { group: ["probot", "@octokit/*"], message: "core and report do not know GitHub." },
];

/**
 * The import direction, lowest first: each layer may import the layers before it and never one after it
 * (README, "How it is built"). `files`: what belongs to the layer; `imports`: a pattern matching an import
 * specifier that points into the layer (relative paths, so folder and file names); `pure`: no I/O.
 * The adapters are the CLI, the App and the Action, with `src/adapters` for what they share.
 * `src/core/project.ts` (the project's URLs) sits with the model: every layer may import it.
 */
export const LAYERS = [
  {
    name: "model",
    files: ["src/core/model/**/*.ts", "src/core/project.ts"],
    imports: "(^|/)model(/|\\.js$)",
    pure: true,
  },
  { name: "parse", files: ["src/core/parse/**/*.ts"], imports: "(^|/)parse(/|\\.js$)", pure: true },
  {
    name: "versioning",
    files: ["src/core/versioning/**/*.ts"],
    imports: "(^|/)versioning(/|\\.js$)",
    pure: true,
  },
  {
    name: "knowledge",
    files: ["src/core/knowledge/**/*.ts"],
    imports: "(^|/)knowledge(/|\\.js$)",
    pure: true,
  },
  { name: "engine", files: ["src/core/engine/**/*.ts"], imports: "(^|/)engine(/|\\.js$)", pure: true },
  { name: "rules", files: ["src/core/rules/**/*.ts"], imports: "(^|/)rules(/|\\.js$)", pure: true },
  {
    name: "analyze",
    files: ["src/core/*.ts", "src/core/analyze/**/*.ts", "src/core/environment/**/*.ts"],
    ignores: ["src/core/project.ts"],
    imports: "(^|/)(analyze|memory-workspace)(/|\\.js$)|(^|/)environment/",
    pure: true,
  },
  { name: "report", files: ["src/report/**/*.ts"], imports: "(^|/)report(/|\\.js$)", pure: true },
  {
    name: "adapters",
    files: ["src/cli/**/*.ts", "src/github/**/*.ts", "src/action/**/*.ts", "src/adapters/**/*.ts"],
    imports: "(^|/)(cli|github|action|adapters)(/|\\.js$)",
    pure: false,
  },
];

/** One block per layer: no imports of a higher layer, of code outside src/ (and, for the pure ones, of I/O). */
const layerBlocks = LAYERS.map((layer, index) => {
  const outside = {
    regex: "^(\\.\\./)+(test|demo|scripts|bench)/",
    message: `${layer.name}: src/ does not import tests, the demo, scripts or benchmarks.`,
  };
  const higher = LAYERS.slice(index + 1).map((above) => ({
    regex: above.imports,
    message: `${layer.name} is below ${above.name}: the import direction is ${LAYERS.map((l) => l.name).join(" <- ")}.`,
  }));
  return {
    files: layer.files,
    ignores: layer.ignores ?? [],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...(layer.pure ? NO_IO : []), outside, ...higher] }],
    },
  };
});

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
    rules: { "@typescript-eslint/no-explicit-any": "error" },
  },
  ...layerBlocks,
);
