// A SHA-256 fingerprint of a trace file for results: the whole file up to 64 MiB; beyond that the
// size plus the first and last 1 MiB, so that fingerprinting a multi-GB trace stays cheap.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const WHOLE = 64 * 1024 * 1024;
const PART = 1024 * 1024;

export function fingerprint(path: string): { sha256: string; hashScope: "file" | "size+head+tail" } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const h = createHash("sha256");
    const buf = Buffer.allocUnsafe(1 << 20);
    const read = (from: number, to: number) => {
      for (let pos = from; pos < to; ) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
        pos += n;
      }
    };
    if (size <= WHOLE) {
      read(0, size);
      return { sha256: h.digest("hex"), hashScope: "file" };
    }
    h.update(`size:${size}\n`);
    read(0, PART);
    read(size - PART, size);
    return { sha256: h.digest("hex"), hashScope: "size+head+tail" };
  } finally {
    closeSync(fd);
  }
}
