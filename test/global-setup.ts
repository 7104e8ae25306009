// Runs once before any test file: e2e tests spawn bin/run.js, which runs dist/, so dist/ must be
// built from the current sources. `npm test` builds first; this covers `npx vitest` run directly
// after an edit (tsc, then the oclif manifest, only when a source is newer than the build).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(): boolean {
  const manifest = join(ROOT, "oclif.manifest.json");
  if (!existsSync(join(ROOT, "dist/commands/simulate.js")) || !existsSync(manifest)) return true;
  return Math.max(newest(join(ROOT, "src")), newest(join(ROOT, "commands"))) > statSync(manifest).mtimeMs;
}

export default function setup(): void {
  if (!stale()) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  execFileSync(process.execPath, [join(ROOT, "scripts/manifest.js")], { cwd: ROOT, stdio: "inherit" });
}
