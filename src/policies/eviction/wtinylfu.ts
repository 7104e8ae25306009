// W-TinyLFU: a small LRU window in front of a segmented-LRU main cache, with a TinyLFU frequency
// sketch deciding which of the two candidates leaves when room is needed.
//
// Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM
// Transactions on Storage 13(4), 2017 (section 4: W-TinyLFU). Plain TinyLFU keeps popular objects
// but is slow to let a burst of new ones in; W-TinyLFU gives every new object a short stay in an LRU
// "window" (1% of the cache by default). The rest is the main cache, an SLRU: new arrivals enter its
// probation segment, a hit there promotes an object to the protected segment (80% of the main
// cache), and protected overflow is demoted back to the head of probation. When the cache needs
// room, the window's LRU object is offered to the main cache: if the main cache has room it simply
// moves in; otherwise its sketch estimate is compared with the main cache's victim (the probation
// tail, or the protected tail when probation is empty), and the less frequent of the two is evicted
// (a tie keeps the main victim). The frequency sketch (src/core/sketch.ts) estimates how often each
// key was seen recently; how it learns and forgets is the aging, one of two:
//
// - Caffeine's (the default). Caffeine (github.com/ben-manes/caffeine, by TinyLFU's authors; the
//   implementation people deploy) records every access in the sketch, hit or miss, window or main
//   (BoundedLocalCache.onAccess and the write path), and after a sample of 10 × the maximum size
//   recorded accesses halves every counter (FrequencySketch.reset), halving the sample count too
//   (less the counts truncated by the halving, so the next period is about half a sample). Its
//   counters are 4 bits (saturating at 15). The maximum size is counted in objects: the most the
//   cache has held (at least 64), as Caffeine sizes a weighted cache's sketch by its entry count.
//   So popularity fades with time whatever the traffic: on scenarios/shifting-hotspot.yaml
//   (the hot set moves every 200,000 requests) W-TinyLFU misses 0.2784 (LRU 0.2790, ARC 0.1605)
//   and its windowed miss ratio is back to ~0.11 within about 60,000 requests of each shift.
//   Not taken from Caffeine: its sketch layout (4 counters in one 64-byte block, 16 per entry;
//   here the counting Bloom filter below is kept) and its admission's random 1/128 acceptance of a
//   warm candidate (frequency ≥ 6) that lost, which guards against hash flooding and would make
//   victim() non-deterministic.
// - libCacheSim's (libcachesimAging = 1, for comparing with libCacheSim; the golden tests use it).
//   The sketch learns from insertions, from hits in the main cache (not the window), and from every
//   window object offered to the main cache; after 32 × entries main-cache hits all its counters are
//   halved ("entries": min(main capacity, 2^20), at least 64). Aging stops with main-cache hits: on
//   the shifting-hotspot scenario the sketch clings to yesterday's hot objects and W-TinyLFU misses
//   0.8172 there (libCacheSim does the same).
//
// The window adapts with adaptive = 1: Caffeine's hill climber (BoundedLocalCache.climb,
// determineAdjustment, increaseWindow, decreaseWindow). After each sample of requests (the aging's
// sample size) it compares the hit rate with the previous sample's and moves the window's size by
// a step in the direction that helped (reversing when the hit rate fell): a step starts at 6.25 %
// of the capacity, shrinking by 0.98 each sample unless the hit rate moved by 5 % or more, which
// restarts it; growing the window takes from the protected segment and moves main objects (from
// the probation LRU end, else protected) to the window's MRU end, shrinking it moves the window's
// LRU objects to probation (at most 1,000 objects per adjustment; the window keeps at least one
// unit). With it, probation has no size of its own (main − protected, as in Caffeine). Its first
// step shrinks the window. On the shifting-hotspot scenario it does not help (0.2923): a sample is
// 50,000 requests, a phase 200,000, so the climber reacts to a shift after it has passed.
//
// Sizes and defaults otherwise follow libCacheSim's `wtinylfu` (WTinyLFU.c: window 1%, main cache
// SLRU with segments 1:4, i.e. protected = 80%; a counting Bloom filter of ⌈14.38 × entries⌉
// counters and 10 hash functions, sized for a 0.1% error rate; no doorkeeper). Sizes are computed as
// libCacheSim does: window = ⌊capacity × window⌋ (at least 1 unit here, where libCacheSim would
// cache nothing below 100 objects), main = capacity − window, probation = ⌊0.2 × main⌋, protected =
// ⌊0.8 × main⌋. The window is not bounded by its own size: it holds everything until the cache
// first fills, and from then on each eviction offers its oldest objects, as in libCacheSim.
//
// Size rule (libCacheSim WTinyLFU_can_insert, with the main cache's SLRU_can_insert): an object
// larger than the window (1 % of the cache), or than the main cache's probation segment, is not
// cached at all (`admits`: a miss, counted as a bypass, nothing evicted for it). With bytes that
// means nothing above 1 % of the cache is ever cached — surprising, and the main reason the byte
// miss ratio differed by up to 0.09 on the variable-size trace; kept as the default (in both agings)
// for comparability. With it (and libCacheSim's aging) the variable-size rows are within 0.0008.
//
// Evictions libCacheSim makes outside its eviction loop's count are made right after the hit or
// insert through `overfull()` and `evict()` (so they are counted): a promotion's demotion that
// overfills probation (libCacheSim's SLRU evicts the probation tail inside the hit), and a window
// object admitted into a main cache its rival's eviction did not make room enough for (libCacheSim's
// SLRU_insert evicts more main objects first; here the main victim other than that object goes).
// Other departures from libCacheSim, and why:
// - one `evict()` removes exactly one object, as the engine's contract requires;
// - the sketch hashes dense ids with a seeded hash (libCacheSim hashes the trace's 64-bit ids with
//   XXH64). libCacheSim sizes its sketch for the main cache's entries, not for all keys, so on real
//   traces it saturates and the outcome depends on which keys collide: libCacheSim's own algorithm
//   run with other hash seeds moves the miss ratio of the 4,897-object CloudPhysics row by up to
//   +0.0024, and this file (libCacheSim aging) over seeds 1…20 by −0.0015 … +0.0026; the byte rows
//   do not depend on the seed (no collisions in a sketch that large) and differ by +0.0001 / +0.0009
//   and −0.0018 / −0.0033 (miss / byte miss ratio) at 20,297,697 and 202,976,972 bytes;
// - in bytes, the sketch is sized by min(main capacity, 2^20) entries rather than by main-cache
//   bytes (libCacheSim allocates up to 2^31 counters there), and so is libCacheSim's aging period;
//   the size depends on the capacity only, never on how many ids the run expects, so a streamed run
//   and a loaded one agree;
// - libCacheSim's counters are 32-bit; 16-bit ones (saturating at 65,535) give identical miss
//   counts on every golden row and on the benchmark, in half the memory.
//
// Id reuse (a node in slot mode, src/engine/node.ts): the policy sees node-local slots that are
// handed to other keys once freed. A sketch cannot forget an id, so when the node passes its slot
// map (ctx.keys) the sketch hashes the key a slot holds, not the slot: counts follow keys, and slot
// mode gives exactly dense mode's results (test/engine/slots-exact.test.ts). Without ctx.keys a
// reused slot inherits its previous owner's counts (usually those of the victim just evicted), like
// extra hash collisions: on skewed traces the miss ratio was then +0.005 … +0.012 higher than in
// dense mode (which itself moves by up to 0.007 between sketch seeds); the test holds it to 0.02.
//
// Parameters: window (fraction of capacity, 0.01), protected (fraction of the main cache, 0.8),
// sketchDepth (hash functions, 10), sketchWidth (counters per main-cache entry, 14.3776),
// counterBits (0 = the aging's own: 4 for Caffeine's, 16 for libCacheSim's), sampleFactor (0 = the
// aging's own: 10 × size recorded accesses for Caffeine's, 32 × entries main-cache hits for
// libCacheSim's), doorkeeper (doorkeeper Bloom bits per entry, 0 = none), libcachesimAging (0 =
// Caffeine's aging, 1 = libCacheSim's), adaptive (1 = Caffeine's hill climber on the window).

import { grow } from "../../core/grow.js";
import { Links, NIL, Queue } from "../../core/lists.js";
import { FrequencySketch } from "../../core/sketch.js";

/** Cap on sketch entries (bytes unit: main capacity in bytes would mean billions of counters). */
const MAX_ENTRIES = 1 << 20;

import type { EvictionCtx, EvictionPolicy, EvictionSpec } from "./types.js";

const ABSENT = 0;
const WINDOW = 1;
const PROBATION = 2;
const PROTECTED = 3;

/** Caffeine's counters are 4 bits (saturating at 15); libCacheSim's 32, of which 16 suffice (header). */
const CAFFEINE_COUNTER_BITS = 4;
const LIBCACHESIM_COUNTER_BITS = 16;
/** Caffeine's sample: age the sketch after 10 × the maximum size recorded accesses. */
const CAFFEINE_SAMPLE_FACTOR = 10;
/** libCacheSim's: halve after 32 × the main cache's size main-cache hits. */
const LIBCACHESIM_SAMPLE_FACTOR = 32;
// Caffeine's hill climber (BoundedLocalCache): restart with a large step when the hit rate moved by
// 5 % or more, else decay the step by 0.98; a step is 6.25 % of the capacity; at most 1,000 objects
// move between the window and the main cache per adjustment.
const HILL_CLIMBER_RESTART_THRESHOLD = 0.05;
const HILL_CLIMBER_STEP_PERCENT = 0.0625;
const HILL_CLIMBER_STEP_DECAY_RATE = 0.98;
const QUEUE_TRANSFER_THRESHOLD = 1000;

/** libCacheSim's counting Bloom filter: −ln(0.001)/ln(2)² counters per entry (0.1% error). */
const LIBCACHESIM_COUNTERS_PER_ENTRY = -Math.log(0.001) / 0.480453013918201;

export interface WTinyLfuParams {
  window: number;
  protected: number;
  sketchDepth: number;
  sketchWidth: number;
  counterBits: number;
  sampleFactor: number;
  doorkeeper: number;
  libcachesimAging: number;
  adaptive: number;
  [k: string]: number;
}

export class WTinyLfu implements EvictionPolicy {
  private readonly links: Links;
  private readonly window: Queue;
  private readonly probation: Queue;
  private readonly protectedSeg: Queue;
  private where: Uint8Array;
  private size: Uint32Array;
  /** Window, main and segment sizes; only the hill climber (adaptive) changes them after construction. */
  windowCapacity: number;
  mainCapacity: number;
  probationCapacity: number;
  protectedCapacity: number;
  private readonly capacity: number;
  readonly sketch: FrequencySketch;
  /** Caffeine's aging (the default): every access is recorded, and counted towards the sample. */
  private readonly caffeine: boolean;
  private readonly sampleFactor: number;
  /** libCacheSim's aging: main-cache hits between two halvings. */
  private readonly agingPeriod: number;
  private mainHits = 0;
  /** Caffeine's aging: recorded accesses since the last halving (halved, not reset, by it). */
  private samples = 0;
  /** Caffeine's sample size: 10 × the most objects the cache has held (its maximum size in objects). */
  private sampleSize: number;
  private highWater = 0;
  /** The hill climber (adaptive = 1): Caffeine's BoundedLocalCache.climb. */
  private readonly adaptive: boolean;
  private hitsInSample = 0;
  private missesInSample = 0;
  private previousHitRate = 0;
  private stepSize: number;
  /** A promotion demoted objects into a full probation segment: shed its tail before anything else. */
  private overdue = false;
  /** The window object whose admission overfilled the main cache (it is not shed for its own sake). */
  private overfilledBy = NIL;
  /** Set when either of the two above may owe an eviction: overfull() reads only this otherwise. */
  private mayOwe = false;

  /** Slot mode: the node's slot → key map, so the sketch counts keys, not reusable slots. */
  private readonly keys: { readonly keyOf: Uint32Array } | null;

  constructor(p: WTinyLfuParams, ctx: EvictionCtx) {
    this.keys = ctx.keys ?? null;
    this.links = new Links(ctx.ids);
    this.window = new Queue(this.links);
    this.probation = new Queue(this.links);
    this.protectedSeg = new Queue(this.links);
    this.where = new Uint8Array(this.links.capacity);
    this.size = new Uint32Array(this.links.capacity);
    const cap = ctx.capacity;
    this.capacity = cap;
    this.caffeine = p.libcachesimAging === 0;
    this.adaptive = p.adaptive !== 0;
    this.windowCapacity = Math.max(1, Math.trunc(cap * p.window));
    this.mainCapacity = Math.max(0, cap - this.windowCapacity);
    // libCacheSim splits "seg-size=1:4" as (1/5)·main and (4/5)·main; round the complement so that
    // 1 − 0.8 gives exactly 0.2 and the truncations agree
    const probationShare = Math.round((1 - p.protected) * 1e12) / 1e12;
    this.probationCapacity = Math.trunc(probationShare * this.mainCapacity);
    this.protectedCapacity = Math.trunc(p.protected * this.mainCapacity);
    // Caffeine's probation segment has no size of its own: whatever the protected one leaves
    if (this.adaptive) this.probationCapacity = this.mainCapacity - this.protectedCapacity;
    const entries = Math.max(64, Math.min(this.mainCapacity, MAX_ENTRIES));
    this.sketch = new FrequencySketch({
      width: Math.ceil(p.sketchWidth * entries),
      depth: p.sketchDepth,
      counterBits: p.counterBits > 0 ? p.counterBits : this.caffeine ? CAFFEINE_COUNTER_BITS : LIBCACHESIM_COUNTER_BITS,
      doorkeeperBits: p.doorkeeper * entries,
      seed: ctx.seed,
    });
    this.sampleFactor =
      p.sampleFactor > 0 ? p.sampleFactor : this.caffeine ? CAFFEINE_SAMPLE_FACTOR : LIBCACHESIM_SAMPLE_FACTOR;
    this.agingPeriod = Math.max(1, Math.round(this.sampleFactor * entries));
    this.sampleSize = Math.max(1, Math.round(this.sampleFactor * 64));
    this.stepSize = -HILL_CLIMBER_STEP_PERCENT * cap;
  }

  /** What the sketch hashes for `id`: the id itself, or in slot mode the key the slot holds. */
  private key(id: number): number {
    const k = this.keys;
    return k === null ? id : k.keyOf[id];
  }

  get usedBytes(): number {
    return this.window.bytes + this.probation.bytes + this.protectedSeg.bytes;
  }
  get count(): number {
    return this.window.length + this.probation.length + this.protectedSeg.length;
  }

  find(id: number, promote: boolean): boolean {
    const w = id < this.where.length ? this.where[id] : ABSENT;
    if (!promote) return w !== ABSENT;
    if (this.caffeine) this.record(id);
    if (this.adaptive) {
      if (w === ABSENT) this.missesInSample++;
      else this.hitsInSample++;
      if (this.hitsInSample + this.missesInSample >= this.sampleSize) this.climb();
    }
    if (w === ABSENT) return false;
    if (w === WINDOW) {
      this.window.toHead(id);
      return true;
    }
    if (w === PROTECTED) this.protectedSeg.toHead(id);
    else {
      const s = this.size[id];
      this.probation.unlink(id, s);
      this.protectedSeg.pushHead(id, s);
      this.where[id] = PROTECTED;
      this.demoteProtected();
    }
    if (!this.caffeine) {
      // libCacheSim records main-cache hits only, and ages after agingPeriod of them
      this.sketch.increment(this.key(id));
      if (++this.mainHits >= this.agingPeriod) {
        this.mainHits = 0;
        this.sketch.age();
      }
    }
    return true;
  }

  /** Protected overflow goes back to the head of probation (libCacheSim SLRU_cool, Caffeine demoteFromMainProtected). */
  private demoteProtected(): void {
    const prot = this.protectedSeg;
    while (prot.bytes > this.protectedCapacity && prot.length > 0) {
      const t = prot.tail;
      const ts = this.size[t];
      prot.unlink(t, ts);
      this.probation.pushHead(t, ts);
      this.where[t] = PROBATION;
      // libCacheSim evicts from probation when a demotion leaves it over its share
      if (this.probation.bytes > this.probationCapacity) {
        this.overdue = true;
        this.mayOwe = true;
      }
    }
  }

  /**
   * Caffeine's aging: records one access of `id` and, after sampleSize of them, halves every counter
   * and the sample count, corrected for the counts the halving truncated (FrequencySketch.reset).
   */
  private record(id: number): void {
    this.sketch.increment(this.key(id));
    if (++this.samples >= this.sampleSize) {
      const odd = this.sketch.age();
      this.samples = Math.max(0, (this.samples - odd / this.sketch.depth) / 2) | 0;
    }
  }

  /**
   * Caffeine's hill climber (BoundedLocalCache.determineAdjustment and climb): after each sample of
   * requests, step the window's size in the direction that raised the hit rate (reversing when it
   * fell), restarting with a step of 6.25 % of the capacity when the hit rate moved by 5 % or more,
   * else decaying the step by 0.98; then move objects between the window and the main cache.
   */
  private climb(): void {
    const requests = this.hitsInSample + this.missesInSample;
    const hitRate = this.hitsInSample / requests;
    const change = hitRate - this.previousHitRate;
    const amount = change >= 0 ? this.stepSize : -this.stepSize;
    this.stepSize =
      Math.abs(change) >= HILL_CLIMBER_RESTART_THRESHOLD
        ? HILL_CLIMBER_STEP_PERCENT * this.capacity * (amount >= 0 ? 1 : -1)
        : HILL_CLIMBER_STEP_DECAY_RATE * amount;
    this.previousHitRate = hitRate;
    this.hitsInSample = 0;
    this.missesInSample = 0;
    const adjustment = Math.trunc(amount);
    this.demoteProtected();
    if (adjustment > 0) this.increaseWindow(adjustment);
    else if (adjustment < 0) this.decreaseWindow(-adjustment);
  }

  /** Grows the window by up to `amount`, taking it from the protected share and moving main objects in. */
  private increaseWindow(amount: number): void {
    if (this.protectedCapacity === 0) return;
    let quota = Math.min(amount, this.protectedCapacity);
    this.protectedCapacity -= quota;
    this.windowCapacity += quota;
    this.demoteProtected();
    for (let i = 0; i < QUEUE_TRANSFER_THRESHOLD; i++) {
      let c = this.probation.tail;
      let fromProbation = true;
      if (c === NIL || quota < this.size[c]) {
        c = this.protectedSeg.tail;
        fromProbation = false;
      }
      if (c === NIL) break;
      const s = this.size[c];
      if (quota < s) break;
      quota -= s;
      (fromProbation ? this.probation : this.protectedSeg).unlink(c, s);
      this.window.pushHead(c, s);
      this.where[c] = WINDOW;
    }
    this.protectedCapacity += quota;
    this.windowCapacity -= quota;
    this.resized();
  }

  /** Shrinks the window by up to `amount` (it keeps at least 1), moving its oldest objects to probation. */
  private decreaseWindow(amount: number): void {
    if (this.windowCapacity <= 1) return;
    let quota = Math.min(amount, Math.max(0, this.windowCapacity - 1));
    this.protectedCapacity += quota;
    this.windowCapacity -= quota;
    for (let i = 0; i < QUEUE_TRANSFER_THRESHOLD; i++) {
      const c = this.window.tail;
      if (c === NIL) break;
      const s = this.size[c];
      if (quota < s) break;
      quota -= s;
      this.window.unlink(c, s);
      this.probation.pushHead(c, s);
      this.where[c] = PROBATION;
    }
    this.protectedCapacity -= quota;
    this.windowCapacity += quota;
    this.resized();
  }

  private resized(): void {
    this.mainCapacity = this.capacity - this.windowCapacity;
    this.probationCapacity = this.mainCapacity - this.protectedCapacity;
  }

  /**
   * libCacheSim's WTinyLFU_can_insert: nothing larger than the window, nor than what the main SLRU
   * admits (its probation segment, SLRU_can_insert), is cached.
   */
  admits(_id: number, size: number): boolean {
    return size <= this.windowCapacity && size <= this.probationCapacity;
  }

  /**
   * Evictions libCacheSim makes outside its eviction loop's count (see the header): a demotion that
   * overfilled probation, or an admitted window object that overfilled the main cache. The node
   * evicts them through evict() right after the hit or insert.
   */
  overfull(): boolean {
    if (!this.mayOwe) return false; // the common case, one field read per hit and insert
    if ((this.overdue && this.probation.bytes > this.probationCapacity) || this.mainBytes > this.mainCapacity) {
      return true;
    }
    this.mayOwe = false; // a hint only: nothing is owed any more
    return false;
  }

  insert(id: number, size: number): void {
    if (id >= this.where.length) {
      this.links.ensure(id);
      this.where = grow(this.where, this.links.capacity);
      this.size = grow(this.size, this.links.capacity);
    }
    this.size[id] = size;
    this.where[id] = WINDOW;
    this.window.pushHead(id, size);
    // libCacheSim records an insertion (Caffeine recorded the access in find)
    if (!this.caffeine) this.sketch.increment(this.key(id));
    const n = this.count;
    if (n > this.highWater) {
      this.highWater = n;
      if (n >= 64) this.sampleSize = Math.max(1, Math.round(this.sampleFactor * n));
    }
  }

  private get mainBytes(): number {
    return this.probation.bytes + this.protectedSeg.bytes;
  }

  /** The main cache's victim: probation tail, else protected tail; NIL when empty. */
  private mainVictim(): number {
    return this.probation.length > 0 ? this.probation.tail : this.protectedSeg.tail;
  }

  /** The main cache's insertion rule (libCacheSim SLRU): the lowest segment with room, else probation. */
  private admitToMain(id: number, s: number): void {
    if (this.probation.bytes + s <= this.probationCapacity || this.protectedSeg.bytes + s > this.protectedCapacity) {
      this.probation.pushHead(id, s);
      this.where[id] = PROBATION;
    } else {
      this.protectedSeg.pushHead(id, s);
      this.where[id] = PROTECTED;
    }
  }

  private dropMain(id: number): void {
    const s = this.size[id];
    if (this.where[id] === PROBATION) this.probation.unlink(id, s);
    else this.protectedSeg.unlink(id, s);
    this.where[id] = ABSENT;
  }

  evict(): number {
    if (this.overdue) {
      if (this.probation.bytes > this.probationCapacity) {
        const t = this.probation.tail;
        this.dropMain(t);
        return t;
      }
      this.overdue = false;
    }
    if (this.mainBytes > this.mainCapacity) {
      const m = this.shedVictim();
      this.dropMain(m);
      return m;
    }
    const win = this.window;
    for (;;) {
      const w = win.tail;
      if (w === NIL) {
        const m = this.mainVictim();
        if (m !== NIL) this.dropMain(m);
        return m;
      }
      const s = this.size[w];
      if (this.mainBytes + s <= this.mainCapacity) {
        // the main cache has room: the window's LRU object moves in, nothing leaves yet
        win.unlink(w, s);
        this.admitToMain(w, s);
        if (!this.caffeine) this.sketch.increment(this.key(w));
        continue;
      }
      const m = this.mainVictim();
      if (m !== NIL && this.sketch.exceeds(this.key(w), this.sketch.estimate(this.key(m)))) {
        this.dropMain(m);
        win.unlink(w, s);
        this.admitToMain(w, s);
        if (this.mainBytes > this.mainCapacity) {
          this.overfilledBy = w;
          this.mayOwe = true;
        }
        if (!this.caffeine) this.sketch.increment(this.key(w));
        return m;
      }
      win.unlink(w, s);
      this.where[w] = ABSENT;
      if (!this.caffeine) this.sketch.increment(this.key(w));
      return w;
    }
  }

  /**
   * What evict() would return, computed without changing state: it walks the window from its LRU
   * end the way evict() does, tracking where moved objects would land, and applies their sketch
   * increments under the sketch's journal, rolled back before returning.
   */
  victim(): number {
    if (this.count === 0) return NIL;
    if (this.overdue && this.probation.bytes > this.probationCapacity) return this.probation.tail;
    if (this.mainBytes > this.mainCapacity) return this.shedVictim();
    const pn = this.links.pn;
    let mainBytes = this.mainBytes;
    let probationBytes = this.probation.bytes;
    let protectedBytes = this.protectedSeg.bytes;
    let firstToProbation = NIL;
    let firstToProtected = NIL;
    let w = this.window.tail;
    let result = NIL;
    this.sketch.mark();
    while (w !== NIL) {
      const s = this.size[w];
      if (mainBytes + s <= this.mainCapacity) {
        if (probationBytes + s <= this.probationCapacity || protectedBytes + s > this.protectedCapacity) {
          probationBytes += s;
          if (firstToProbation === NIL) firstToProbation = w;
        } else {
          protectedBytes += s;
          if (firstToProtected === NIL) firstToProtected = w;
        }
        mainBytes += s;
        if (!this.caffeine) this.sketch.increment(this.key(w));
        w = pn[2 * w];
        continue;
      }
      const m = this.simulatedMainVictim(firstToProbation, firstToProtected);
      result = m !== NIL && this.sketch.exceeds(this.key(w), this.sketch.estimate(this.key(m))) ? m : w;
      break;
    }
    if (w === NIL) result = this.simulatedMainVictim(firstToProbation, firstToProtected);
    this.sketch.rollback();
    return result;
  }

  /**
   * Who leaves an over-full main cache: what libCacheSim's SLRU would have evicted to make room for
   * the admitted window object, i.e. the main victim other than that object itself.
   */
  private shedVictim(): number {
    const p = this.probation.tail;
    if (p === NIL || (p === this.overfilledBy && this.protectedSeg.length > 0)) return this.protectedSeg.tail;
    return p;
  }

  private simulatedMainVictim(firstToProbation: number, firstToProtected: number): number {
    if (this.probation.length > 0) return this.probation.tail;
    if (firstToProbation !== NIL) return firstToProbation;
    if (this.protectedSeg.length > 0) return this.protectedSeg.tail;
    return firstToProtected;
  }

  remove(id: number): boolean {
    if (id >= this.where.length) return false;
    const w = this.where[id];
    if (w === ABSENT) return false;
    if (w === WINDOW) {
      this.window.unlink(id, this.size[id]);
      this.where[id] = ABSENT;
    } else this.dropMain(id);
    return true;
  }

  /**
   * Nothing per id is kept after an object leaves; its counts stay in the frequency sketch, which
   * hashes ids and cannot forget one (see the header on id reuse).
   */
  forget(id: number): void {
    if (this.overfilledBy === id) this.overfilledBy = NIL;
  }
}

export const wtinylfu = {
  name: "wtinylfu",
  aliases: ["w-tinylfu", "tinylfu"],
  summary: "W-TinyLFU: LRU window + SLRU main cache; a frequency sketch picks the window or main victim.",
  cite: "Einziger, Friedman, Manes, TinyLFU: A Highly Efficient Cache Admission Policy, ACM ToS 2017; aging and hill climber: Caffeine (github.com/ben-manes/caffeine)",
  defaults: {
    window: 0.01,
    protected: 0.8,
    sketchDepth: 10,
    sketchWidth: LIBCACHESIM_COUNTERS_PER_ENTRY,
    counterBits: 0,
    sampleFactor: 0,
    doorkeeper: 0,
    libcachesimAging: 0,
    adaptive: 0,
  } as WTinyLfuParams,
  params: {
    window: { description: "Window LRU share of the capacity (at least 1 unit)", min: 0, max: 0.99 },
    protected: { description: "Protected segment share of the main SLRU", min: 0, max: 1 },
    sketchDepth: { description: "Counters touched per key (hash functions)", min: 1, max: 16, integer: true },
    sketchWidth: { description: "Sketch counters per main-cache entry", min: 0.01, max: 32 },
    counterBits: {
      description: "Bits per counter (saturating); 0 = the aging's own: Caffeine 4, libCacheSim 16 (its 32 in effect)",
      min: 0,
      max: 32,
      integer: true,
    },
    sampleFactor: {
      description:
        "Halve the counters after sampleFactor × size recorded accesses (0 = the aging's own: Caffeine 10, libCacheSim 32)",
      min: 0,
      max: 1e6,
    },
    doorkeeper: { description: "Doorkeeper Bloom filter bits per entry (0 = no doorkeeper)", min: 0, max: 256 },
    libcachesimAging: {
      description:
        "1 = libCacheSim's aging (count main-cache hits, window moves and insertions; halve after 32 × main size hits); 0 = Caffeine's (every access, halve after 10 × size)",
      min: 0,
      max: 1,
      integer: true,
    },
    adaptive: {
      description: "1 = adapt the window's size by Caffeine's hill climber; 0 = fixed window",
      min: 0,
      max: 1,
      integer: true,
    },
  },
  create: (p, ctx) => new WTinyLfu(p, ctx),
} satisfies EvictionSpec;
