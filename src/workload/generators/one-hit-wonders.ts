// One-hit wonders: requests for objects that are never requested again. Real CDN and key-value
// traces are full of them (Maggs & Sitaraman, "Algorithmic nuggets in content delivery", SIGCOMM
// CCR 2015, report about three quarters of the objects on a CDN edge being requested once), and they
// are what admission filters (TinyLFU, S3-FIFO's small queue, bloom-filter "second hit" caching)
// exist to keep out of the cache.
//
// Each request independently goes to a fresh object with probability `share` (one 32-bit draw per
// request from the workload's "oneHitWonders" stream). Fresh ids are allocated sequentially from
// `firstId` (the size of the base key range) upward, in request order, so they never collide with
// the base distribution's ids or with each other. The other requests keep the key process's draws
// in order: the generator asks the key process for just that many ids, compactly, and `spread`
// moves them to their positions. A scan therefore stays a sequential run with fresh objects
// interleaved, instead of losing ids where the wonders fell.
import type { Rng } from "../../core/rng.js";

const MAX_ID = 2 ** 32 - 1;

export class OneHitWonders {
  private readonly threshold: number;
  private nextId: number;

  constructor(
    readonly share: number,
    readonly firstId: number,
    private readonly rng: Rng,
  ) {
    if (!(share >= 0 && share < 1)) throw new RangeError(`one-hit-wonder share ${share} outside [0, 1)`);
    this.threshold = Math.floor(share * 2 ** 32);
    this.nextId = firstId;
  }

  /** Fresh ids handed out so far. */
  get allocated(): number {
    return this.nextId - this.firstId;
  }

  /** The first id not yet handed out: the number of distinct ids in the stream so far, at most. */
  get end(): number {
    return this.nextId;
  }

  /**
   * Decides which of the requests 0..n-1 go to fresh objects (flag[i] = 1) and copies the times of
   * the others, in order, into `keyTime`. Returns how many others there are.
   */
  choose(flag: Uint8Array, time: Float64Array, keyTime: Float64Array, n: number): number {
    const rng = this.rng;
    const threshold = this.threshold;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const fresh = rng.nextU32() < threshold ? 1 : 0;
      flag[i] = fresh;
      if (fresh === 0) keyTime[m++] = time[i];
    }
    return m;
  }

  /**
   * key[0..m) holds the ids of the m flagged-0 requests, in order; moves them to their positions
   * and writes the next fresh ids into the flagged ones, in request order. Works in place, from the
   * back, since every id moves towards the end.
   */
  spread(key: Uint32Array, flag: Uint8Array, n: number, m: number): void {
    const fresh = n - m;
    if (this.nextId + fresh - 1 > MAX_ID) {
      throw new RangeError("one-hit wonders ran out of 32-bit object ids; lower requests or oneHitWonders");
    }
    let id = this.nextId + fresh;
    let j = m;
    for (let i = n - 1; i >= 0; i--) key[i] = flag[i] === 1 ? --id : key[--j];
    this.nextId += fresh;
  }
}
