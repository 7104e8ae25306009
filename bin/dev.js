#!/usr/bin/env node
// Runs the compiled commands after rebuilding them, so a developer never runs stale dist/ by mistake.
import { execSync } from "node:child_process";
import { fileURLToPath } from "node:url";

execSync("npx tsc -p tsconfig.json", { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: "inherit" });
const { execute } = await import("@oclif/core");
await execute({ development: false, dir: import.meta.url });
