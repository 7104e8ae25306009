// Scans and loops mixed into a base key distribution.
//
// Sequential scans are the access pattern that defeats plain recency: a long run of objects that
// are each touched once flushes an LRU cache of its hot data (the "scan resistance" that 2Q, ARC,
// LIRS and S3-FIFO are designed for), and a loop over a range slightly larger than the cache makes
// LRU miss on every request (the looping pattern of Jiang & Zhang, "LIRS: an efficient low
// inter-reference recency set replacement policy", SIGMETRICS 2002).
//
// The stream alternates between runs of the base distribution and scans. A scan is `length`
// consecutive requests to consecutive ids within [0, range) (wrapping at range). In `random` mode
// each scan starts at a uniformly random id of the range; in `loop` mode each scan resumes where the
// previous one stopped, so the scans together sweep the range again and again in order. Between
// scans the number of base requests is geometric with mean length·(1 - f)/f, which makes f the
// expected share of scan requests: each cycle is one geometric gap plus one scan, and
// E[gap] = (1 - q)/q with q = f / (f + length·(1 - f)). Gaps are drawn by inversion
// (⌊ln U / ln(1 - q)⌋), one draw per scan rather than one per request, from the workload's own
// "scans" random stream, so adding scans does not change which keys the base distribution draws.
// Scan ids are plain ids, not popularity ranks: with the base distribution's scatter on, a scan
// crosses objects of every popularity; with it off, a scan over [0, range) starts with the hottest.
import type { Rng } from "../../core/rng.js";
import type { KeyProcess } from "./keys.js";

export type ScanMode = "random" | "loop";

export class ScanKeys implements KeyProcess {
  readonly range: number;
  /** Probability that a cycle's gap ends at each request (the geometric parameter). */
  private readonly q: number;
  private readonly logNotQ: number;
  /** Requests left in the current scan, then base requests left before the next one. */
  private left = 0;
  private gap: number;
  /** The next id the scan will request. */
  private pos = 0;

  constructor(
    private readonly base: KeyProcess,
    /** The scans cover ids [0, scanRange). */
    readonly scanRange: number,
    /** Expected share of this process's requests that belong to scans, in [0, 1]. */
    readonly fraction: number,
    readonly length: number,
    readonly mode: ScanMode,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(scanRange) || scanRange < 1 || scanRange > base.range) {
      throw new RangeError(`scan range ${scanRange} outside 1..${base.range}`);
    }
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`scan length must be a whole number ≥ 1`);
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`scan fraction ${fraction} outside [0, 1]`);
    this.range = base.range;
    this.q = fraction / (fraction + length * (1 - fraction));
    this.logNotQ = Math.log1p(-this.q);
    this.gap = this.drawGap();
  }

  /** Base requests before the next scan: geometric on {0, 1, …} with parameter q (∞ when q = 0). */
  private drawGap(): number {
    if (this.q >= 1) return 0;
    if (this.q <= 0) return Number.POSITIVE_INFINITY;
    return Math.floor(Math.log(1 - this.rng.next()) / this.logNotQ);
  }

  fill(key: Uint32Array, time: Float64Array, from: number, to: number): void {
    const range = this.scanRange;
    let i = from;
    while (i < to) {
      if (this.left > 0) {
        const m = Math.min(this.left, to - i);
        let pos = this.pos;
        for (const end = i + m; i < end; i++) {
          key[i] = pos;
          if (++pos === range) pos = 0;
        }
        this.pos = pos;
        this.left -= m;
        if (this.left === 0) this.gap = this.drawGap();
      } else if (this.gap > 0) {
        const m = Math.min(this.gap, to - i);
        this.base.fill(key, time, i, i + m);
        i += m;
        this.gap -= m;
      } else {
        this.left = this.length;
        if (this.mode === "random") this.pos = Math.floor(this.rng.next() * range);
      }
    }
  }
}
