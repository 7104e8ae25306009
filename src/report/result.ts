// Writing results: by the rules of src/core/output-file.ts (atomic onto a regular file or a new
// path, straight into a device, FIFO or /dev/stdout, through a symlink, never over a folder), never
// over an earlier result unless asked, into reports/ by default. The result type is src/sim/result.ts.
import { accessSync, closeSync, constants, linkSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { InputError } from "../core/errors.js";
import { abortTemp, outputTarget, tempPathFor, trackTemp, writeError, writeFileSafely } from "../core/output-file.js";
import type { RunResult } from "../sim/result.js";
import { updateLatest } from "./latest.js";

/**
 * Checks, before any work is done, that a result can be written at `path`: its folder exists and
 * the path is not a folder. Throws an InputError naming the problem.
 */
export function checkWritable(path: string): void {
  const t = outputTarget(path);
  if (t.direct) return;
  try {
    accessSync(dirname(t.path), constants.W_OK);
  } catch {
    throw new InputError(`cannot write ${path}: the folder ${dirname(t.path)} is not writable`);
  }
}

/**
 * Writes JSON: onto `path` by the rules above; with `exclusive`, an existing file is never replaced:
 * "-2", "-3", … is added to the name. Returns the path written.
 */
export function writeJsonAtomic(path: string, value: unknown, exclusive = false): string {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (!exclusive) return writeFileSafely(path, text);
  const tmp = tempPathFor(outputTarget(path));
  trackTemp(tmp);
  try {
    const fd = openSync(tmp, "wx");
    try {
      const buf = Buffer.from(text);
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    } finally {
      closeSync(fd);
    }
    for (let n = 1; ; n++) {
      const target = n === 1 ? path : path.replace(/(\.json)?$/, `-${n}$1`);
      try {
        linkSync(tmp, target); // fails if the target exists: no silent overwrite
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
  } catch (e) {
    throw writeError(path, e);
  } finally {
    abortTemp(tmp);
  }
}

/** What saving needs of a result of any kind (simulate, mrc, plan): its kind, name and start time. */
export type SavableResult = Pick<RunResult, "name"> & { kind: string; run: Pick<RunResult["run"], "startedAt"> };

/**
 * Writes a run's result: to `out` (replacing it), or to a new file under reports/, which then
 * becomes reports/latest.json's target.
 */
export function saveResult(r: SavableResult, out?: string): string {
  if (out) return writeJsonAtomic(out, r);
  try {
    // one level, not recursive: a recursive mkdir reports ENOENT on a read-only file system
    mkdirSync("reports");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw writeError("reports/", e);
  }
  if (!statSync("reports").isDirectory())
    throw new InputError("cannot write reports/: a file named reports is in the way");
  const path = writeJsonAtomic(defaultResultPath("reports", r), r, true);
  try {
    updateLatest(path);
  } catch {
    // the result is saved; a pointer that could not be moved still names an earlier, valid result
  }
  return path;
}

/** Extensions a trace's name carries that a result file's name should not repeat. */
const TRACE_EXTENSIONS = /\.(bin|csv|tsv|txt|zst|gz|xz|json|ya?ml|vscsi|oracleGeneral|lcs|twr|trace)$/i;

/**
 * reports/<name>-<yyyymmdd-hhmmss>.json (UTC, the run's start) for a simulation, with the kind
 * after the name for other kinds (`<name>-mrc-…`); a trace's extensions are dropped from the name
 * (no `trace.bin-….json`). Two runs in the same second get "-2", "-3", … (writeJsonAtomic).
 */
export function defaultResultPath(dir: string, r: SavableResult): string {
  const t = r.run.startedAt;
  const stamp = `${t.slice(0, 10).replace(/-/g, "")}-${t.slice(11, 19).replace(/:/g, "")}`;
  let base = r.name;
  while (TRACE_EXTENSIONS.test(base)) base = base.replace(TRACE_EXTENSIONS, "");
  const safe = (
    base
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[.-]+/, "")
      .slice(0, 60) || "run"
  ).replace(/\.+$/, "");
  return join(dir, `${safe}${r.kind === "simulate" ? "" : `-${r.kind}`}-${stamp}.json`);
}

/** The result without the fields that legitimately differ between identical runs. */
export function deterministicPart(r: RunResult): unknown {
  const { run: _run, ...rest } = r;
  return { ...rest, results: r.results.map(({ timing: _t, ...row }) => row) };
}
