// The working set of a request stream, tallied batch by batch: requests, distinct objects, bytes
// requested, the working set in bytes (each object once, at the size of its first request: the
// libCacheSim/oracleGeneral convention) and the id space (one more than the largest id seen).
// The simulator's streaming summary, the shared-memory loader and trace statistics all count this
// way, through this one class.
//
// Two paths, chosen once: when ids are handed out in first-seen order (BatchSource.firstSeenOrder,
// an interned trace) a request is for a new object exactly when its id is the next one, so nothing
// is stored; otherwise seen ids are marked in a byte per id, grown by doubling. Each path is one
// tight loop over a batch's columns, with the running sums in locals.
import { grow } from "../core/grow.js";

export class WorkingSetTally {
  requests = 0;
  objects = 0;
  requestedBytes = 0;
  workingSetBytes = 0;
  /** One more than the largest id seen (above `objects` when ids are sparse). */
  idSpace = 0;
  private seen = new Uint8Array(0);

  /** `firstSeenOrder`: ids come in first-seen order (a new object is always the next id). */
  constructor(readonly firstSeenOrder = false) {}

  /** Adds requests 0..n-1 of a batch's key and size columns. */
  add(key: Uint32Array, size: Uint32Array, n: number): void {
    if (this.firstSeenOrder) this.addInterned(key, size, n);
    else this.addAny(key, size, n);
    this.requests += n;
  }

  private addInterned(key: Uint32Array, size: Uint32Array, n: number): void {
    let objects = this.objects;
    let bytes = 0;
    let ws = 0;
    for (let i = 0; i < n; i++) {
      const s = size[i];
      bytes += s;
      if (key[i] === objects) {
        objects++;
        ws += s;
      }
    }
    this.objects = objects;
    this.idSpace = objects;
    this.requestedBytes += bytes;
    this.workingSetBytes += ws;
  }

  private addAny(key: Uint32Array, size: Uint32Array, n: number): void {
    let seen = this.seen;
    let objects = this.objects;
    let idSpace = this.idSpace;
    let bytes = 0;
    let ws = 0;
    for (let i = 0; i < n; i++) {
      const id = key[i];
      const s = size[i];
      bytes += s;
      if (id >= seen.length) seen = grow(seen, id + 1);
      if (seen[id] === 0) {
        seen[id] = 1;
        objects++;
        ws += s;
        if (id >= idSpace) idSpace = id + 1;
      }
    }
    this.seen = seen;
    this.objects = objects;
    this.idSpace = idSpace;
    this.requestedBytes += bytes;
    this.workingSetBytes += ws;
  }
}
