// Helpers for the trace reader/writer tests: fixture paths, a scratch directory, collecting a
// source's requests into plain arrays, and an in-memory TraceSource for writer tests.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Interner } from "../../src/workload/interner.js";
import { type TraceSource, traceSource } from "../../src/workload/source.js";
import { BATCH, newBatch, type Op, type RequestBatch } from "../../src/workload/types.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/traces/", import.meta.url));
export const OG = `${FIXTURES}cloudPhysicsIO.oracleGeneral.bin`;
export const VSCSI = `${FIXTURES}cloudPhysicsIO.vscsi`;
export const CSV = `${FIXTURES}cloudPhysicsIO.csv`;
export const TXT = `${FIXTURES}cloudPhysicsIO.txt`;
export const OG_ZST = `${FIXTURES}cloudPhysicsIO.head20k.oracleGeneral.bin.zst`;
export const CSV_ZST = `${FIXTURES}cloudPhysicsIO.head20k.csv.zst`;

export const REQUESTS = 113_872;
export const OBJECTS = 48_974;

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "cachelab-trace-"));
}

export interface Collected {
  time: number[];
  key: number[];
  size: number[];
  op: number[];
  ttl: number[] | undefined;
  /** the original id of each request's object */
  ids: (number | bigint | string)[];
  batches: number;
}

export function collect(source: TraceSource): Collected {
  const out: Collected = { time: [], key: [], size: [], op: [], ttl: undefined, ids: [], batches: 0 };
  for (const b of source) {
    out.batches++;
    if (b.length > BATCH) throw new Error(`batch of ${b.length}`);
    for (let i = 0; i < b.length; i++) {
      out.time.push(b.time[i]);
      out.key.push(b.key[i]);
      out.size.push(b.size[i]);
      out.op.push(b.op[i]);
      out.ids.push(source.interner.original(b.key[i]));
      if (b.ttl) (out.ttl ??= []).push(b.ttl[i]);
    }
  }
  return out;
}

export interface Req {
  id: number | bigint | string;
  size: number;
  time: number;
  op: Op;
  ttl?: number;
}

/** An in-memory trace (small batches, so that batch boundaries are exercised). */
export function memorySource(reqs: readonly Req[], batchSize = 7): TraceSource {
  const interner = new Interner(16);
  const withTtl = reqs.some((r) => r.ttl !== undefined);
  return traceSource(
    { path: "memory", format: "memory", interner, hasTime: true },
    function* (): Generator<RequestBatch> {
      const b = newBatch(batchSize);
      if (withTtl) b.ttl = new Uint32Array(batchSize);
      let n = 0;
      for (const r of reqs) {
        b.key[n] =
          typeof r.id === "number"
            ? interner.internNumber(r.id)
            : typeof r.id === "bigint"
              ? interner.intern(Number(r.id & 0xffffffffn), Number(r.id >> 32n))
              : interner.internString(r.id);
        b.size[n] = r.size;
        b.time[n] = r.time;
        b.op[n] = r.op;
        if (b.ttl) b.ttl[n] = r.ttl ?? 0;
        if (++n === batchSize) {
          b.length = n;
          yield b;
          n = 0;
        }
      }
      if (n > 0) {
        b.length = n;
        yield b;
      }
    },
  );
}

/** A minimal zstd frame holding `data` in one raw block (RFC 8878: no checksum, content size given). */
export function zstdRawFrame(data: Buffer): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20 /* single segment, 1-byte size */, data.length]);
  const block = Buffer.alloc(3);
  const b = (data.length << 3) | 1; // last block, raw
  block[0] = b & 0xff;
  block[1] = (b >> 8) & 0xff;
  block[2] = (b >> 16) & 0xff;
  return Buffer.concat([header, block, data]);
}
