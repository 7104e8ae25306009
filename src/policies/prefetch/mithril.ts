// Mithril: mining sporadic associations between objects for prefetching.
//
// Yang, Karimi, Sæmundsson, Wildani and Vigfusson, "MITHRIL: Mining Sporadic Associations for
// Cache Prefetching", ACM SoCC 2017: objects requested only a few times are kept with the logical
// times of their requests; objects whose time lists line up are associated, and a request for one
// prefetches the other. This follows libCacheSim's Mithril (prefetch/Mithril.c, commit aa0fc40):
//   - the clock counts demand requests; a miss (recTrigger 0) is recorded before its prefetches,
//     with the clock's low 15 bits; its minSupport-th record moves an object from the recording
//     table (a ring, 2 % of capacity × blockSize at 14 bytes a row) to the mining table, its
//     (maxSupport + 1)-th drops it (too frequent); a moved row's hole is filled by the last row;
//   - at miningThreshold / minSupport waiting rows, mining: rows sorted (stable) by first time;
//     row a is compared with each following b whose first time is ≤ lookaheadRange later, b being
//     skipped when the record counts differ by more than confidence; the first b not skipped, and
//     any b with a pair of times 1 apart, is associated (a → b) unless more than confidence of the
//     compared pairs are more than lookaheadRange apart; then the mining table is emptied;
//   - a → b goes to a's prefetch-table row (pfListSize slots, FIFO); the table grows by shards of
//     2,000 rows within maxMetadataSize × capacity × blockSize, then reuses rows from the start;
//   - after a request for a, a's listed objects not resident are fetched, with their last size;
//   - a prefetched object evicted unused is put straight back cycleTime − 1 times (second chance):
//     here by fetching it again from the `evicted` hook, so the engine counts each return as one
//     more prefetch and the eviction before it as one wasted.
// Kept exactly, as which pairs associate depends on it: libCacheSim's "n-th time of a row" macro
// yields the word's count for n = 4 and 8 and reads word 1 + ⌊n/5⌋ for n ≥ 5. With LRU in bytes
// this reproduces libCacheSim's demand-miss counts exactly at all 8 sizes (test/golden). Not on
// that trace: the second chance follows the engine's `evict` reason only, so a DELETE or an expiry
// is final, as in libCacheSim; in slot mode (cluster,
// live server) there is no second chance (the object is still resident while the hook runs); with
// recTrigger 2 a miss is recorded after the evictions it caused (libCacheSim: before); the
// sequential prefetching inside libCacheSim's Mithril (off by default there) is left out: OBL is
// cachelab's sequential prefetcher (obl.ts); where
// libCacheSim aborts (budget under one shard) the first shard is kept anyway.
// Parameters (libCacheSim's names): lookaheadRange 20, maxSupport 8, minSupport 2, confidence 1,
// pfListSize 2, recTrigger 0 (1 evictions, 2 both, 3 every request), blockSize 1, maxMetadataSize
// 0.1, cycleTime 2, miningThreshold 5120. Memory: the tables, bounded by those budgets (recording
// rows allocated as used). The budgets are shares of the capacity in the run's unit: in `objects`
// unit 10,000 objects get 14 recording rows, so raise blockSize there (e.g. blockSize=4096).
import { InputError } from "../../core/errors.js";
import type { LeaveReason, PrefetchCtx, Prefetcher, PrefetchSink, PrefetchSpec } from "./types.js";

const SHARD = 2000;
const RECORDING_SHARE = 0.02;
const TS_MASK = 0x7fff;

interface MithrilParams {
  lookaheadRange: number;
  maxSupport: number;
  minSupport: number;
  confidence: number;
  pfListSize: number;
  recTrigger: number;
  blockSize: number;
  maxMetadataSize: number;
  cycleTime: number;
  miningThreshold: number;
}

/**
 * Rows of timestamps (the recording or the mining table): an id, a count and up to `cap` 15-bit
 * times per row, in typed arrays.
 */
class Rows {
  id: Float64Array;
  cnt: Int32Array;
  ts: Int32Array;
  /** Rows are allocated as they are first used (a recording table for a large cache is big). */
  constructor(
    rows: number,
    readonly cap: number,
  ) {
    this.id = new Float64Array(rows);
    this.cnt = new Int32Array(rows);
    this.ts = new Int32Array(rows * cap);
  }
  /** Makes row r addressable. */
  ensure(r: number): void {
    if (r < this.id.length) return;
    const n = Math.max(r + 1, this.id.length * 2);
    const id = new Float64Array(n);
    id.set(this.id);
    this.id = id;
    const cnt = new Int32Array(n);
    cnt.set(this.cnt);
    this.cnt = cnt;
    const ts = new Int32Array(n * this.cap);
    ts.set(this.ts);
    this.ts = ts;
  }
  clear(r: number): void {
    this.id[r] = 0;
    this.cnt[r] = 0;
  }
  copy(to: number, from: Rows, r: number): void {
    this.id[to] = from.id[r];
    const n = from.cnt[r];
    this.cnt[to] = n;
    const a = r * from.cap;
    const b = to * this.cap;
    for (let k = 0; k < n; k++) this.ts[b + k] = from.ts[a + k];
  }
  /** Appends a time (when the row has room); returns the count before. */
  add(r: number, t: number): number {
    const n = this.cnt[r];
    if (n < this.cap) {
      this.ts[r * this.cap + n] = t;
      this.cnt[r] = n + 1;
    }
    return n;
  }
  /** libCacheSim's GET_NTH_TS(row, n): word 1 + ⌊n/5⌋, slot n mod 4, slot 0 being the word's count. */
  nth(r: number, n: number): number {
    const w = Math.floor(n / 5);
    const inWord = Math.min(4, Math.max(0, this.cnt[r] - 4 * w));
    const s = n % 4;
    if (s === 0) return inWord;
    return s <= inWord ? this.ts[r * this.cap + 4 * w + s - 1] : 0;
  }
}

export class Mithril implements Prefetcher {
  private readonly p: MithrilParams;
  private ts = 0;
  /** id → row: > 0 recording table row, < 0 mining table row −(index + 1). */
  private readonly where = new Map<number, number>();
  private readonly rec: Rows | null;
  private readonly recRows: number;
  private recCur = 1;
  private readonly mine: Rows;
  private mineLen = 0;
  private readonly mtableSize: number;
  private nAvail = 0;
  /** Prefetch table: row → [source, pfListSize targets + 1] (0 = empty slot), source id → row. */
  private ptable: Float64Array;
  private readonly ptIndex = new Map<number, number>();
  private ptCur = 1;
  private ptFull = false;
  private metadata: number;
  private readonly maxMetadata: number;
  /** Per id: last requested size; prefetch round (0 = not a pending prefetch). */
  private sizes = new Uint32Array(1024);
  private rounds = new Uint8Array(1024);
  private sink: PrefetchSink | null = null;
  private readonly order: number[] = [];

  constructor(p: MithrilParams, ctx: PrefetchCtx) {
    this.p = p;
    this.mtableSize = Math.floor(p.miningThreshold / p.minSupport);
    this.maxMetadata = Math.floor(p.blockSize * ctx.capacity * p.maxMetadataSize);
    const maxShards = Math.floor(this.maxMetadata / (SHARD * p.pfListSize));
    this.metadata = (p.maxSupport * 2 + 12) * this.mtableSize + maxShards * 8 + SHARD * (p.pfListSize * 8 + 12);
    this.mine = new Rows(this.mtableSize + 1, 4 * Math.ceil(p.maxSupport / 4));
    if (p.maxSupport !== 1) {
      this.recRows = Math.floor(
        (ctx.capacity * p.blockSize * RECORDING_SHARE) / (Math.ceil(p.minSupport / 2) * 2 + 12),
      );
      this.rec = new Rows(Math.min(Math.max(this.recRows, 2), 4096), 4 * Math.ceil(p.minSupport / 4));
      this.metadata += (Math.ceil(p.minSupport / 4 + 1) * 8 + 4) * this.recRows;
    } else {
      this.recRows = 0;
      this.rec = null;
    }
    this.ptable = new Float64Array(SHARD * (p.pfListSize + 1));
  }

  access(id: number, size: number, _time: number, _ctx: number, hit: boolean, sink: PrefetchSink): void {
    this.sink = sink;
    if (id >= this.sizes.length) this.grow(id);
    this.sizes[id] = size;
    // a requested object is no longer a pending prefetch
    this.rounds[id] = 0;
    const trig = this.p.recTrigger;
    if (trig === 3 || (trig !== 1 && !hit)) this.record(id);
    const row = this.ptIndex.get(id);
    if (row !== undefined) {
      const w = this.p.pfListSize + 1;
      const base = row * w;
      for (let i = 1; i < w; i++) {
        const b = this.ptable[base + i] - 1;
        if (b < 0) break;
        if (sink.resident(b)) continue;
        if (b >= this.rounds.length) this.grow(b);
        sink.fetch(b, this.sizes[b]);
        if (sink.resident(b)) this.rounds[b] = 1;
      }
    }
    this.ts++;
  }

  evicted(id: number, reason: LeaveReason): void {
    const r = id < this.rounds.length ? this.rounds[id] : 0;
    // libCacheSim gives the second chance in its eviction path only: a DELETE or an expiry is final
    if (reason === "evict" && r !== 0 && r < this.p.cycleTime && this.sink !== null) {
      // second chance: straight back in (the engine evicts for it as for a miss)
      this.rounds[id] = r + 1;
      this.sink.fetch(id, this.sizes[id]);
      if (!this.sink.resident(id)) this.rounds[id] = 0;
      return;
    }
    if (this.p.recTrigger === 1 || this.p.recTrigger === 2) this.record(id);
    if (id < this.rounds.length) this.rounds[id] = 0;
  }

  private grow(id: number): void {
    const n = Math.max(id + 1, this.sizes.length * 2);
    const s = new Uint32Array(n);
    s.set(this.sizes);
    this.sizes = s;
    const r = new Uint8Array(n);
    r.set(this.rounds);
    this.rounds = r;
  }

  /** libCacheSim's _Mithril_record_entry: one record of `id` at the current time. */
  private record(id: number): void {
    const t = this.ts & TS_MASK;
    const p = this.p;
    if (p.minSupport === 1) this.recordOne(id, t);
    else {
      const rec = this.rec!;
      const at = this.where.get(id) ?? 0;
      if (at === 0) {
        const r = this.recCur;
        rec.ensure(r + 1);
        rec.id[r] = id;
        rec.cnt[r] = 0;
        rec.add(r, t);
        this.where.set(id, r);
        this.recCur++;
        if (this.recCur >= this.recRows) this.recCur = 1;
        const c = this.recCur;
        if (rec.id[c] !== 0 || rec.cnt[c] !== 0) {
          this.where.delete(rec.id[c]);
          rec.clear(c);
        }
      } else if (at < 0) this.mineAdd(-at - 1, t);
      else if (rec.add(at, t) === p.minSupport - 1) {
        // promoted to the mining table; the recording table's last row fills the hole
        const m = this.mineLen++;
        this.mine.copy(m, rec, at);
        this.nAvail++;
        const last = this.recCur - 1;
        const moved = at !== last && this.recCur >= 2;
        if (moved) rec.copy(at, rec, last);
        if (this.recCur >= 2) rec.clear(last);
        else rec.clear(at);
        this.where.set(id, -(m + 1));
        if (moved) this.where.set(rec.id[at], at);
        if (this.recCur >= 2) this.recCur--;
      }
    }
    if (this.nAvail >= this.mtableSize || (p.minSupport === 1 && this.nAvail > p.miningThreshold / 8)) {
      this.mineAll();
      this.nAvail = 0;
    }
  }

  /** minSupport = 1: straight into the mining table. */
  private recordOne(id: number, t: number): void {
    const at = this.where.get(id) ?? 0;
    if (at === 0) {
      const m = this.mineLen++;
      this.mine.id[m] = id;
      this.mine.cnt[m] = 0;
      this.mine.add(m, t);
      this.nAvail++;
      this.where.set(id, -(m + 1));
    } else this.mineAdd(-at - 1, t);
  }

  /** A record of an object in the mining table; a row with maxSupport records already is dropped. */
  private mineAdd(m: number, t: number): void {
    const mine = this.mine;
    if (mine.add(m, t) !== this.p.maxSupport) return;
    this.where.delete(mine.id[m]);
    const last = --this.mineLen;
    if (m !== last) {
      mine.copy(m, mine, last);
      this.where.set(mine.id[m], -(m + 1));
    }
    this.nAvail--;
  }

  /** libCacheSim's _Mithril_mining: associate rows whose times line up, then empty the table. */
  private mineAll(): void {
    const mine = this.mine;
    const n = this.mineLen;
    const order = this.order;
    order.length = n;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      this.where.delete(mine.id[i]);
    }
    // stable, as g_array_sort
    order.sort((a, b) => mine.nth(a, 1) - mine.nth(b, 1));
    const { lookaheadRange: range, confidence } = this.p;
    for (let i = 0; i < n - 1; i++) {
      const a = order[i];
      const na = mine.cnt[a];
      const a1 = mine.nth(a, 1);
      let first = true;
      for (let j = i + 1; j < n; j++) {
        const b = order[j];
        if (mine.nth(b, 1) - a1 > range) break;
        const nb = mine.cnt[b];
        if (Math.abs(na - nb) > confidence) continue;
        const shorter = Math.min(na, nb);
        let assoc = false;
        if (first) {
          assoc = true;
          first = false;
        }
        if (shorter === 1 && Math.abs(a1 - mine.nth(b, 1)) === 1) assoc = true;
        let error = 0;
        for (let k = 1; k < shorter; k++) {
          const d = Math.abs(mine.nth(a, k) - mine.nth(b, k));
          if (d > range) {
            error++;
            if (error > confidence) {
              assoc = false;
              break;
            }
          }
          if (d === 1) assoc = true;
        }
        if (assoc) this.associate(mine.id[a], mine.id[b]);
      }
    }
    this.mineLen = 0;
  }

  /** libCacheSim's _Mithril_add_to_prefetch_table: a → b. */
  private associate(a: number, target: number): void {
    // targets are stored as id + 1: 0 marks an empty slot (libCacheSim uses id 0 itself)
    const b = target + 1;
    const pf = this.p.pfListSize;
    const w = pf + 1;
    const pt = this.ptable;
    const row = this.ptIndex.get(a);
    if (row !== undefined) {
      const base = row * w;
      let insert = true;
      let i = 1;
      for (; i < w; i++) {
        const x = pt[base + i];
        if (x === 0) break;
        if (x === b) insert = false;
      }
      if (!insert) return;
      if (i === w) {
        // full: first in, first out
        for (let j = 2; j < w; j++) pt[base + j - 1] = pt[base + j];
        i = pf;
      }
      pt[base + i] = b;
      return;
    }
    const r = ++this.ptCur;
    if ((r + 1) * w > this.ptable.length) {
      const g = new Float64Array(this.ptable.length + SHARD * w);
      g.set(this.ptable);
      this.ptable = g;
    }
    const base = r * w;
    const t = this.ptable;
    if (this.ptFull) {
      this.ptIndex.delete(t[base]);
      t.fill(0, base, base + w);
    }
    t[base + 1] = b;
    t[base] = a;
    this.ptIndex.set(a, r);
    if ((r + 1) % SHARD === 0) {
      const shard = SHARD * (pf * 8 + 12);
      if (this.metadata + shard < this.maxMetadata) this.metadata += shard;
      else {
        this.ptFull = true;
        this.ptCur = 1;
      }
    }
  }
}

export const mithril = {
  name: "mithril",
  summary: "Mithril: mine associations between rarely requested objects; prefetch an object's associates.",
  cite: "Yang et al., MITHRIL: Mining Sporadic Associations for Cache Prefetching, SoCC 2017; libCacheSim prefetch/Mithril.c",
  defaults: {
    lookaheadRange: 20,
    maxSupport: 8,
    minSupport: 2,
    confidence: 1,
    pfListSize: 2,
    recTrigger: 0,
    blockSize: 1,
    maxMetadataSize: 0.1,
    cycleTime: 2,
    miningThreshold: 5120,
  },
  params: {
    lookaheadRange: {
      description: "requests apart that two times may be and still line up",
      min: 1,
      max: 100,
      integer: true,
    },
    maxSupport: {
      description: "records after which an object is too frequent to mine",
      min: 1,
      max: 64,
      integer: true,
    },
    minSupport: { description: "records before an object is mined (≤ maxSupport)", min: 1, max: 64, integer: true },
    confidence: { description: "record pairs allowed not to line up", min: 1, max: 100, integer: true },
    pfListSize: { description: "associates kept (and prefetched) per object", min: 1, max: 100, integer: true },
    recTrigger: {
      description: "when to record: 0 miss, 1 eviction, 2 miss or eviction, 3 every request",
      min: 0,
      max: 3,
      integer: true,
    },
    blockSize: { description: "multiplies the table budgets (libCacheSim's block-size)", min: 1, integer: true },
    maxMetadataSize: { description: "table memory budget as a share of the capacity", min: 0, max: 1 },
    cycleTime: {
      description: "an unused prefetched object is put back cycleTime − 1 times when evicted",
      min: 1,
      max: 100,
      integer: true,
    },
    miningThreshold: {
      description: "mining runs when miningThreshold / minSupport objects wait",
      min: 2,
      integer: true,
    },
  },
  create: (p, ctx) => {
    if (p.minSupport > p.maxSupport)
      throw new InputError(
        `prefetcher 'mithril': minSupport (${p.minSupport}) must not exceed maxSupport (${p.maxSupport})`,
      );
    return new Mithril(p, ctx);
  },
} satisfies PrefetchSpec;
