// What `cachelab report` reads: result files, or folders of them. A folder gives every *.json in
// it (not its subfolders), oldest run first, so a comparison reads before → after; its latest.json
// (a pointer to one of the others, src/report/latest.ts) is skipped unless it is the only one. Each
// file is read by src/report/read.ts: a missing file or one that is not a result stops the report
// with one line naming the file and the field (exit 2).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { LATEST } from "./latest.js";
import type { Loaded } from "./markdown.js";
import { readResult } from "./read.js";

/** A regular file (through symlinks); false for a folder or a dangling link. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The result files a folder holds, oldest first by file name (names carry the start time). */
export function folderFiles(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .filter((f) => isFile(join(dir, f)))
    .sort();
  const own = names.filter((f) => f !== LATEST);
  const chosen = own.length > 0 ? own : names;
  if (chosen.length === 0) throw new InputError(`${dir}: no result files (*.json) in this folder`);
  return chosen.map((f) => join(dir, f));
}

/** Reads every path given (a file or a folder), in order; a folder's results oldest run first. */
export function loadInputs(paths: readonly string[]): Loaded[] {
  if (paths.length === 0) throw new InputError("give at least one result file or folder (e.g. reports/)");
  const out: Loaded[] = [];
  for (const p of paths) {
    let folder = false;
    try {
      folder = statSync(p).isDirectory();
    } catch {
      // readResult names a missing file
    }
    if (!folder) {
      out.push({ path: p, result: readResult(p) });
      continue;
    }
    const loaded = folderFiles(p).map((f) => ({ path: f, result: readResult(f) }));
    loaded.sort((a, b) => a.result.run.startedAt.localeCompare(b.result.run.startedAt));
    out.push(...loaded);
  }
  return out;
}
