// The front door to trace files: format names, detection of a file's format, and opening or
// writing a trace with errors a user can act on. Every format is a registry entry
// (readers/registry.ts, writers/registry.ts); nothing here names one.
//
// Detection (detectFormat) looks at the name first, with a trailing .zst/.zstd removed (compression
// itself is recognised by the zstd magic bytes, whatever the name): a name containing a reader's
// `nameContains` word or ending in one of its `extensions` selects it, unless another reader
// `refines` that format and sniffs the content as its own (a .csv of Twitter records is twitter).
// Otherwise every reader sniffs the first 64 KiB and the highest score wins: for text, twitter
// (its first line is a Twitter record) over csv (it has a comma) over txt; for binary data, vscsi
// (its version field) over oracleGeneral (whole records with plausible next-access fields).
import { statSync } from "node:fs";
import { basename } from "node:path";
import { InputError, unknownName } from "../core/errors.js";
import { writeError } from "../core/output-file.js";
import { openInput } from "./input/byte-input.js";
import { Interner } from "./interner.js";
import { type FormatName, READERS } from "./readers/registry.js";
import type { ReaderSpec, ReadOptions, TraceHead } from "./readers/spec.js";
import type { TraceSource } from "./source.js";
import type { WriteSummary } from "./writers/output.js";
import { WRITERS } from "./writers/registry.js";

export type { FormatName } from "./readers/registry.js";

export const FORMAT_NAMES = Object.keys(READERS) as FormatName[];
export const WRITABLE_FORMATS = FORMAT_NAMES.filter((n) => n in WRITERS);

const reader = (name: FormatName): ReaderSpec => READERS[name];

/** A format by name, case-insensitively; an InputError with suggestions otherwise. */
export function formatByName(name: string, writable = false): FormatName {
  const found = FORMAT_NAMES.find((n) => n.toLowerCase() === name.trim().toLowerCase());
  if (found === undefined) throw unknownName("trace format", name, writable ? WRITABLE_FORMATS : FORMAT_NAMES);
  if (writable && !WRITABLE_FORMATS.includes(found)) {
    throw new InputError(`cannot write ${found} traces. Writable: ${WRITABLE_FORMATS.join(", ")}.`);
  }
  return found;
}

/** The name without a compression suffix, lower-cased. */
function plainName(path: string): string {
  return basename(path)
    .toLowerCase()
    .replace(/\.(zst|zstd)$/, "");
}

/** The format a file name implies, if any. */
export function formatFromName(path: string): FormatName | undefined {
  const name = plainName(path);
  return (
    FORMAT_NAMES.find((n) => {
      const word = reader(n).nameContains;
      return word !== undefined && name.includes(word);
    }) ?? FORMAT_NAMES.find((n) => reader(n).extensions.some((ext) => name.endsWith(ext)))
  );
}

const HEAD = 64 * 1024;

/** The first bytes of a file's content (decompressed when it is zstd), as readers sniff them. */
function readTraceHead(path: string): TraceHead {
  const input = openInput(path);
  let bytes: Buffer;
  try {
    const buf = Buffer.alloc(HEAD);
    bytes = buf.subarray(0, input.read(buf, 0, HEAD));
  } finally {
    input.close();
  }
  const text = bytes.length > 0 && isText(bytes);
  return { bytes, size: input.size, text, firstLine: text ? firstLine(bytes) : "" };
}

function firstLine(bytes: Buffer): string {
  const text = bytes.toString("latin1");
  return text.split("\n").find((l) => l.trim() !== "") ?? "";
}

function isText(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 9 || (b > 13 && b < 32)) return false;
  }
  return true;
}

/** Detects a trace file's format from its name, then its content (see the header comment). */
export function detectFormat(path: string): FormatName {
  const head = readTraceHead(path);
  const byName = formatFromName(path);
  if (byName !== undefined) {
    return FORMAT_NAMES.find((n) => reader(n).refines === byName && reader(n).sniff(head) > 0) ?? byName;
  }
  let best: FormatName | undefined;
  let bestScore = 0;
  for (const n of FORMAT_NAMES) {
    const score = reader(n).sniff(head);
    if (score > bestScore) {
      best = n;
      bestScore = score;
    }
  }
  if (best === undefined) {
    throw new InputError(`cannot tell the format of ${path}: pass --format (one of ${FORMAT_NAMES.join(", ")})`);
  }
  return best;
}

export interface OpenOptions extends ReadOptions {
  /** Format name; detected from the file when absent. */
  format?: string;
  /** Share one interner between traces (dense ids then agree across them). */
  interner?: Interner;
}

/**
 * Opens a trace for reading: checks that the file exists and is not empty, picks the format (given
 * or detected) and returns its reader. All problems are InputErrors (exit 2, one line).
 */
export function openTrace(path: string, options: OpenOptions = {}): TraceSource {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new InputError(`no such file: ${path}`);
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (stat.isDirectory()) throw new InputError(`${path} is a directory, not a trace file`);
  if (stat.size === 0) throw new InputError(`${path} is empty`);
  const input = openInput(path);
  try {
    if (input.compressed && input.read(Buffer.alloc(1), 0, 1) === 0) {
      throw new InputError(`${path} is empty (once decompressed)`);
    }
  } finally {
    input.close();
  }
  const format = options.format !== undefined ? formatByName(options.format) : detectFormat(path);
  if (format !== "csv" && options.csv !== undefined) {
    const mapped = Object.entries(options.csv).filter(([, v]) => v !== undefined);
    if (mapped.length > 0) {
      const flags = mapped.map(([k]) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      throw new InputError(
        `${flags.join(", ")} appl${flags.length === 1 ? "ies" : "y"} to csv traces; ${path} is ${format}`,
      );
    }
  }
  return reader(format).open(path, options, options.interner ?? new Interner());
}

/**
 * writeTrace for a command: the same, but it lets the event loop run between batches, so SIGINT and
 * SIGTERM are handled (the temporary file removed) while a long trace is written.
 */
export async function writeTraceYielding(source: TraceSource, path: string, format: string): Promise<WriteSummary> {
  const name = formatByName(format, true) as keyof typeof WRITERS;
  const writer = WRITERS[name].create(path, source.interner);
  try {
    for (const batch of source) {
      writer.write(batch);
      await new Promise<void>((r) => setImmediate(r));
    }
    return writer.close();
  } catch (err) {
    writer.abort();
    if ((err as NodeJS.ErrnoException)?.code !== undefined && !(err instanceof InputError)) throw writeError(path, err);
    throw err;
  }
}

/** Writes every request of a source to `path` in a writable format (src/core/output-file.ts rules). */
export function writeTrace(source: TraceSource, path: string, format: string): WriteSummary {
  const name = formatByName(format, true) as keyof typeof WRITERS;
  const writer = WRITERS[name].create(path, source.interner);
  try {
    for (const batch of source) writer.write(batch);
    return writer.close();
  } catch (err) {
    writer.abort();
    // a failed write (ENOSPC, EROFS, EIO…) is one line naming the file, exit 2
    if ((err as NodeJS.ErrnoException)?.code !== undefined && !(err instanceof InputError)) throw writeError(path, err);
    throw err;
  }
}
