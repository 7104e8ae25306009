// The latency model's two hot-path pieces: LatencySampler draws one hop's latency from the
// scenario's distributions (src/scenario/distribution.ts), LatencyHistogram records end-to-end latencies
// and summarises them (count, mean, p50, p90, p99, p99.9, max in ms, the LatencySummary of a row).
//
// Sampling: each hop's inverse CDF is tabulated once at TABLE quantiles i/TABLE (i = 0…TABLE−1).
// A sample is one 32-bit draw from the hop's own seeded stream (src/core/rng.ts): its top 12 bits
// pick a cell, its low 20 bits the position inside it, and the value is interpolated linearly
// between the cell's two quantiles. The last cell, [1 − 1/TABLE, 1), holds the unbounded tail of
// lognormal, exponential, normal or Pareto hops; there the exact quantile function is evaluated (one
// draw in 4096), so tails are not cut off at the table's end. Each hop has its own stream, seeded from
// (seed, hop), so adding L1 hits to a run does not shift the backend samples. Nothing is allocated
// per sample. Same config + seed → same sequence. For results that do not depend on how a run is
// split over worker threads, give each independent stream of requests (each node's, each client's)
// its own sampler seeded from (run seed, stream index) and merge the histograms: the summary does not
// depend on the merge order.
//
// Recording: hdr-histogram-js (HdrHistogram, G. Tene; 3 significant digits) records ~100 ns per value
// with its 32- and 64-bit counts and ~600 ns with its packed ones (measured here), too slow for ~10 M requests × several samples. So the histogram counts
// into its own Float64Array laid out exactly as an HdrHistogram with lowestDiscernibleValue = 1 ns,
// 3 significant digits (sub-bucket count 2048) and highestTrackableValue = 2^46 ns (~19.5 h): a value
// v ≥ 0 goes to bucket b = max(0, ⌊log2 v⌋ − 10), index b·1024 + (v >> b), computed with Math.clz32
// (~3 ns). Percentiles, encoding and decoding go through hdr-histogram-js itself, into which the
// counts are copied when asked (a few thousand buckets at most). Values are recorded in whole
// nanoseconds (µs in, rounded), so resolution is 1 ns below 2 µs and 3 significant digits above.
// The exact sum (two integers, so merge order cannot change it) and maximum are kept beside
// the counts: the mean and max of a summary are exact; a percentile is the highest value of its
// bucket (HdrHistogram's convention), capped at the exact maximum. The summary is a function of the recorded multiset only.
import { createRequire } from "node:module";
import type * as Hdr from "hdr-histogram-js";
import { mix32, Rng } from "../../core/rng.js";
import { type Distribution, LATENCY_HOPS, quantile } from "../../scenario/distribution.js";
import type { LatencyConfig } from "../../scenario/latency.js";

/**
 * hdr-histogram-js, loaded on first use: importing it takes ~45 ms, which every simulator worker
 * would pay at start-up though only the thread that summarises a histogram needs it.
 */
let hdrModule: typeof Hdr | null = null;
function hdr(): typeof Hdr {
  hdrModule ??= createRequire(import.meta.url)("hdr-histogram-js") as typeof Hdr;
  return hdrModule;
}

/** End-to-end latency of a configuration or a phase, in milliseconds (docs/latency.md). */
export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

const TABLE_BITS = 12;
const TABLE = 1 << TABLE_BITS;
const FRACTION_BITS = 32 - TABLE_BITS;
const FRACTION_SCALE = 1 / 2 ** FRACTION_BITS;
const FRACTION_MASK = 2 ** FRACTION_BITS - 1;

/** A request past the near caches, for `LatencySampler.recordRouted`: served by a node, a hit. */
export const ROUTE_HIT = 1;
/** Served by a node, a miss (the backend too). */
export const ROUTE_MISS = 2;
/** No live owner: a failover timeout, then the backend. */
export const ROUTE_NO_OWNER = 3;
/** Draws per hop per block of `recordL1Hits` / `recordRouted` (their buffers stay in the L1 cache). */
const BLOCK = 2048;

/** One hop: its quantile table, its random stream and, for the tail cell, its distribution. */
class Hop {
  readonly q: Float64Array;
  constructor(
    readonly dist: Distribution,
    readonly rng: Rng,
  ) {
    // cell i interpolates q[i] … q[i+1]; the last cell is evaluated exactly, so q[TABLE] (∞ for
    // unbounded forms) is never needed
    const q = new Float64Array(TABLE);
    for (let i = 0; i < TABLE; i++) q[i] = quantile(dist, i / TABLE);
    this.q = q;
  }
}

/** Draws each hop's latency (µs) from its distribution; deterministic in (config, seed). */
export class LatencySampler {
  private readonly hops: Hop[];
  private readonly l1: Hop;
  private readonly net: Hop;
  private readonly svc: Hop;
  private readonly back: Hop;
  private readonly fail: Hop;

  constructor(config: LatencyConfig, seed: number) {
    // one stream per hop, on its own arc of the generator's cycle (2^29 draws apart), from a key
    // mixed from the seed so it does not replay another component's Rng(seed) stream
    const key = mix32((seed ^ 0x1a7e7c11) >>> 0);
    this.hops = LATENCY_HOPS.map((h, i) => new Hop(config[h], new Rng(key).skip(i * 2 ** 29)));
    [this.l1, this.net, this.svc, this.back, this.fail] = this.hops;
  }

  /** A hit in the client's near cache (L1), µs. */
  l1Hit(): number {
    return this.draw(this.l1);
  }
  /** A round trip client ↔ cache node, µs. */
  network(): number {
    return this.draw(this.net);
  }
  /** A cache node's service time for one command, µs. */
  service(): number {
    return this.draw(this.svc);
  }
  /** The backend fetch a miss costs, µs. */
  backend(): number {
    return this.draw(this.back);
  }
  /** What a read to a down primary waits before trying the next replica, µs. */
  failover(): number {
    return this.draw(this.fail);
  }

  /**
   * Draws `n` values of one hop into `out`, in stream order (what n calls of its method give). It
   * repeats `draw`'s interpolation inline: a shared helper measured 27 % slower here (165 against
   * 130 ms for 10 M requests' draws, alternated).
   */
  private fill(h: Hop, out: Float64Array, n: number): void {
    const u = this.bufU32;
    h.rng.fillU32(u, n);
    const q = h.q;
    for (let k = 0; k < n; k++) {
      const r = u[k];
      const i = r >>> FRACTION_BITS;
      const f = (r & FRACTION_MASK) * FRACTION_SCALE;
      if (i === TABLE - 1) out[k] = quantile(h.dist, (i + f) / TABLE);
      else {
        const a = q[i];
        out[k] = a + (q[i + 1] - a) * f;
      }
    }
  }
  private readonly bufU32 = new Uint32Array(BLOCK);

  /** Records `n` L1 hits into `hist`: n draws of the l1Hit hop (what n `l1Hit()` calls give). */
  recordL1Hits(n: number, hist: LatencyHistogram): void {
    const buf = this.bufL1;
    for (let done = 0; done < n; done += BLOCK) {
      const m = Math.min(BLOCK, n - done);
      this.fill(this.l1, buf, m);
      hist.recordMany(buf, m);
    }
  }

  /**
   * Records the requests that went past the near caches, `codes[0…count)` in trace order
   * (ROUTE_HIT, ROUTE_MISS, ROUTE_NO_OWNER), into `hist`: network + service at the node, plus the
   * backend on a miss; a failover timeout + the backend with no live owner. The same values, drawn
   * from each hop's stream in the same order, as calling the hops' methods request by request, but
   * in blocks: each hop's draws for a block first, then the sums without a branch per outcome.
   */
  recordRouted(codes: Uint8Array, count: number, hist: LatencyHistogram): void {
    const net = this.bufNet;
    const svc = this.bufSvc;
    const back = this.bufBack;
    const fail = this.bufFail;
    const sum = this.bufL1;
    for (let from = 0; from < count; from += BLOCK) {
      const to = Math.min(count, from + BLOCK);
      let nodes = 0;
      let backs = 0;
      let fails = 0;
      for (let i = from; i < to; i++) {
        const c = codes[i];
        const f = (c >> 1) & c & 1; // ROUTE_NO_OWNER
        fails += f;
        nodes += 1 - f;
        backs += c >> 1; // ROUTE_MISS or ROUTE_NO_OWNER
      }
      this.fill(this.net, net, nodes);
      this.fill(this.svc, svc, nodes);
      this.fill(this.back, back, backs);
      back[backs] = 0; // read (times 0) after the last miss
      let a = 0;
      let b = 0;
      let x = 0;
      if (fails === 0)
        for (let i = from; i < to; i++) {
          const miss = codes[i] >> 1;
          sum[x++] = net[a] + svc[a] + back[b] * miss;
          a++;
          b += miss;
        }
      else {
        this.fill(this.fail, fail, fails);
        let f = 0;
        for (let i = from; i < to; i++) {
          const c = codes[i];
          if (c === ROUTE_NO_OWNER) sum[x++] = fail[f++] + back[b++];
          else {
            const miss = c >> 1;
            sum[x++] = net[a] + svc[a] + back[b] * miss;
            a++;
            b += miss;
          }
        }
      }
      hist.recordMany(sum, x);
    }
  }

  private readonly bufL1 = new Float64Array(BLOCK + 1);
  private readonly bufNet = new Float64Array(BLOCK + 1);
  private readonly bufSvc = new Float64Array(BLOCK + 1);
  private readonly bufBack = new Float64Array(BLOCK + 1);
  private readonly bufFail = new Float64Array(BLOCK + 1);

  private draw(h: Hop): number {
    const r = h.rng.nextU32();
    const i = r >>> FRACTION_BITS;
    const f = (r & FRACTION_MASK) * FRACTION_SCALE;
    if (i === TABLE - 1) return quantile(h.dist, (i + f) / TABLE); // the tail cell: exact
    const q = h.q;
    const a = q[i];
    return a + (q[i + 1] - a) * f;
  }
}

const SUB_BUCKET_HALF_MAGNITUDE = 10; // 3 significant digits: 2048 sub-buckets, half = 1024
const MAX_EXPONENT = 46; // highest trackable value 2^46 ns ≈ 19.5 h
/** The longest latency a histogram takes, µs. */
export const HISTOGRAM_MAX_US = 2 ** MAX_EXPONENT / 1000;
const LENGTH = (MAX_EXPONENT - SUB_BUCKET_HALF_MAGNITUDE + 1) << SUB_BUCKET_HALF_MAGNITUDE;
const TWO32 = 4294967296;
const ENCODING = "hdr1";

/** The lowest value (ns) of the bucket at `index`. */
function valueAt(index: number): number {
  if (index < 2048) return index;
  const b = (index >>> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  return ((index & 1023) + 1024) * 2 ** b;
}

/** The bucket of a value (ns, an integer ≥ 0 and < 2^46). */
function indexOf(v: number): number {
  if (v < TWO32) {
    const b = 21 - Math.clz32(v);
    return b > 0 ? (b << SUB_BUCKET_HALF_MAGNITUDE) + (v >>> b) : v;
  }
  const b = 53 - Math.clz32(Math.floor(v / TWO32));
  return (b << SUB_BUCKET_HALF_MAGNITUDE) + Math.floor(v / 2 ** b);
}

/** An HdrHistogram of latencies (3 significant digits, 1 ns … ~19.5 h) with a fast record path. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(LENGTH);
  private total = 0;
  private sumHi = 0; // the exact sum of the recorded ns is sumHi·2^32 + sumLo
  private sumLo = 0;
  private maxNs = 0;

  /** How many values were recorded. */
  get count(): number {
    return this.total;
  }

  /** Records one latency in µs (≥ 0 and below HISTOGRAM_MAX_US), rounded to the nanosecond. */
  record(us: number): void {
    // the common case, below 2^31 ns (~2.1 s), in int32 arithmetic: round half up, bucket, count
    const x = us * 1000 + 0.5;
    if (x >= 0.5 && x < 2147483648) {
      const v = x | 0;
      const b = 21 - Math.clz32(v);
      this.counts[b > 0 ? (b << SUB_BUCKET_HALF_MAGNITUDE) + (v >>> b) : v]++;
      this.count1(v);
    } else this.recordLarge(us);
  }

  /** Longer latencies (a failover timeout) and refusals. */
  private recordLarge(us: number): void {
    const v = Math.round(us * 1000);
    if (!(us >= 0 && v < 70368744177664))
      throw new RangeError(`latency ${us} µs is outside 0 … ${HISTOGRAM_MAX_US} µs`);
    this.counts[indexOf(v)]++;
    this.count1(v);
  }

  /** Total, exact sum and maximum for one more value of v ns. */
  private count1(v: number): void {
    this.total++;
    let lo = this.sumLo + v;
    if (lo >= TWO32) {
      const carry = Math.floor(lo / TWO32);
      this.sumHi += carry;
      lo -= carry * TWO32;
    }
    this.sumLo = lo;
    if (v > this.maxNs) this.maxNs = v;
  }

  /** Records the first `n` latencies (µs) of `values` (as n record() calls, with the totals kept in locals). */
  recordMany(values: Float64Array, n = values.length): void {
    const counts = this.counts;
    let sum = 0; // < 2^31 ns each, 2^20 values at most: < 2^51, exact, and so is adding it to sumLo
    let added = 0;
    let max = 0;
    for (let start = 0; start < n; start += 1 << 20) {
      const end = Math.min(n, start + (1 << 20));
      for (let i = start; i < end; i++) {
        const us = values[i];
        const x = us * 1000 + 0.5;
        if (x >= 0.5 && x < 2147483648) {
          const v = x | 0;
          const b = 21 - Math.clz32(v);
          counts[b > 0 ? (b << SUB_BUCKET_HALF_MAGNITUDE) + (v >>> b) : v]++;
          sum += v;
          added++;
          if (v > max) max = v;
        } else this.recordLarge(us);
      }
      this.addSum(0, sum);
      sum = 0;
    }
    this.total += added;
    if (max > this.maxNs) this.maxNs = max;
  }

  /** Adds every value recorded in `other` (the same as having recorded them here). */
  merge(other: LatencyHistogram): void {
    if (other.total === 0) return;
    const c = this.counts;
    const o = other.counts;
    const top = indexOf(other.maxNs); // no count lies above the maximum's bucket
    for (let i = 0; i <= top; i++) c[i] += o[i];
    this.total += other.total;
    this.addSum(other.sumHi, other.sumLo);
    if (other.maxNs > this.maxNs) this.maxNs = other.maxNs;
  }

  private addSum(hi: number, lo: number): void {
    let l = this.sumLo + lo;
    const carry = Math.floor(l / TWO32);
    l -= carry * TWO32;
    this.sumLo = l;
    this.sumHi += hi + carry;
  }

  /** count, mean, p50, p90, p99, p99.9 and max in milliseconds; all 0 when nothing was recorded. */
  summary(): LatencySummary {
    if (this.total === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
    const h = this.toHdr();
    const at = (pct: number) => Math.min(this.maxNs, h.getValueAtPercentile(pct)) / 1e6;
    return {
      count: this.total,
      meanMs: (this.sumHi * TWO32 + this.sumLo) / this.total / 1e6,
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: this.maxNs / 1e6,
    };
  }

  /** The value (ms) at a percentile (0–100), as summary() computes its own. */
  percentileMs(pct: number): number {
    if (this.total === 0) return 0;
    return Math.min(this.maxNs, this.toHdr().getValueAtPercentile(pct)) / 1e6;
  }

  private cached: Hdr.Histogram | null = null;
  private cachedTotal = -1;

  /** The counts as an hdr-histogram-js histogram (shared: do not record into it, rebuilt when values were added since the last). */
  toHdr(): Hdr.Histogram {
    if (this.cached && this.cachedTotal === this.total) return this.cached;
    const h = hdr().build({
      bitBucketSize: 64,
      autoResize: false,
      lowestDiscernibleValue: 1,
      // only the layout (1 ns, 3 digits) must match; the range need only reach the maximum
      highestTrackableValue: Math.max(4096, this.maxNs),
      numberOfSignificantValueDigits: 3,
    });
    const c = this.counts;
    const top = indexOf(this.maxNs);
    for (let i = 0; i <= top; i++) if (c[i] > 0) h.recordValueWithCount(valueAt(i), c[i]);
    this.cached = h;
    this.cachedTotal = this.total;
    return h;
  }

  /**
   * A string that decode() turns back into an identical histogram (to pass histograms between worker
   * threads): `hdr1 count sumHi sumLo max` and the counts in HdrHistogram's compressed base64 form.
   */
  encode(): string {
    const base64 = this.total === 0 ? "-" : hdr().encodeIntoCompressedBase64(this.toHdr());
    return `${ENCODING} ${this.total} ${this.sumHi} ${this.sumLo} ${this.maxNs} ${base64}`;
  }

  static decode(text: string): LatencyHistogram {
    const parts = text.split(" ");
    const bad = (why: string) => new Error(`not an encoded latency histogram (${why})`);
    if (parts.length !== 6 || parts[0] !== ENCODING) throw bad(`expected "${ENCODING} …" with 6 fields`);
    const [total, sumHi, sumLo, max] = parts.slice(1, 5).map(Number);
    if (![total, sumHi, sumLo, max].every((x) => Number.isSafeInteger(x) && x >= 0)) throw bad("bad numbers");
    const out = new LatencyHistogram();
    if (total === 0) return out;
    let h: { numberOfSignificantValueDigits: number; lowestDiscernibleValue: number; countsArrayLength: number };
    let countAt: (i: number) => number;
    try {
      const decoded = hdr().decodeFromCompressedBase64(parts[5], 64) as unknown as typeof h & {
        getCountAtIndex(i: number): number;
      };
      h = decoded;
      countAt = (i) => decoded.getCountAtIndex(i);
    } catch (e) {
      throw bad(`the counts do not decode: ${(e as Error).message}`);
    }
    if (h.numberOfSignificantValueDigits !== 3 || h.lowestDiscernibleValue !== 1) throw bad("different precision");
    let counted = 0;
    for (let i = 0; i < h.countsArrayLength; i++) {
      const c = countAt(i);
      if (c === 0) continue;
      if (i >= LENGTH) throw bad("values beyond the histogram's range");
      out.counts[i] = c;
      counted += c;
    }
    if (counted !== total) throw bad("count does not match the counts");
    out.total = total;
    out.sumHi = sumHi;
    out.sumLo = sumLo;
    out.maxNs = max;
    return out;
  }
}
