// reports/latest.json: a pointer to the newest result saved under reports/, so a script, a gate or
// `cachelab report reports/latest.json` reads the last run without knowing its time-stamped name.
// It is a relative symbolic link (the folder can be moved or archived whole) replaced atomically: the
// new link is made under a temporary name and renamed over the old one, so a reader sees the old or
// the new result, never nothing. Where the file system has no symbolic links it is a copy, written
// the same way (renamed into place, which replaces the old pointer and never writes through it).
import { copyFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const LATEST = "latest.json";

/** Points `<folder of file>/latest.json` at `file`. Returns the pointer's path. */
export function updateLatest(file: string): string {
  const dir = dirname(file);
  const at = join(dir, LATEST);
  const tmp = join(dir, `.${LATEST}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  try {
    try {
      symlinkSync(basename(file), tmp);
    } catch {
      copyFileSync(file, tmp);
    }
    renameSync(tmp, at);
  } finally {
    rmSync(tmp, { force: true });
  }
  return at;
}
