import { availableParallelism } from "node:os";

/** Jest 30 in ESM mode (run through `node --experimental-vm-modules`), TypeScript via ts-jest. */
export default {
  preset: "ts-jest/presets/default-esm",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    // isolatedModules (tsconfig.json) makes ts-jest transpile each file alone, without type information;
    // `npm run typecheck` checks types.
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: false }],
  },
  // Jest's default (cores - 1) runs everything in one process on a 2-core machine; the main process
  // mostly waits, so use every core.
  maxWorkers: Math.max(2, availableParallelism()),
  testTimeout: 30000,
};
