// npm test: build (tsc type-checks the sources), type-check the tests, lint, run vitest, then print one plain summary
// line "tests: N passed, N failed" that any CI log reader understands.
// Two tiers, both run by .ci/run on every submission:
// - `npm test`: the library — unit, property and golden tests of the engine, policies, workloads,
//   placement, simulator, cluster model, analysis, reports and gate (under 2 minutes on a quiet
//   2-core machine);
// - `npm run test:e2e` (`--e2e`): the product as a user runs it — every command (in-process and as a
//   real binary), every README line and command example as written, hardening (hangs, full disks,
//   signals), the reference cluster's nodes and operations against redis-server and redis-cli, live
//   benchmarks, and the HTML report in headless Chromium.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

// Colour only on a terminal: a log that is not a TTY, or NO_COLOR (https://no-color.org), gets plain
// text. vitest colours whenever TERM is not "dumb", so it is told with NO_COLOR; biome with --colors.
const color = process.env.FORCE_COLOR !== undefined || (process.stdout.isTTY === true && !process.env.NO_COLOR);
const env = { ...process.env };
if (!color) env.NO_COLOR = "1";
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: false, env }).status ?? 1;
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const E2E = ["test/commands/", "test/e2e/", "test/hardening/", "test/cluster/", "test/bench/"];
const e2e = process.argv.includes("--e2e");
const extra = process.argv.slice(2).filter((a) => a !== "--e2e");

if (run("npm", ["run", "build", "--silent"]) !== 0) process.exit(1);
if (!e2e) {
  // the build type-checks src/ and commands/; this checks the tests too
  if (run(npx, ["tsc", "-p", "tsconfig.test.json"]) !== 0) process.exit(1);
  if (run(npx, ["biome", "check", "--error-on-warnings", ...(color ? [] : ["--colors=off"]), "."]) !== 0)
    process.exit(1);
}
const out = "reports/.vitest.json";
const status = run(npx, [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}`,
  ...(e2e ? E2E : E2E.map((p) => `--exclude=**/${p.endsWith("/") ? `${p}**` : p}`)),
  ...extra,
]);
try {
  const r = JSON.parse(readFileSync(out, "utf8"));
  // an unhandled error or a suite that failed to load fails the run without failing a test: count it
  const failed = r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0);
  if (failed > r.numFailedTests)
    console.log("\nvitest failed outside any test (an unhandled error or a suite that did not load): see above");
  console.log(`\ntests: ${r.numPassedTests} passed, ${failed} failed`);
  rmSync(out);
} catch {
  console.log("\ntests: 0 passed, 1 failed");
}
process.exit(status === 0 ? 0 : 1);
