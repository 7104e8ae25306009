// Every file cachelab writes (results, traces, scenarios) goes through here, so one rule holds for
// all of them:
// - a regular file or a new path is written atomically: a temporary file beside it, renamed over it
//   only when complete (a reader never sees half a file, a failed write leaves the old one);
// - a symlink is followed: the file it points to is written, the link itself is never replaced;
// - anything else (a device such as /dev/null, a FIFO, /dev/stdout and /proc/self/fd/N) is written
//   to directly, never renamed over: as root, a rename would replace the machine's /dev/null;
// - a folder, or a path whose folder does not exist, is an InputError (exit 2);
// - a temporary file is removed on every exit path, SIGINT and SIGTERM included.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { InputError } from "./errors.js";

export interface OutputTarget {
  /** The path given by the user (for messages). */
  given: string;
  /** Where the bytes go: the end of the symlink chain (atomic), or the given path (direct). */
  path: string;
  /** true: write straight into `path` (device, FIFO, /dev/std*); false: temp file + rename. */
  direct: boolean;
}

/** /dev/stdout, /dev/stderr, /dev/fd/N, /proc/…: never resolved, never renamed over. */
const SPECIAL = /^\/(dev\/(stdin|stdout|stderr|fd\/)|proc\/)/;

/**
 * Decides how `path` is written, following symlinks (at most 40 hops, as the kernel does).
 * Throws an InputError for a folder or a missing parent folder.
 */
export function outputTarget(given: string): OutputTarget {
  let p = resolve(given);
  for (let hop = 0; hop < 40; hop++) {
    if (SPECIAL.test(p)) return { given, path: given, direct: true };
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw writeError(given, e);
      // a new path: its folder must exist
      const dir = dirname(p);
      let d: ReturnType<typeof statSync>;
      try {
        d = statSync(dir);
      } catch {
        throw new InputError(`cannot write ${given}: the folder ${dir} does not exist`);
      }
      if (!d.isDirectory()) throw new InputError(`cannot write ${given}: ${dir} is not a folder`);
      return { given, path: p, direct: false };
    }
    if (st.isSymbolicLink()) {
      p = resolve(dirname(p), readlinkSync(p));
      continue;
    }
    if (st.isDirectory()) throw new InputError(`cannot write ${given}: it is a folder`);
    return { given, path: st.isFile() ? p : given, direct: !st.isFile() };
  }
  throw new InputError(`cannot write ${given}: too many levels of symbolic links`);
}

/** Whether two paths name the same file (through symlinks and hard links); false if either is missing. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

// ---- temporary files: removed on exit, SIGINT and SIGTERM --------------------------------------

const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const t of live) rmSync(t, { force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  // the conventional 128 + signal number, as if the signal had not been caught
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/** Registers a temporary file to remove however the process ends. */
export function trackTemp(path: string): void {
  live.add(path);
  if (!hooked) {
    hooked = true;
    process.on("exit", removeLive);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
}

/** Forgets a temporary file (renamed into place, or removed). */
export function untrackTemp(path: string): void {
  live.delete(path);
  if (live.size === 0 && hooked) {
    hooked = false;
    process.off("exit", removeLive);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** A temporary file for `t`: beside an atomic target, in the OS temp folder for a direct one. */
export function tempPathFor(t: OutputTarget): string {
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  return t.direct ? resolve(tmpdir(), `cachelab-out-${tag}.tmp`) : `${t.path}.tmp-${tag}`;
}

/**
 * Puts a finished temporary file in place: renamed over an atomic target, copied into a direct one
 * (then removed). Errors are InputErrors naming the target.
 */
export function commitTemp(tmp: string, t: OutputTarget): void {
  try {
    if (!t.direct) {
      renameSync(tmp, t.path);
    } else {
      copyInto(tmp, t.path);
      rmSync(tmp, { force: true });
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(t.given, e);
  } finally {
    untrackTemp(tmp);
  }
}

/** Removes a temporary file that will not be committed. */
export function abortTemp(tmp: string): void {
  rmSync(tmp, { force: true });
  untrackTemp(tmp);
}

function copyInto(from: string, to: string): void {
  const src = openSync(from, "r");
  try {
    // "w" truncates a file and is harmless on a device or FIFO; never O_APPEND or a rename
    const dst = openSync(to, "w");
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const n = readSync(src, buf, 0, buf.length, null);
        if (n === 0) break;
        for (let off = 0; off < n; ) off += writeSync(dst, buf, off, n - off);
      }
    } finally {
      closeSync(dst);
    }
  } finally {
    closeSync(src);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENOENT: "the folder does not exist",
  EEXIST: "a file is in the way",
  EIO: "an I/O error",
  EPIPE: "the reader closed the pipe",
};

/** One line for a failed write: "cannot write PATH: no space left on the device" (exit 2). */
export function writeError(given: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason =
    (code && REASONS[code]) ?? (e instanceof Error ? e.message.split("\n")[0] : String(e)) ?? "unknown error";
  return new InputError(`cannot write ${given}: ${reason}${code && REASONS[code] ? ` (${code})` : ""}`);
}

/**
 * Writes `text` to `given` by the rules above (atomically unless it is a device, FIFO or /dev/std*).
 * With `exclusive`, an existing file is never replaced: the EEXIST error is thrown as it is.
 */
export function writeFileSafely(given: string, text: string | Uint8Array, exclusive = false): string {
  const t = outputTarget(given);
  const tmp = tempPathFor(t);
  trackTemp(tmp);
  try {
    const fd = openSync(tmp, "wx");
    try {
      const buf = typeof text === "string" ? Buffer.from(text) : text;
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    abortTemp(tmp);
    throw writeError(given, e);
  }
  if (exclusive && !t.direct) {
    try {
      linkSync(tmp, t.path); // fails if the target exists
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") throw e;
      throw writeError(given, e);
    } finally {
      abortTemp(tmp);
    }
    return given;
  }
  commitTemp(tmp, t);
  return given;
}
