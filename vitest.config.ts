import { defineConfig } from "vitest/config"

// Workspace packages resolve to their TypeScript sources (the "@effect-twilio/source" export
// condition), so tests never need a build first. The rest are Vite's default server conditions.
const conditions = ["@effect-twilio/source", "module", "node", "development|production"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/test/**/*.test.ts"],
    testTimeout: 30_000,
    // The JSON report is what .ci/run counts passed and failed tests from.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" }
  }
})
