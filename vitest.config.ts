import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // both cores of the 2-vCPU machines this runs on (vitest's default leaves one idle): the suite
    // takes ~90 s instead of ~145 s there when the machine is otherwise quiet
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts"],
  },
});
