import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    pool: "threads",
    // Property tests without a seed of their own run a fixed one (test/support/fast_check_seed.ts).
    setupFiles: ["test/support/fast_check_seed.ts"],
    // The JSON report is what .ci/run counts ("N passed, N failed").
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
