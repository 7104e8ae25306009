// Makes sure dist/ (what bin/run.js runs) is built from the current sources before the trace e2e
// tests spawn the binary: when any source is newer than the build, it runs the build's two steps
// (tsc, then the oclif manifest; without `rm -rf dist`, so other e2e files running the binary at
// the same moment are not pulled from under). A lock directory serialises concurrent test files.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.js";

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale(): boolean {
  const built = join(ROOT, "dist/commands/trace/stats.js");
  const manifest = join(ROOT, "oclif.manifest.json");
  if (!existsSync(built) || !existsSync(manifest)) return true;
  const at = Math.min(statSync(built).mtimeMs, statSync(manifest).mtimeMs);
  return Math.max(newest(join(ROOT, "src")), newest(join(ROOT, "commands"))) > at;
}

export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(ROOT, ".vitest/build.lock");
  mkdirSync(join(ROOT, ".vitest"), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!stale()) return;
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: ROOT,
      stdio: "pipe",
    });
    execFileSync(process.execPath, [join(ROOT, "scripts/manifest.js")], { cwd: ROOT, stdio: "pipe" });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
