// Writing results: atomically, never over an earlier one unless asked, into reports/ by default.
// The result type is src/sim/result.ts.
import { randomBytes } from "node:crypto";
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import type { RunResult } from "../sim/result.js";

/**
 * Checks, before any work is done, that a result can be written at `path`: its folder exists and
 * the path is not a folder. Throws an InputError naming the problem.
 */
export function checkWritable(path: string): void {
  const dir = dirname(resolve(path));
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(`cannot write ${path}: the folder ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new InputError(`cannot write ${path}: ${dir} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`cannot write ${path}: it is a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`cannot write ${path}: the folder ${dir} is not writable`);
  }
}

/**
 * Writes JSON atomically: a temp file beside the target, then rename. With `exclusive`, an existing
 * file is never replaced: "-2", "-3", … is added to the name. Returns the path written.
 */
export function writeJsonAtomic(path: string, value: unknown, exclusive = false): string {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    if (!exclusive) {
      renameSync(tmp, path);
      return path;
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
    throw new InputError(`cannot write ${path}: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** What saving needs of a result of any kind (simulate, mrc, plan): its kind, name and start time. */
export type SavableResult = Pick<RunResult, "name"> & { kind: string; run: Pick<RunResult["run"], "startedAt"> };

/** Writes a run's result: to `out` (replacing it), or to a new file under reports/. */
export function saveResult(r: SavableResult, out?: string): string {
  if (out) return writeJsonAtomic(out, r);
  mkdirSync("reports", { recursive: true });
  return writeJsonAtomic(defaultResultPath("reports", r), r, true);
}

/** reports/<kind>-<name>-<UTC timestamp with milliseconds>.json */
export function defaultResultPath(dir: string, r: SavableResult): string {
  const stamp = r.run.startedAt.replace(/[-:]/g, "").replace(".", "-");
  const safe = r.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 60);
  return join(dir, `${r.kind}-${safe}-${stamp}.json`);
}

/** The result without the fields that legitimately differ between identical runs. */
export function deterministicPart(r: RunResult): unknown {
  const { run: _run, ...rest } = r;
  return { ...rest, results: r.results.map(({ timing: _t, ...row }) => row) };
}
