// Fixed-size binary records (oracleGeneral, vscsi), a batch at a time, read into one reused buffer.
// A file whose length is not a whole number of records is reported before anything is read when
// its size is known (plain files), else when the stream ends (compressed ones).
import { InputError } from "../../core/errors.js";
import { BATCH, type RequestBatch } from "../types.js";
import { type ByteInput, openInput } from "./byte-input.js";

export interface RecordChunk {
  /** The shared buffer: valid until the next chunk is asked for. */
  bytes: Buffer;
  /** Little-endian uint32 view of `bytes` (records are 4-byte aligned). */
  words: Uint32Array;
  /** Whole records in this chunk. */
  count: number;
}

export function* recordChunks(
  input: ByteInput,
  path: string,
  format: string,
  recordSize: number,
  perChunk = BATCH,
): Generator<RecordChunk> {
  if (input.size !== undefined && input.size % recordSize !== 0) {
    const whole = Math.floor(input.size / recordSize);
    throw truncated(path, format, recordSize, whole, input.size - whole * recordSize);
  }
  // A fresh ArrayBuffer (not the small-buffer pool), so the uint32 view is aligned.
  const bytes = Buffer.alloc(perChunk * recordSize);
  const chunk: RecordChunk = {
    bytes,
    words: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2),
    count: 0,
  };
  let records = 0;
  for (;;) {
    const n = input.read(bytes, 0, bytes.length);
    const whole = Math.floor(n / recordSize);
    if (whole * recordSize !== n) throw truncated(path, format, recordSize, records + whole, n - whole * recordSize);
    if (whole > 0) {
      chunk.count = whole;
      yield chunk;
      records += whole;
    }
    if (n < bytes.length) return;
  }
}

/** Fills rows 0..count-1 of the reader's batch from `count` records (`words`: their uint32 view). */
export type RecordRows = (words: Uint32Array, count: number) => void;

/**
 * The request loop every binary reader shares: opens `path`, has `rows` decode each chunk of whole
 * records into `batch` and yields it; the input is closed however the loop ends (finished, an
 * error, or the consumer stopping early).
 */
export function* recordBatches(
  path: string,
  format: string,
  recordSize: number,
  batch: RequestBatch,
  rows: RecordRows,
): Generator<RequestBatch> {
  const input = openInput(path);
  try {
    for (const chunk of recordChunks(input, path, format, recordSize)) {
      rows(chunk.words, chunk.count);
      batch.length = chunk.count;
      yield batch;
    }
  } finally {
    input.close();
  }
}

function truncated(path: string, format: string, recordSize: number, whole: number, rest: number): InputError {
  return new InputError(
    `${path}: truncated record ${whole + 1} at byte ${whole * recordSize} (${rest} of ${recordSize} bytes): ` +
      `the file is cut short or is not a ${format} trace`,
  );
}
