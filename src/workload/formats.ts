// The trace formats cachelab reads and writes: name → reader (and writer), plus detection of a
// file's format and opening a trace with errors a user can act on.
//
// Detection (detectFormat) looks at the name first, with a trailing .zst/.zstd removed (compression
// itself is recognised by the zstd magic bytes, whatever the name): a name containing
// "oracleGeneral" or ending in .bin → oracleGeneral, .vscsi → vscsi, .csv → csv (twitter when its
// first line looks like a Twitter record), .txt → txt, .twr → twitter. Otherwise it looks at the
// content: a binary file whose first record is vscsi v1/v2 → vscsi; one of whole 24-byte records
// whose next-access fields are plausible → oracleGeneral; text → twitter when its first line looks
// like one, csv when that line has a comma, txt otherwise.
import { statSync } from "node:fs";
import { basename } from "node:path";
import { InputError, unknownName } from "../core/errors.js";
import { openInput } from "./byte-input.js";
import { type CsvOptions, readCsv } from "./csv.js";
import { Interner } from "./interner.js";
import { readOracleGeneral } from "./oracle-general.js";
import type { TraceSource } from "./source.js";
import { looksLikeTwitter, readTwitter } from "./twitter.js";
import { readTxt } from "./txt.js";
import { readVscsi, vscsiVersion } from "./vscsi.js";
import { csvWriter, oracleGeneralWriter, type TraceWriter, txtWriter, type WriteSummary } from "./writers.js";

export interface ReadOptions {
  csv?: CsvOptions;
}

export interface TraceFormat {
  summary: string;
  /** File name endings that select it (before any .zst). */
  extensions: readonly string[];
  read(path: string, options: ReadOptions, interner: Interner): TraceSource;
  write?(path: string, interner: Interner): TraceWriter;
}

export const FORMATS = {
  oracleGeneral: {
    summary: "libCacheSim binary: 24-byte records (time, 64-bit id, size, next access); all GETs",
    extensions: [".oraclegeneral.bin", ".oraclegeneral", ".bin"],
    read: (path, _options, interner) => readOracleGeneral(path, interner),
    write: oracleGeneralWriter,
  },
  vscsi: {
    summary: "VMware vscsi block I/O, v1 (32-byte) or v2 (40-byte) records; id = lbn, all GETs",
    extensions: [".vscsi"],
    read: (path, _options, interner) => readVscsi(path, interner),
  },
  csv: {
    summary: "CSV with a column mapping (time, id, size, op, ttl by header name or number)",
    extensions: [".csv"],
    read: (path, options, interner) => readCsv(path, options.csv, interner),
    write: csvWriter,
  },
  txt: {
    summary: "one object id per line; size 1, no time",
    extensions: [".txt"],
    read: (path, _options, interner) => readTxt(path, interner),
    write: txtWriter,
  },
  twitter: {
    summary: "Twitter cache traces (OSDI'20): timestamp,key,key size,value size,client,op,TTL",
    extensions: [".twr", ".twitter"],
    read: (path, _options, interner) => readTwitter(path, interner),
  },
} satisfies Record<string, TraceFormat>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
export const WRITABLE_FORMATS = FORMAT_NAMES.filter((n) => (FORMATS[n] as TraceFormat).write !== undefined);

/** A format by name, case-insensitively; an InputError with suggestions otherwise. */
export function formatByName(name: string, writable = false): FormatName {
  const found = FORMAT_NAMES.find((n) => n.toLowerCase() === name.trim().toLowerCase());
  if (found === undefined) throw unknownName("trace format", name, writable ? WRITABLE_FORMATS : FORMAT_NAMES);
  if (writable && (FORMATS[found] as TraceFormat).write === undefined) {
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
  if (name.includes("oraclegeneral")) return "oracleGeneral";
  return FORMAT_NAMES.find((n) => FORMATS[n].extensions.some((ext) => name.endsWith(ext)));
}

const HEAD = 64 * 1024;

/** The first bytes of a file's content (decompressed when it is zstd). */
function head(path: string): { bytes: Buffer; size: number | undefined } {
  const input = openInput(path);
  try {
    const bytes = Buffer.alloc(HEAD);
    const n = input.read(bytes, 0, HEAD);
    return { bytes: bytes.subarray(0, n), size: input.size };
  } finally {
    input.close();
  }
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

/** Whether bytes hold whole oracleGeneral records whose next-access fields make sense. */
function plausibleOracleGeneral(bytes: Buffer, size: number | undefined): boolean {
  if (size !== undefined && size % 24 !== 0) return false;
  const records = Math.floor(bytes.length / 24);
  if (records === 0) return false;
  for (let r = 0; r < Math.min(records, 1000); r++) {
    const lo = bytes.readUInt32LE(r * 24 + 16);
    const hi = bytes.readInt32LE(r * 24 + 20);
    const never = lo === 0xffffffff && hi === -1;
    if (!never && (hi < 0 || hi * 4294967296 + lo <= r + 1)) return false;
  }
  return true;
}

/** Detects a trace file's format from its name, then its content (see the header comment). */
export function detectFormat(path: string): FormatName {
  const { bytes, size } = head(path);
  const byName = formatFromName(path);
  if (byName === "csv" || byName === undefined) {
    const text = bytes.length > 0 && isText(bytes);
    if (text && looksLikeTwitter(firstLine(bytes))) return "twitter";
    if (byName === "csv") return byName;
    if (text) return firstLine(bytes).includes(",") ? "csv" : "txt";
    if (vscsiVersion(bytes) !== 0) return "vscsi";
    if (plausibleOracleGeneral(bytes, size)) return "oracleGeneral";
    throw new InputError(`cannot tell the format of ${path}: pass --format (one of ${FORMAT_NAMES.join(", ")})`);
  }
  return byName;
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
  return FORMATS[format].read(path, options, options.interner ?? new Interner());
}

/** Writes every request of a source to `path` in a writable format (atomically: temp + rename). */
export function writeTrace(source: TraceSource, path: string, format: string): WriteSummary {
  const name = formatByName(format, true);
  const writer = (FORMATS[name] as TraceFormat).write?.(path, source.interner);
  if (writer === undefined) throw new InputError(`cannot write ${name} traces`);
  try {
    for (const batch of source) writer.write(batch);
    return writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
}
