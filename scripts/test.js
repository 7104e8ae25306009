// npm test: build (tsc type-checks the sources), type-check the tests, lint, run vitest, then print one plain summary
// line "tests: N passed, N failed" that any CI log reader understands.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

// Colour only on a terminal: a log that is not a TTY, or NO_COLOR (https://no-color.org), gets plain
// text. vitest colours whenever TERM is not "dumb", so it is told with NO_COLOR; biome with --colors.
const color = process.env.FORCE_COLOR !== undefined || (process.stdout.isTTY === true && !process.env.NO_COLOR);
const env = { ...process.env };
if (!color) env.NO_COLOR = "1";
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: false, env }).status ?? 1;
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

if (run("npm", ["run", "build", "--silent"]) !== 0) process.exit(1);
// the build type-checks src/ and commands/; this checks the tests too
if (run(npx, ["tsc", "-p", "tsconfig.test.json"]) !== 0) process.exit(1);
if (run(npx, ["biome", "check", "--error-on-warnings", ...(color ? [] : ["--colors=off"]), "."]) !== 0) process.exit(1);
const out = "reports/.vitest.json";
const status = run(npx, [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
]);
try {
  const r = JSON.parse(readFileSync(out, "utf8"));
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  rmSync(out);
} catch {
  console.log("\ntests: 0 passed, 1 failed");
}
process.exit(status === 0 ? 0 : 1);
