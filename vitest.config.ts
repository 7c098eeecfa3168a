import { defineConfig } from "vitest/config"

// Workspace packages resolve to their TypeScript sources (the "@effect-twilio/source" export
// condition), so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ["@effect-twilio/source"] },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/test/**/*.test.ts"],
    sequence: { concurrent: false },
    testTimeout: 30_000
  }
})
