// Real full and read-only file systems for the hardening tests: tiny tmpfs mounts under a temp
// folder (root only; `mount` returns undefined where it is not allowed, and the test says so by
// skipping). Every mount is undone when the test file ends.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A mounter for `dir`: `mount(name, "size=4k")` or `mount(name, "ro,size=64k")`. */
export function tmpfsMounts(dir: string): (name: string, opts: string) => string | undefined {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) execFileSync("umount", [m], { stdio: "ignore" });
  });
  return (name, opts) => {
    const p = join(dir, name);
    mkdirSync(p);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", opts, "tmpfs", p], { stdio: "ignore" });
    } catch {
      return undefined;
    }
    mounts.push(p);
    return p;
  };
}
