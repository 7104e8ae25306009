// VMware vscsi block-I/O traces (as read by libCacheSim), little-endian fixed-size records:
//   v1, 32 bytes: uint32 sn · uint32 len · uint32 nSG · uint16 cmd · uint16 ver · uint64 lbn · uint64 ts
//   v2, 40 bytes: uint16 cmd · uint16 ver · uint32 sn · uint32 len · uint32 nSG · uint64 lbn · uint64 ts · uint64 rt
// The version is read from the first record: ver >> 8 is 1 at byte 14 for v1, 2 at byte 2 for v2.
// Object id = lbn, size = len (bytes, per request), time = ts / 1e6 (ts is in microseconds).
// Every request is a GET, as in libCacheSim: the SCSI command (read 0x28, write 0x2a, …) is not
// mapped to an op, so simulations agree with libCacheSim's reference results.
// Plain or zstd-compressed (detected by magic bytes).
import { InputError } from "../../core/errors.js";
import { openInput } from "../input/byte-input.js";
import { recordBatches } from "../input/records.js";
import { Interner } from "../interner.js";
import { type TraceSource, traceSource } from "../source.js";
import { GET, newBatch, type RequestBatch } from "../types.js";
import type { ReaderSpec } from "./spec.js";

export const VSCSI1_RECORD = 32;
export const VSCSI2_RECORD = 40;

export const vscsiReader: ReaderSpec = {
  summary: "VMware vscsi block I/O, v1 (32-byte) or v2 (40-byte) records; id = lbn, all GETs",
  extensions: [".vscsi"],
  // the version field is a magic number: more telling than oracleGeneral's plausibility check
  sniff: (head) => (vscsiVersion(head.bytes) !== 0 ? 2 : 0),
  open: (path, _options, interner) => readVscsi(path, interner),
};

/** The vscsi version of a file from its first record's bytes: 1, 2, or 0 when it is neither. */
export function vscsiVersion(head: Uint8Array): 0 | 1 | 2 {
  if (head.length >= VSCSI1_RECORD && head[15] === 1) return 1; // uint16 ver at byte 14, ver >> 8
  if (head.length >= VSCSI2_RECORD && head[3] === 2) return 2; // uint16 ver at byte 2
  return 0;
}

export function readVscsi(path: string, interner = new Interner()): TraceSource {
  const version = detectVersion(path);
  return traceSource(
    { path, format: "vscsi", interner, hasTime: true, getsOnly: true },
    function* (): Generator<RequestBatch> {
      const batch = newBatch();
      batch.op.fill(GET);
      const { time, key, size } = batch;
      const recordSize = version === 1 ? VSCSI1_RECORD : VSCSI2_RECORD;
      const stride = recordSize >>> 2;
      const lenWord = version === 1 ? 1 : 2; // lbn at words 4-5 and ts at words 6-7 in both
      yield* recordBatches(path, `vscsi v${version}`, recordSize, batch, (words, n) => {
        for (let i = 0, w = 0; i < n; i++, w += stride) {
          size[i] = words[w + lenWord];
          key[i] = interner.intern(words[w + 4], words[w + 5]);
          time[i] = (words[w + 7] * 4294967296 + words[w + 6]) / 1e6;
        }
      });
    },
  );
}

function detectVersion(path: string): 1 | 2 {
  const input = openInput(path);
  try {
    const head = new Uint8Array(VSCSI2_RECORD);
    const n = input.read(head, 0, head.length);
    const version = vscsiVersion(head.subarray(0, n));
    if (version === 0) {
      throw new InputError(
        `${path}: not a vscsi trace (the first record's version is neither 1 at byte 14 nor 2 at byte 2)`,
      );
    }
    return version;
  } finally {
    input.close();
  }
}
