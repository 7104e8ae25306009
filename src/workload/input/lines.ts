// The request loop of the text readers (csv, txt, twitter): whole lines a big chunk at a time, each
// handed to the reader's row function with its byte range (fields are parsed in place: fields.ts).
import { InputError } from "../../core/errors.js";
import type { RequestBatch } from "../types.js";
import { type ByteInput, openInput } from "./byte-input.js";

const CHUNK = 1 << 20;
const MAX_LINE = 1 << 26;

export interface LineChunk {
  /** The shared buffer: valid until the next chunk is asked for. */
  buf: Buffer;
  /** buf[0, end) holds whole lines; the last line of the input may lack its newline. */
  end: number;
}

/** Reads the input in ~1 MiB chunks cut at line ends (a chunk grows to hold a longer line). */
export function* lineChunks(input: ByteInput, path: string): Generator<LineChunk> {
  let buf = Buffer.allocUnsafe(CHUNK);
  const chunk: LineChunk = { buf, end: 0 };
  let filled = 0;
  let first = true;
  for (;;) {
    const want = buf.length - filled;
    const n = input.read(buf, filled, want);
    filled += n;
    const eof = n < want;
    if (first) {
      first = false;
      // a UTF-8 byte order mark (EF BB BF) is not part of the first line (a header's first name)
      if (filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf.copy(buf, 0, 3, filled);
        filled -= 3;
      }
    }
    if (filled === 0) return;
    let end = filled;
    if (!eof) {
      const nl = buf.lastIndexOf(10, filled - 1);
      if (nl < 0) {
        if (buf.length >= MAX_LINE) throw new InputError(`${path}: a line is longer than ${MAX_LINE} bytes`);
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        continue;
      }
      end = nl + 1;
    }
    chunk.buf = buf;
    chunk.end = end;
    yield chunk;
    if (eof) return;
    buf.copy(buf, 0, end, filled);
    filled -= end;
  }
}

/**
 * Fills a request row from one line: the line is buf[start, end) (its \n left out; a \r before it,
 * or spaces, are the reader's to trim), the row to write is `n` of the batch. Returns false when the
 * line is not a request (blank, a header), true when row `n` is written.
 */
export type LineRow = (buf: Buffer, start: number, end: number, n: number) => boolean;

/**
 * The request loop every text reader shares: opens `path`, hands each of its lines to `row`, and
 * yields `batch` whenever the rows fill it, then once more with what is left; the input is closed
 * however the loop ends (finished, an error thrown by `row`, or the consumer stopping early).
 */
export function* lineBatches(path: string, batch: RequestBatch, row: LineRow): Generator<RequestBatch> {
  const input = openInput(path);
  try {
    const cap = batch.key.length;
    let n = 0;
    for (const chunk of lineChunks(input, path)) {
      const buf = chunk.buf;
      const end = chunk.end;
      let pos = 0;
      while (pos < end) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0 || nl >= end) nl = end;
        const start = pos;
        pos = nl + 1;
        if (row(buf, start, nl, n) && ++n === cap) {
          batch.length = n;
          yield batch;
          n = 0;
        }
      }
    }
    if (n > 0) {
      batch.length = n;
      yield batch;
    }
  } finally {
    input.close();
  }
}
