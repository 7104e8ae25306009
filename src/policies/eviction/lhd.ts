// LHD: Least Hit Density. Evict the sampled object with the lowest expected hits per unit of space
// and time it will still occupy.
//
// Beckmann, Chen and Cidon, "LHD: Improving Cache Hit Rate by Maximizing Hit Density", USENIX NSDI
// 2018. An object's hit density is the probability that it is hit again divided by the expected
// space-time (size × remaining lifetime) it will consume until that hit or its eviction. LHD
// estimates it from its own history: objects are grouped into classes (here by the sum of their
// last two hit ages, coarsened on a log scale, as in the authors' simulator), and for each class
// and age it counts hits and evictions, decays those counts (EWMA) and, every `reconfigureInterval`
// accesses (hits and insertions), recomputes the density of every (class, age) in one backward
// pass. To evict, it samples `associativity` random residents (plus the last `admissions` newcomers
// that already looked like victims) and evicts the one with the lowest density / size. Ages are
// counted in accesses, divided by 2^shift; the shift is tuned twice early on from the number of
// resident objects. A small budget of "explorer" objects (1% of capacity, each admitted object with
// probability 1/32) gets +1 density so they are never evicted, so the model also learns about long
// lifetimes. Before the first reconfiguration, densities are initialised to a GDSF-like
// (class + 1) / (age + 1), and only 8 candidates are sampled until 50 reconfigurations have run.
// Per-resident data is one contiguous record per slot (the authors' Tag vector), so sampling a
// candidate costs one cache miss.
//
// Why LHD rather than Hyperbolic: both are sampling-based ranking policies, but LHD has libCacheSim
// reference rows (`lhd`) on the CloudPhysics fixture, so it can be checked, and Hyperbolic has none.
// LHD is also fully specified by its authors' simulator, which libCacheSim embeds (LHD/lhd.cpp),
// and this file follows it: the same constants, classes (only application class 1, the one
// libCacheSim uses, is allocated), reconfiguration arithmetic in 32-bit floats (Math.fround at
// every step), victim sampling with replacement, the recently-admitted list, the explorer budget
// accounting (including its float rounding), and even the random numbers: libCacheSim's
// next_rand() (64-bit MMIX LCG, reproduced below without BigInt; candidate = draw mod residents,
// explore when draw mod 32 = 0). Its state starts at ctx.seed; libCacheSim's simulation threads
// start it at 0, and with seed 0 this file reproduces every libCacheSim reference row on the
// fixture exactly (test/golden/lhd.test.ts). Other seeds only agree statistically: over seeds
// 1…20 the miss ratio moves by −0.0008 … +0.0039 at 48 objects and within ±0.0007 at the larger
// sizes (the fixture's 113,872 requests are fewer than one reconfiguration interval, so the
// initial densities rule throughout). The modulo is exact while fewer than 2^26 objects are
// resident.
//
// Size rule (libCacheSim LHD/LHDInterface.cpp: no can_insert, LHD_evict ranks one victim per call):
// LHD refuses nothing that fits in the cache; a large object is paid for by as many evictions as it
// needs, each the sampled candidate with the lowest hit density per byte, so large objects are the
// first to go and the byte miss ratio is far above the miss ratio. That makes the byte miss ratio
// sensitive to the samples on a trace with sizes up to 1 MiB: on the variable-size trace, with
// libCacheSim's seed 0 every row matches libCacheSim's printed ratios (test/golden/varsize.test.ts);
// with seeds 1 and 42 the 43,097,642-byte row's byte miss ratio is +0.0167 and +0.0106 off (the
// miss ratio within 0.0017), which is sampling, not a different rule.
//
// Parameters: associativity (candidates sampled per eviction once warmed up, 32), admissions
// (recently admitted candidates also considered, 8), explorerBudget (fraction of capacity, 0.01),
// exploreInverseProbability (32), maxAge (age buckets, 20000), reconfigureInterval (accesses
// between model updates, 2^20).
import { grow } from "../../core/grow.js";
import { NIL } from "../../core/lists.js";
import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

const HIT_AGE_CLASSES = 16;
/** libCacheSim's DEFAULT_APP_ID % APP_CLASSES: every object is in application class 1. */
const APP_CLASS = 1;
const EWMA_DECAY = Math.fround(0.9);
const ONE_MINUS_DECAY = Math.fround(1 - EWMA_DECAY);
const AGE_COARSENING_ERROR_TOLERANCE = Math.fround(0.01);
const FLOAT_MAX = 3.4028234663852886e38;
const FLOAT_LOWEST = -FLOAT_MAX;
/** Early-trace hack of the authors' simulator: sample only 8 candidates before 50 reconfigurations. */
const WARMUP_CANDIDATES = 8;
const WARMUP_RECONFIGURATIONS = 50;
const fr = Math.fround;

export interface LhdParams {
  associativity: number;
  admissions: number;
  explorerBudget: number;
  exploreInverseProbability: number;
  maxAge: number;
  reconfigureInterval: number;
  [k: string]: number;
}

// libCacheSim's next_rand(): Knuth's MMIX linear congruential generator on 64 bits,
// state ← 6364136223846793005 · state + 1442695040888963407 (mod 2^64), kept here as two uint32
// halves so no BigInt is needed. Its low bits are weak (bit k has period 2^(k+1)), which shapes
// which candidates LHD samples; reproducing it, not just "some RNG", is what makes the counts match.
const A_HI = 0x5851f42d;
const A_LO = 0x4c957f2d;
const A_LO_0 = A_LO & 0xffff;
const A_LO_1 = A_LO >>> 16;
const C_HI = 0x14057b7e;
const C_LO = 0xf767814f;
const TWO_32 = 4294967296;

/** x mod n for integers 0 ≤ x < 2^53, 0 < n, by division (the quotient is corrected if rounded). */
function modFloor(x: number, n: number): number {
  let r = x - Math.floor(x / n) * n;
  if (r < 0) r += n;
  else if (r >= n) r -= n;
  return r;
}

/** Per-resident record layout (Float64Array, REC numbers per slot), as the authors' Tag struct. */
const STAMP = 0; // access count at the last access
const LAST_HIT_AGE = 1;
const LAST_LAST_HIT_AGE = 2;
const SIZE_F = 3; // size as a 32-bit float, as the authors' rank_t
const SIZE = 4; // size in the run's unit, for byte accounting
const REC = 5;

export class Lhd implements EvictionPolicy {
  private readonly associativity: number;
  private readonly admissions: number;
  private readonly maxAge: number;
  private readonly reconfigureInterval: number;
  /** An admitted object explores when a draw is 0 modulo this. */
  private readonly exploreInverse: number;

  /** Per id: its slot, NIL when not resident. */
  private slot: Int32Array;
  /**
   * Per slot (the residents, in sampling order; an evicted slot takes the last one's record, as the
   * authors' tag vector does): the id, a record of REC numbers, and class | explorer << 4. Records are
   * contiguous so that sampling a candidate touches one cache line, not one per field.
   */
  private tags: Int32Array;
  private rec: Float64Array;
  private meta: Uint8Array;
  private nTags = 0;

  // per (class, age)
  private readonly hits: Float32Array;
  private readonly evictions: Float32Array;
  private readonly densities: Float32Array;

  private readonly recentlyAdmitted: Int32Array;
  private recentlyAdmittedHead = 0;
  private ewmaVictimHitDensity = 0;
  private explorerBudget: number;
  private timestamp = 0;
  private nextReconfiguration: number;
  private numReconfigurations = 0;
  private ageCoarseningShift = 10;
  private ageScale = 2 ** -10;
  private ewmaNumObjects = 0;
  private ewmaNumObjectsMass = 0;
  /** Generator state (high and low 32 bits). */
  private rngHi = 0;
  private rngLo: number;
  /** Scratch: the last draw's halves (set by step()). */
  private drawHi = 0;
  private drawLo = 0;

  usedBytes = 0;

  constructor(p: LhdParams, ctx: EvictionCtx) {
    this.associativity = Math.max(1, Math.floor(p.associativity));
    this.admissions = Math.max(0, Math.floor(p.admissions));
    this.maxAge = Math.max(2, Math.floor(p.maxAge));
    this.reconfigureInterval = Math.max(1, Math.floor(p.reconfigureInterval));
    this.exploreInverse = Math.max(1, Math.floor(p.exploreInverseProbability));
    this.nextReconfiguration = this.reconfigureInterval;
    this.explorerBudget = Math.trunc(fr(fr(ctx.capacity) * fr(p.explorerBudget)));
    this.slot = new Int32Array(Math.max(16, ctx.ids)).fill(NIL);
    const slots = Math.max(16, Math.min(ctx.ids, ctx.capacity, 1 << 20));
    this.tags = new Int32Array(slots);
    this.rec = new Float64Array(slots * REC);
    this.meta = new Uint8Array(slots);
    const cells = HIT_AGE_CLASSES * this.maxAge;
    this.hits = new Float32Array(cells);
    this.evictions = new Float32Array(cells);
    this.densities = new Float32Array(cells);
    // "~GDSF" start: density (c + 1) / (age + 1), c the full class id (application class 1)
    for (let c = 0; c < HIT_AGE_CLASSES; c++) {
      const classId = APP_CLASS * HIT_AGE_CLASSES + c;
      for (let a = 0; a < this.maxAge; a++) this.densities[c * this.maxAge + a] = (1 * (classId + 1)) / (a + 1);
    }
    this.recentlyAdmitted = new Int32Array(this.admissions).fill(NIL);
    this.rngLo = ctx.seed >>> 0;
  }

  get count(): number {
    return this.nTags;
  }

  find(id: number, promote: boolean): boolean {
    if (id >= this.slot.length) return false;
    const s = this.slot[id];
    if (s === NIL) return false;
    if (promote) this.access(s, this.rec[s * REC + SIZE], false);
    return true;
  }

  insert(id: number, size: number): void {
    if (id >= this.slot.length) this.slot = grow(this.slot, id + 1, NIL);
    const s = this.nTags++;
    if (s === this.tags.length) {
      this.tags = grow(this.tags, s + 1);
      this.rec = grow(this.rec, (s + 1) * REC);
      this.meta = grow(this.meta, s + 1);
    }
    this.tags[s] = id;
    this.slot[id] = s;
    this.usedBytes += size;
    this.access(s, size, true);
  }

  victim(): number {
    return this.nTags === 0 ? NIL : this.tags[this.rank(false)];
  }

  evict(): number {
    if (this.nTags === 0) return NIL;
    const s = this.rank(true);
    const id = this.tags[s];
    this.replaced(s);
    return id;
  }

  remove(id: number): boolean {
    if (id >= this.slot.length || this.slot[id] === NIL) return false;
    // as libCacheSim's LHD_remove: no eviction statistics, no explorer budget refund
    this.dropSlot(this.slot[id]);
    return true;
  }

  /**
   * Whether the non-resident `id` is still among the recently admitted candidates (a later
   * re-insertion of the same id would make that entry count again).
   */
  retains(id: number): boolean {
    const recent = this.recentlyAdmitted;
    for (let i = 0; i < recent.length; i++) if (recent[i] === id) return true;
    return false;
  }

  /** Drops `id` from the recently admitted candidates (O(admissions), 8 by default). */
  forget(id: number): void {
    const recent = this.recentlyAdmitted;
    for (let i = 0; i < recent.length; i++) if (recent[i] === id) recent[i] = NIL;
  }

  /** Advances the 64-bit generator; the new state is the draw (drawHi, drawLo). */
  private step(): void {
    const sh = this.rngHi;
    const sl = this.rngLo;
    // sl · A_LO as a full 64-bit product, from 16-bit limbs (every partial sum exact in a double;
    // `& 0xffff` and `>>> 0` take them modulo 2^16 and 2^32 exactly)
    const s0 = sl & 0xffff;
    const s1 = sl >>> 16;
    const mid = s0 * A_LO_1 + s1 * A_LO_0;
    const low = s0 * A_LO_0 + (mid & 0xffff) * 65536;
    const carryHi = s1 * A_LO_1 + Math.floor(mid / 65536) + Math.floor(low / TWO_32);
    let lo = (low >>> 0) + C_LO;
    let hi = (carryHi + Math.imul(sh, A_LO) + Math.imul(sl, A_HI) + C_HI) >>> 0;
    if (lo >= TWO_32) {
      lo -= TWO_32;
      hi = (hi + 1) >>> 0;
    }
    this.rngHi = this.drawHi = hi;
    this.rngLo = this.drawLo = lo;
  }

  /** The last draw modulo n (exact for n < 2^26), without `%` on doubles (a slow library call). */
  private drawMod(n: number): number {
    return modFloor(modFloor(this.drawHi, n) * modFloor(TWO_32, n) + modFloor(this.drawLo, n), n);
  }

  // --- the model ---

  /** Like the authors' loop: doublings of `age` until it reaches maxAge, at most 15; 15 for age 0. */
  private hitAgeClass(age: number): number {
    if (age === 0) return HIT_AGE_CLASSES - 1;
    if (age >= this.maxAge) return 0;
    let log = Math.clz32(age) - Math.clz32(this.maxAge);
    if (age << log < this.maxAge) log++; // age << log < 2 · maxAge: no overflow
    return Math.min(log, HIT_AGE_CLASSES - 1);
  }

  /** Coarsened age of slot `s`, clamped to maxAge − 1. */
  private age(s: number): number {
    const a = Math.floor((this.timestamp - this.rec[s * REC + STAMP]) * this.ageScale);
    return a >= this.maxAge ? this.maxAge - 1 : a;
  }

  private hitDensity(s: number): number {
    const a = this.age(s);
    if (a === this.maxAge - 1) return FLOAT_LOWEST;
    const m = this.meta[s];
    let d = fr(this.densities[(m & 15) * this.maxAge + a] / this.rec[s * REC + SIZE_F]);
    if (m >= 16) d = fr(d + 1);
    return d;
  }

  /** Picks the victim's slot; `commit` keeps the generator's advance and updates the victim EWMA. */
  private rank(commit: boolean): number {
    const savedHi = this.rngHi;
    const savedLo = this.rngLo;
    const candidates = this.numReconfigurations > WARMUP_RECONFIGURATIONS ? this.associativity : WARMUP_CANDIDATES;
    const n = this.nTags;
    let victim = NIL;
    let victimRank = FLOAT_MAX;
    for (let i = 0; i < candidates; i++) {
      this.step();
      const s = this.drawMod(n);
      const r = this.hitDensity(s);
      if (r < victimRank) {
        victim = s;
        victimRank = r;
      }
    }
    const recent = this.recentlyAdmitted;
    for (let i = 0; i < recent.length; i++) {
      const id = recent[i];
      if (id === NIL || id >= this.slot.length) continue;
      const s = this.slot[id];
      if (s === NIL) continue;
      const r = this.hitDensity(s);
      if (r < victimRank) {
        victim = s;
        victimRank = r;
      }
    }
    if (victim === NIL) victim = 0;
    if (!commit) {
      this.rngHi = savedHi;
      this.rngLo = savedLo;
    } else {
      this.ewmaVictimHitDensity = fr(fr(EWMA_DECAY * this.ewmaVictimHitDensity) + fr(ONE_MINUS_DECAY * victimRank));
    }
    return victim;
  }

  /** The authors' update(): a hit (or an insertion) of the object in slot `s`. */
  private access(s: number, size: number, isInsert: boolean): void {
    const rec = this.rec;
    const b = s * REC;
    if (isInsert) {
      rec[b + LAST_LAST_HIT_AGE] = this.maxAge;
      rec[b + LAST_HIT_AGE] = 0;
    } else {
      const a = this.age(s);
      const m = this.meta[s];
      this.hits[(m & 15) * this.maxAge + a] += 1;
      if (m >= 16) this.explorerBudget = Math.trunc(fr(fr(this.explorerBudget) + rec[b + SIZE_F]));
      rec[b + LAST_LAST_HIT_AGE] = rec[b + LAST_HIT_AGE];
      rec[b + LAST_HIT_AGE] = a;
    }
    rec[b + STAMP] = this.timestamp;
    rec[b + SIZE_F] = fr(size);
    rec[b + SIZE] = size;
    let m = this.hitAgeClass(rec[b + LAST_HIT_AGE] + rec[b + LAST_LAST_HIT_AGE]);

    this.step();
    const explore = this.drawMod(this.exploreInverse) === 0;
    if (explore && this.explorerBudget > 0 && this.numReconfigurations < WARMUP_RECONFIGURATIONS) {
      m |= 16;
      this.explorerBudget = Math.trunc(fr(fr(this.explorerBudget) - rec[b + SIZE_F]));
    }
    this.meta[s] = m;

    if (isInsert && !explore && this.admissions > 0 && this.hitDensity(s) < this.ewmaVictimHitDensity) {
      this.recentlyAdmitted[this.recentlyAdmittedHead++ % this.admissions] = this.tags[s];
    }

    this.timestamp++;
    if (--this.nextReconfiguration === 0) {
      this.reconfigure();
      this.nextReconfiguration = this.reconfigureInterval;
      this.numReconfigurations++;
    }
  }

  /** Eviction bookkeeping, then the object leaves. */
  private replaced(s: number): void {
    const a = this.age(s);
    const m = this.meta[s];
    this.evictions[(m & 15) * this.maxAge + a] += 1;
    if (m >= 16) this.explorerBudget = Math.trunc(fr(fr(this.explorerBudget) + this.rec[s * REC + SIZE_F]));
    this.dropSlot(s);
  }

  /** Removes slot `s`: the last slot's record moves into it. */
  private dropSlot(s: number): void {
    const rec = this.rec;
    this.usedBytes -= rec[s * REC + SIZE];
    this.slot[this.tags[s]] = NIL;
    const last = --this.nTags;
    if (s !== last) {
      const id = this.tags[last];
      this.tags[s] = id;
      this.slot[id] = s;
      this.meta[s] = this.meta[last];
      rec.copyWithin(s * REC, last * REC, last * REC + REC);
    }
  }

  private reconfigure(): void {
    const M = this.maxAge;
    const hits = this.hits;
    const ev = this.evictions;
    for (let i = 0; i < hits.length; i++) {
      hits[i] *= EWMA_DECAY;
      ev[i] *= EWMA_DECAY;
    }
    this.adaptAgeCoarsening();
    // hit density of (class, age) = hits after that age / expected remaining lifetime, computed in
    // one backward pass; lifetimeUnconditioned accumulates the events still to come at each age
    for (let c = 0; c < HIT_AGE_CLASSES; c++) {
      const base = c * M;
      let totalEvents = fr(hits[base + M - 1] + ev[base + M - 1]);
      let totalHits = hits[base + M - 1];
      let lifetimeUnconditioned = totalEvents;
      for (let a = M - 2; a >= 0; a--) {
        totalHits = fr(totalHits + hits[base + a]);
        totalEvents = fr(totalEvents + fr(hits[base + a] + ev[base + a]));
        lifetimeUnconditioned = fr(lifetimeUnconditioned + totalEvents);
        this.densities[base + a] = totalEvents > 1e-5 ? fr(totalHits / lifetimeUnconditioned) : 0;
      }
    }
  }

  /** Tunes the age coarsening from the number of resident objects (at reconfigurations 5 and 25). */
  private adaptAgeCoarsening(): void {
    const M = this.maxAge;
    this.ewmaNumObjects = fr(this.ewmaNumObjects * EWMA_DECAY);
    this.ewmaNumObjectsMass = fr(this.ewmaNumObjectsMass * EWMA_DECAY);
    this.ewmaNumObjects = fr(this.ewmaNumObjects + this.nTags);
    this.ewmaNumObjectsMass = fr(this.ewmaNumObjectsMass + 1);
    const numObjects = fr(this.ewmaNumObjects / this.ewmaNumObjectsMass);
    const optimal = fr(numObjects / fr(AGE_COARSENING_ERROR_TOLERANCE * M));
    if (this.numReconfigurations !== 5 && this.numReconfigurations !== 25) return;
    let log2 = 1;
    while (2 ** log2 < optimal) log2++;
    const delta = log2 - this.ageCoarseningShift;
    this.ageCoarseningShift = log2;
    this.ageScale = 2 ** -log2;
    this.ewmaNumObjects = fr(this.ewmaNumObjects * 8);
    this.ewmaNumObjectsMass = fr(this.ewmaNumObjectsMass * 8);
    for (const arr of [this.hits, this.evictions]) {
      for (let c = 0; c < HIT_AGE_CLASSES; c++) {
        const b = c * M;
        if (delta < 0) {
          // stretch: ages spread over more buckets
          const d = -delta;
          for (let a = M >> d; a < M - 1; a++) arr[b + M - 1] += arr[b + a];
          for (let a = M - 2; a >= 0; a--) arr[b + a] = arr[b + (a >> d)] / 2 ** d;
        } else if (delta > 0) {
          // compress: 2^delta buckets merge into one
          for (let a = 0; a < M >> delta; a++) {
            let sum = arr[b + (a << delta)];
            for (let i = 1; i < 1 << delta; i++) sum = fr(sum + arr[b + (a << delta) + i]);
            arr[b + a] = sum;
          }
          for (let a = M >> delta; a < M - 1; a++) arr[b + a] = 0;
        }
      }
    }
  }
}

export const lhd = {
  name: "lhd",
  summary: "Least Hit Density: evict the sampled object with the fewest expected hits per byte-time.",
  cite: "Beckmann, Chen, Cidon, LHD: Improving Cache Hit Rate by Maximizing Hit Density, NSDI 2018",
  defaults: {
    associativity: 32,
    admissions: 8,
    explorerBudget: 0.01,
    exploreInverseProbability: 32,
    maxAge: 20000,
    reconfigureInterval: 1048576,
  } as LhdParams,
  params: {
    associativity: { description: "Candidates sampled per eviction (after warm-up)", min: 1, max: 1024, integer: true },
    admissions: { description: "Recent low-density newcomers also considered", min: 0, max: 1024, integer: true },
    explorerBudget: { description: "Capacity share for explorer objects", min: 0, max: 1 },
    exploreInverseProbability: { description: "An admitted object explores with probability 1/this", min: 1, max: 1e9 },
    maxAge: { description: "Age buckets per class", min: 2, max: 100_000, integer: true },
    reconfigureInterval: {
      description: "Accesses (hits + insertions) between model updates",
      min: 16_384,
      max: 2 ** 31,
      integer: true,
    },
  },
  create: (p, ctx) => new Lhd(p, ctx),
} satisfies EvictionSpec;
