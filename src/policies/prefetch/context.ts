// context: rules over the request's context, learned online from the trace itself.
//
// The rule, for every group of requests (by default a region; with byDevice, a region × device
// type): "when a window of `windowHours` local hours starts, fetch the `top` objects this group
// requested most in the same window yesterday". E.g. with windowHours 2: from 07:00 local time in
// region eu, keep the 1,000 keys eu read most between 07:00 and 09:00 yesterday. Each region's
// windows follow its own local time (the workload's context table gives every context index a
// region, a device type and a UTC offset; src/workload/generators/context.ts). Nothing is
// configured per key: the prefetcher counts what each group requests in its current window and,
// when the window ends, keeps that window's top objects (those requested at least `minCount`
// times) as the plan for the same window tomorrow. A plan is only used on the next day (a plan
// older than a day is dropped). When it fires, an object is fetched only if the window was
// special for it: its count in that window is at least `lift` times its average per window over
// that whole day (an object popular all day long is no likelier at this window's start than at
// any other moment, and is usually resident anyway). Fetches are issued lowest count first, so
// the likeliest objects end up most recently inserted; resident objects are skipped by the node.
// This is the kind of rule operators write by hand ("warm the morning set before the morning"),
// the prefetching idea of Wang et al., "Prefetching for mobile devices" style context-aware
// caching (see docs/prefetch.md for the references); here it is learned rather than hand-listed.
// On a workload without context every request is one group in UTC: on a stationary (Zipf)
// workload yesterday's top objects are today's, and still resident, so it fetches little, and
// what it fetches is not useful (the result row's verdict says so).
// Parameters: windowHours (2), top (1000), minCount (3), lift (3), byRegion (1), byDevice (0),
// maxKeys (2^22: objects with larger ids are not counted; memory about 12 bytes × min(ids,
// maxKeys) per group plus the plans).
import type { PrefetchCtx, Prefetcher, PrefetchSink, PrefetchSpec } from "./types.js";

interface Group {
  offset: number;
  /** Current window, as day × windows-per-day + window (NaN before the first request). */
  slot: number;
  counts: Uint32Array;
  touched: number[];
  /** The current local day, its counts per object, and the previous day's (day − 1, else cleared). */
  day: number;
  dayCounts: Uint32Array;
  dayTouched: number[];
  prevDay: Uint32Array;
  prevTouched: number[];
  /** Per window of the day: the plan made on `planSlot`'s day (objects, lowest count first). */
  plans: (Int32Array | null)[];
  planCounts: (Uint32Array | null)[];
  planSlots: Float64Array;
}

export class ContextPrefetch implements Prefetcher {
  private readonly groups: Group[] = [];
  /** Context index → group (-1: not seen yet). */
  private readonly groupOf: number[] = [];
  private readonly names = new Map<string, number>();
  private readonly table: PrefetchCtx["contexts"];
  private readonly byRegion: boolean;
  private readonly byDevice: boolean;
  private readonly windowSeconds: number;
  private readonly perDay: number;
  private readonly top: number;
  private readonly minCount: number;
  private readonly lift: number;
  private readonly maxKeys: number;
  private sizes: Uint32Array;

  constructor(
    p: {
      windowHours: number;
      top: number;
      minCount: number;
      lift: number;
      byRegion: number;
      byDevice: number;
      maxKeys: number;
    },
    ctx: PrefetchCtx,
  ) {
    this.windowSeconds = p.windowHours * 3600;
    this.perDay = Math.ceil(24 / p.windowHours);
    this.top = p.top;
    this.minCount = p.minCount;
    this.lift = p.lift;
    this.maxKeys = Math.min(p.maxKeys, Math.max(1, ctx.idLimit));
    this.sizes = new Uint32Array(Math.min(this.maxKeys, 1 << 16));
    this.table = ctx.contexts;
    this.byRegion = p.byRegion === 1;
    this.byDevice = p.byDevice === 1;
  }

  /**
   * The group of a context index, found once per index (a trace's table may still be filling while
   * it is read, so indexes are resolved when first seen, not at construction).
   */
  private groupIndex(ctx: number): number {
    const c = this.table[ctx] ?? { region: "", device: "", utcOffsetHours: 0 };
    const name = `${this.byRegion ? c.region : ""}\u0000${this.byDevice ? c.device : ""}`;
    let g = this.names.get(name);
    if (g === undefined) {
      g = this.groups.length;
      this.names.set(name, g);
      // a group that mixes regions uses the first one's clock
      this.groups.push({
        offset: (this.byRegion ? c.utcOffsetHours : 0) * 3600,
        slot: Number.NaN,
        counts: new Uint32Array(0),
        touched: [],
        day: Number.NaN,
        dayCounts: new Uint32Array(0),
        dayTouched: [],
        prevDay: new Uint32Array(0),
        prevTouched: [],
        plans: new Array(this.perDay).fill(null),
        planCounts: new Array(this.perDay).fill(null),
        planSlots: new Float64Array(this.perDay).fill(Number.NaN),
      });
    }
    while (this.groupOf.length <= ctx) this.groupOf.push(-1);
    this.groupOf[ctx] = g;
    return g;
  }

  access(id: number, size: number, time: number, ctx: number, _hit: boolean, sink: PrefetchSink): void {
    let gi = ctx < this.groupOf.length ? this.groupOf[ctx] : -1;
    if (gi < 0) gi = this.groupIndex(ctx);
    const g = this.groups[gi];
    const local = time + g.offset;
    const day = Math.floor(local / 86400);
    const w = Math.min(this.perDay - 1, Math.floor((local - day * 86400) / this.windowSeconds));
    const slot = day * this.perDay + w;
    if (slot !== g.slot) {
      if (!Number.isNaN(g.slot)) this.close(g);
      if (day !== g.day) this.newDay(g, day);
      g.slot = slot;
      const plan = g.plans[w];
      const planCounts = g.planCounts[w];
      // yesterday's plan for this window: fire it, for the objects this window was special for
      if (plan !== null && planCounts !== null && g.planSlots[w] === slot - this.perDay) {
        const prev = g.prevDay;
        for (let k = 0; k < plan.length; k++) {
          const id = plan[k];
          const daily = id < prev.length ? prev[id] : 0;
          if (planCounts[k] * this.perDay >= this.lift * daily) sink.fetch(id, this.sizes[id]);
        }
      }
    }
    if (id >= this.maxKeys) return;
    if (id >= this.sizes.length) this.sizes = grow(this.sizes, id + 1, this.maxKeys);
    this.sizes[id] = size;
    if (id >= g.counts.length) g.counts = grow(g.counts, id + 1, this.maxKeys);
    if (g.counts[id]++ === 0) g.touched.push(id);
    if (id >= g.dayCounts.length) g.dayCounts = grow(g.dayCounts, id + 1, this.maxKeys);
    if (g.dayCounts[id]++ === 0) g.dayTouched.push(id);
  }

  /** A new local day for `g`: today's counts become the previous day's (kept only if it was yesterday). */
  private newDay(g: Group, day: number): void {
    const old = g.prevDay;
    for (const id of g.prevTouched) old[id] = 0;
    g.prevTouched.length = 0;
    if (day === g.day + 1) {
      g.prevDay = g.dayCounts;
      g.prevTouched = g.dayTouched;
      g.dayCounts = old;
      g.dayTouched = [];
    } else {
      for (const id of g.dayTouched) g.dayCounts[id] = 0;
      g.dayTouched.length = 0;
    }
    g.day = day;
  }

  /** The window of `g` ends: its top objects become the plan for the same window tomorrow. */
  private close(g: Group): void {
    const counts = g.counts;
    const touched = g.touched;
    const min = this.minCount;
    const keep = touched.filter((id) => counts[id] >= min);
    keep.sort((a, b) => counts[b] - counts[a] || a - b);
    if (keep.length > this.top) keep.length = this.top;
    keep.reverse();
    const w = ((g.slot % this.perDay) + this.perDay) % this.perDay;
    g.plans[w] = Int32Array.from(keep);
    g.planCounts[w] = Uint32Array.from(keep, (id) => counts[id]);
    g.planSlots[w] = g.slot;
    for (const id of touched) counts[id] = 0;
    touched.length = 0;
  }
}

function grow(a: Uint32Array, min: number, cap: number): Uint32Array {
  const n = new Uint32Array(Math.min(cap, Math.max(min, a.length * 2)));
  n.set(a);
  return n;
}

export const context = {
  name: "context",
  summary: "Context rules: at each local-time window, fetch what this region read most in that window yesterday.",
  cite: "learned per region/device and local time of day; see docs/prefetch.md",
  defaults: { windowHours: 2, top: 1000, minCount: 3, lift: 3, byRegion: 1, byDevice: 0, maxKeys: 1 << 22 },
  params: {
    windowHours: { description: "length of a rule's window in local hours", min: 0.25, max: 24 },
    top: {
      description: "objects fetched when a window starts (yesterday's most requested)",
      min: 1,
      max: 1 << 20,
      integer: true,
    },
    minCount: { description: "requests an object needed yesterday to be fetched", min: 1, integer: true },
    lift: {
      description: "fetch only if yesterday's count in the window ≥ lift × the object's average per window that day",
      min: 0,
    },
    byRegion: {
      description: "1: one rule set per region, on its local time; 0: all regions together, UTC",
      min: 0,
      max: 1,
      integer: true,
    },
    byDevice: { description: "1: one rule set per device type too", min: 0, max: 1, integer: true },
    maxKeys: {
      description: "objects with ids at or above this are not counted (memory bound)",
      min: 1,
      max: 2 ** 31,
      integer: true,
    },
  },
  create: (p, ctx) => new ContextPrefetch(p, ctx),
} satisfies PrefetchSpec;
