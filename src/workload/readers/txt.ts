// Plain-text traces: one object id per line (libCacheSim's "txt" format). A decimal id up to
// 2^64 - 1 is that 64-bit id; anything else is a string key (see Interner). Spaces and tabs around
// an id and a \r before the newline are dropped; blank lines are skipped; the last line may lack its
// newline. The format has no time, size or op: every request is a GET of size 1, and time is the
// request's index, 0, 1, 2, … (virtual time: TraceSource.hasTime is false).
// Plain or zstd-compressed (detected by magic bytes).
import { lineBatches } from "../input/lines.js";
import { Interner } from "../interner.js";
import { type TraceSource, traceSource } from "../source.js";
import { GET, newBatch, type RequestBatch } from "../types.js";
import type { ReaderSpec } from "./spec.js";

export const txtReader: ReaderSpec = {
  summary: "one object id per line; size 1, no time",
  extensions: [".txt"],
  // any text: the least specific of the text formats
  sniff: (head) => (head.text ? 1 : 0),
  open: (path, _options, interner) => readTxt(path, interner),
};

export function readTxt(path: string, interner = new Interner()): TraceSource {
  return traceSource(
    { path, format: "txt", interner, hasTime: false, getsOnly: true },
    function* (): Generator<RequestBatch> {
      const batch = newBatch();
      batch.op.fill(GET);
      batch.size.fill(1);
      const { time, key } = batch;
      let requests = 0;
      yield* lineBatches(path, batch, (buf, s, e, n) => {
        while (e > s && (buf[e - 1] === 13 || buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
        while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
        if (s === e) return false;
        key[n] = interner.internBytes(buf, s, e);
        time[n] = requests++;
        return true;
      });
    },
  );
}
