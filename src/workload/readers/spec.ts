// What a trace reader declares about its format: the registry (registry.ts) holds one of these per
// format, and detection, `trace` help texts and openTrace (../formats.ts) are built from them.
import type { Interner } from "../interner.js";
import type { TraceSource } from "../source.js";
import type { CsvOptions } from "./csv.js";

export interface ReadOptions {
  csv?: CsvOptions;
}

/** The first bytes of a file, what content detection looks at. */
export interface TraceHead {
  /** Up to 64 KiB from the start (decompressed when the file is zstd). */
  bytes: Buffer;
  /** Bytes in the file when it is plain; undefined when compressed. */
  size: number | undefined;
  /** Whether `bytes` is non-empty and holds no control bytes other than \t \n \v \f \r. */
  text: boolean;
  /** The first non-blank line when `text` ("" otherwise). */
  firstLine: string;
}

export interface ReaderSpec {
  summary: string;
  /** File name endings that select it (lower case, before any .zst). */
  extensions: readonly string[];
  /** A lower-case word that selects it anywhere in a file's name. */
  nameContains?: string;
  /** Bytes per record when records have one fixed size (a plain file's length then tells its requests). */
  recordBytes?: number;
  /**
   * How well a file's head fits the format: 0 = not at all; a file whose name says nothing is read
   * as the format with the highest score (a more specific format scores higher).
   */
  sniff(head: TraceHead): number;
  /** A format this one is a special case of: a file named as that one whose head sniffs as this one is this one. */
  refines?: string;
  open(path: string, options: ReadOptions, interner: Interner): TraceSource;
}
