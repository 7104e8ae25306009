// One cluster job: a trace replayed through C clients (each with an optional near cache, L1) in
// front of N simulated servers (L2), each a CacheNode running the scenario's eviction policy, keys
// placed on them by a placement scheme (src/placement), with replication, failures, scale-out and
// blue-green cutovers on the timeline. docs/cluster.md is the full model; in short:
//
// - Placement: the owner list (R owners, primary first) of every dense key id is computed once per
//   topology into an Int32Array (again at add / remove / cutover, counting keys whose primary
//   changed = keysRemapped). A load-aware scheme (bounded) places the ids in id order.
// - Clients: request at trace position p goes to client mix32(p + salt) mod C — a load balancer
//   spreading requests, not keys, so several L1s can hold the same key (what makes stale reads and
//   invalidations real). Position, not arrival order, so it is independent of batching and threads.
// - A GET looks in its client's L1; on a miss it goes to the first live owner (a replica serving
//   because the primary is down is a failover); on a miss there the value is fetched from the
//   backend and stored on every live owner (the fill is a write), then in the L1. A key with no
//   live owner is a backend fetch: a miss, counted, never dropped.
// - A SET is a request at the first live owner (hit or miss as the node says) and is stored on all
//   live owners and in the writer's L1 (write-through); a DELETE removes the key everywhere. Both
//   bump the key's version: an L1 copy older than the latest write, read later, is a stale read.
//   With `broadcast` invalidation every other L1 holding the key drops it (one message each).
// - A node that goes down loses its contents and comes back cold; totals (requests, hits, misses,
//   bytes) are what the clients see: a hit is a request served without the backend.
// - One node, R = 1, no L1: every request goes lookup (+ store) to the one node, which is exactly
//   what `replay` does (the engine's contract), so the row equals the single-cache simulator's.
//
// The hot loop works on trace ranges cut at every boundary (warm-up end, series and phase windows,
// events), so no boundary is checked per request; it allocates nothing per request.
import { InputError } from "../../core/errors.js";
import { mix32 } from "../../core/rng.js";
import { CacheNode, OUT_HIT } from "../../engine/node.js";
import { SlotMap } from "../../engine/slots.js";
import { createPlacement, resolveScheme } from "../../placement/resolve.js";
import type { Placement } from "../../placement/types.js";
import type { EvictionPolicy, EvictionSpec } from "../../policies/eviction/types.js";
import { createStrategy, type PolicyRef, refLabel, resolveParams } from "../../policies/resolve.js";
import type { Params } from "../../policies/spec.js";
import { INVALIDATION_MESSAGE_BYTES } from "../../scenario/defaults.js";
import { DELETE, GET, newBatch, type RequestBatch, SET } from "../../workload/types.js";
import { AUTO_POINTS, AUTO_WINDOW, MAX_POINTS } from "../drive.js";
import { evictionSpec, type Job, type JobResult, type RunInput } from "../job.js";
import type { ClusterEvent, ClusterJobSpec, ClusterNodeSpec, PlacementRef, WarmSpec } from "./config.js";
import { LatencyHistogram, LatencySampler, ROUTE_HIT, ROUTE_MISS, ROUTE_NO_OWNER } from "./latency.js";
import { PhaseTracker } from "./phases.js";

/** Caches × ids up to this use dense mode (fastest); above it slot mode keeps memory to what nodes hold. */
export const DENSE_BUDGET = 1 << 25;
/**
 * A near cache holding at most 1/SPARSE_L1 of the key ids runs in slot mode whatever the budget: its
 * per-id arrays would be touched at a few random places per MiB, a CPU-cache miss on every lookup,
 * where a slot map of twice what it holds stays in the CPU's caches (4 × 1,000-object LRU L1s over
 * 1 M ids, replayed in turns as the batched path does: ~1.6× faster; docs/cluster.md). Nodes stay
 * dense under the budget (measured slower in slot mode on the benchmark, and one node must equal
 * the single-cache simulator exactly).
 */
export const SPARSE_L1 = 16;
/** Request counts for copy-hot are halved every this many positions, so "hot" means recent. */
export const HOT_AGE = 1 << 20;
/** Salt of the client choice (any constant: it only decorrelates clients from key ids). */
const CLIENT_SALT = 0x5bd1e995;

/**
 * A split streamed run (cluster/stream.ts) runs one job in two threads: `near` replays the near
 * caches and routes their misses (no node caches), `far` replays the nodes from the near tier's
 * outcome (no near caches). Without a part, one thread does both.
 */
export type Part = "near" | "far";

/** The near tier's outcome of a position that hit its near cache (any other value is the node). */
export const NEAR_HIT = 255;

/** A policy ready to instantiate per node. */
interface Factory {
  ref: PolicyRef;
  spec: EvictionSpec;
  params: Params;
  label: string;
}

interface SimNode {
  name: string;
  weight: number;
  capacity: number;
  factory: Factory;
  /** null while down or after it left the cluster. */
  cache: CacheNode | null;
  /** Counters of earlier incarnations (before a down): requests, misses, byteRequests, evictions, bypasses, expirations. */
  acc: Float64Array;
  seed: number;
}

/** One cluster (blue, or green during a cutover): its placement and the owners of every key. */
interface Tier {
  placement: Placement;
  /** Node names → index into the run's node list. */
  members: number[];
  owners: Int32Array;
  /**
   * With R = 1 and node indexes below 255, the same owners as bytes (the batched path reads this:
   * a quarter of the memory, so the lookup per request misses the CPU's caches less); else null.
   */
  primary8: Uint8Array | null;
}

async function factory(ref: PolicyRef): Promise<Factory> {
  const spec = await evictionSpec(ref);
  if (spec.oracle)
    throw new InputError(`${spec.name} is an oracle policy: it cannot run in a cluster (it needs the whole trace)`);
  const params = resolveParams(spec, ref.params, "eviction policy");
  return { ref, spec, params, label: refLabel(ref, spec) };
}

export class ClusterSim {
  /** Tests turn the batched path off to compare it with the request-by-request one. */
  static batched = true;
  /** Near caches holding ≤ 1/sparseL1 of the ids run in slot mode (SPARSE_L1; tests set 0 to keep them dense). */
  static sparseL1 = SPARSE_L1;
  readonly nodes: SimNode[] = [];
  /** Per node index: 1 when up and in the active cluster. */
  live = new Uint8Array(16);
  caches: (CacheNode | null)[] = [];
  blue!: Tier;
  green: Tier | null = null;
  greenUntil = -1;
  readonly R: number;
  readonly C: number;
  l1: CacheNode[] | null = null;
  l1Ttl = 0;
  broadcast = false;
  /** Per key: writes so far (only when the trace has writes and there are near caches). */
  version: Uint32Array | null = null;
  /** Per client, per key: the version its L1 copy was stored with. */
  l1ver: Uint32Array[] | null = null;
  hot: Uint32Array | null = null;
  hotSize: Uint32Array | null = null;
  hotTick = 0;
  // counted totals (reset at the end of the warm-up)
  requests = 0;
  hits = 0;
  byteRequests = 0;
  byteMisses = 0;
  l1Requests = 0;
  l1Hits = 0;
  l2Requests = 0;
  l2Hits = 0;
  backendFetches = 0;
  backendBytes = 0;
  staleReads = 0;
  invalidations = 0;
  failovers = 0;
  private readonly outBuf: Int32Array;
  /** The latency model (null: off) and the current phase's histogram (the run's is their merge). */
  sampler: LatencySampler | null = null;
  phaseLatency: LatencyHistogram | null = null;

  /**
   * Key ids with owners (the trace's id space; in a streamed run, the ids read so far: `grow`).
   * `idBound` decides dense or slot mode and sizes slot maps (the id space, or a streamed run's
   * estimate of it); `policyIds` sizes a dense policy's per-id arrays (they grow past it).
   */
  ids: number;
  readonly idBound: number;
  private readonly policyIds: number;
  /** A split streamed run's far tier: the near tier's outcome per position (`fromNear`), else null. */
  nearOut: Uint8Array | null = null;
  /** The near caches' policy as results name it. */
  l1Label = "";

  private constructor(
    readonly job: Job,
    readonly spec: ClusterJobSpec,
    ids: number,
    readonly bytes: boolean,
    seen: number,
  ) {
    this.R = spec.replication;
    this.C = spec.clients;
    this.outBuf = new Int32Array(Math.max(1, this.R));
    this.idBound = ids;
    this.ids = this.policyIds = seen;
  }

  /**
   * `seen`: a streamed run's ids read so far (`ids` is then its estimate of the id space); a
   * streamed run has no writes and no copy-hot cutover (src/sim/cluster/stream.ts).
   */
  static async create(job: Job, ids: number, ops: boolean, seen?: number, part?: Part): Promise<ClusterSim> {
    const spec = job.cluster!;
    const sim = new ClusterSim(job, spec, Math.max(1, ids), job.unit === "bytes", Math.max(1, seen ?? ids));
    const main = await factory(job.eviction);
    if (job.admission) throw new InputError("an admission filter is not supported in a cluster yet");
    const members = spec.nodes.map((n) => sim.addNode(n, main));
    // the far part of a split run is told each request's node by the near part: it never reads owners
    sim.blue = await sim.tier(spec.placement, members, part !== "far");
    for (const m of members) {
      if (part === "near")
        sim.live[m] = 1; // routed to, never replayed here
      else sim.start(m);
    }
    if (spec.l1) {
      const f = await factory(spec.l1.eviction);
      sim.l1Label = f.label;
    }
    if (spec.l1 && part !== "far") {
      const f = await factory(spec.l1.eviction);
      sim.l1 = [];
      for (let c = 0; c < sim.C; c++)
        sim.l1.push(
          sim.makeCache(f, spec.l1.capacity, (job.seed + 7919 * (c + 1)) >>> 0, sim.C + spec.nodes.length, true),
        );
      sim.l1Ttl = spec.l1.ttlS ?? 0;
      sim.broadcast = spec.l1.invalidation === "broadcast";
      if (ops) {
        sim.version = new Uint32Array(sim.ids);
        sim.l1ver = Array.from({ length: sim.C }, () => new Uint32Array(sim.ids));
      }
    }
    if (spec.latency !== null) {
      sim.sampler = new LatencySampler(spec.latency, job.seed);
      sim.phaseLatency = new LatencyHistogram();
    }
    if (spec.events.some((e) => e.kind === "cutover" && e.warm.kind === "copy-hot")) {
      sim.hot = new Uint32Array(sim.ids);
      sim.hotSize = new Uint32Array(sim.ids);
    }
    return sim;
  }

  private addNode(n: ClusterNodeSpec, f: Factory): number {
    const i = this.nodes.length;
    this.nodes.push({
      name: n.name,
      weight: n.weight,
      capacity: n.capacity,
      factory: f,
      cache: null,
      acc: new Float64Array(6),
      seed: (this.job.seed + Math.imul(i, 0x9e3779b9)) >>> 0,
    });
    if (i >= this.live.length) {
      const l = new Uint8Array(this.live.length * 2);
      l.set(this.live);
      this.live = l;
    }
    this.caches.push(null);
    return i;
  }

  private makeCache(f: Factory, capacity: number, seed: number, cachesAtOnce: number, near = false): CacheNode {
    const held = this.bytes ? Math.ceil(capacity / Math.max(1, this.spec.meanObjectBytes)) : capacity;
    const dense =
      cachesAtOnce * this.idBound <= DENSE_BUDGET &&
      !(near && ClusterSim.sparseL1 > 0 && held * ClusterSim.sparseL1 <= this.idBound);
    if (dense) {
      const policy = createStrategy<EvictionPolicy>(
        f.spec,
        f.params,
        { capacity, ids: this.policyIds, seed },
        f.ref,
        "eviction policy",
      );
      return new CacheNode(policy, { capacity, name: f.label });
    }
    const expected = Math.max(1024, Math.min(this.idBound, 2 * held));
    const map = new SlotMap(expected);
    const policy = createStrategy<EvictionPolicy>(
      f.spec,
      f.params,
      { capacity, ids: expected, seed, keys: map },
      f.ref,
      "eviction policy",
    );
    return new CacheNode(policy, { capacity, name: f.label, slots: map, expectedKeys: expected });
  }

  /** Brings node i up, cold. */
  private start(i: number): void {
    const n = this.nodes[i];
    const count = this.nodes.length + (this.l1 ? this.C : 0);
    n.cache = this.makeCache(n.factory, n.capacity, n.seed, count);
    this.caches[i] = n.cache;
    this.live[i] = 1;
  }

  /** Takes node i down: its contents are lost, its counters kept. */
  private stop(i: number): void {
    const n = this.nodes[i];
    if (n.cache !== null) {
      const v = n.cache.counters.values;
      n.acc[0] += v.requests;
      n.acc[1] += v.misses;
      n.acc[2] += v.byteRequests;
      n.acc[3] += v.evictions;
      n.acc[4] += v.bypasses;
      n.acc[5] += v.expirations;
    }
    n.cache = null;
    this.caches[i] = null;
    this.live[i] = 0;
  }

  private async tier(ref: PlacementRef, members: number[], place = true): Promise<Tier> {
    const scheme = await resolveScheme(ref);
    const placement = createPlacement(
      scheme,
      members.map((m) => ({ name: this.nodes[m].name, weight: this.nodes[m].weight })),
    );
    const t: Tier = {
      placement,
      members,
      owners: new Int32Array(this.ids * this.R),
      primary8: this.R === 1 ? new Uint8Array(this.ids) : null,
    };
    if (place) this.computeOwners(t);
    return t;
  }

  /**
   * A streamed run read ids up to `seen`: their owners join the table (grown by doubling). A
   * load-aware scheme places ids in id order, so placing them in several steps gives what one pass does.
   */
  grow(seen: number): void {
    if (seen <= this.ids) return;
    const t = this.blue;
    if (seen * this.R > t.owners.length) {
      const cap = Math.max(seen, 2 * this.ids);
      const owners = new Int32Array(cap * this.R);
      owners.set(t.owners.subarray(0, this.ids * this.R));
      t.owners = owners;
      if (t.primary8 !== null) {
        const p8 = new Uint8Array(cap);
        p8.set(t.primary8.subarray(0, this.ids));
        t.primary8 = p8;
      }
    }
    this.computeOwners(t, this.ids, seen);
    this.ids = seen;
  }

  /** Fills the owner table of key ids [from, to) from the tier's placement (all of them by default). */
  private computeOwners(t: Tier, from = 0, to = this.ids): void {
    const p = t.placement;
    const byIndex = p.nodes.map((name) => this.nodes.findIndex((n) => n.name === name));
    if (p.loadAware && from === 0) p.reset?.();
    const R = this.R;
    const owners = t.owners;
    const out = this.outBuf;
    if (R === 1) {
      for (let k = from; k < to; k++) owners[k] = byIndex[p.owner(p.hashId(k))];
      const p8 = t.primary8;
      if (p8 !== null && byIndex.every((i) => i < 255)) for (let k = from; k < to; k++) p8[k] = owners[k];
      else t.primary8 = null;
      return;
    }
    for (let k = from; k < to; k++) {
      const n = p.owners(p.hashId(k), R, out);
      for (let j = 0; j < R; j++) owners[k * R + j] = j < n ? byIndex[out[j]] : -1;
    }
  }

  /** Keys whose primary owner differs between two owner tables (by node). */
  private remapped(a: Int32Array, b: Int32Array): number {
    const R = this.R;
    let n = 0;
    for (let k = 0; k < this.ids; k++) if (a[k * R] !== b[k * R]) n++;
    return n;
  }

  // --- the batched path (GETs only, R = 1, no shadow traffic) ---

  private sc1 = newBatch(0);
  private sc2 = newBatch(0);
  private perm1 = new Int32Array(0);
  private perm2 = new Int32Array(0);
  private out1s = new Uint8Array(0);
  private out2 = new Uint8Array(0);
  private out2s = new Uint8Array(0);
  private routeCodes = new Uint8Array(0);
  private client = new Int32Array(0);
  private dest = new Int32Array(0);
  private cstart = new Int32Array(0);
  private cfill = new Int32Array(0);
  private nstart = new Int32Array(0);
  private nfill = new Int32Array(0);

  /**
   * Whether a range can take the batched path (GETs, R = 1, no shadow traffic, node indexes below
   * 255): it gives the same result as `range`, request for request.
   */
  batchable(ops: boolean): boolean {
    return ClusterSim.batched && !ops && this.R === 1 && this.green === null && this.blue.primary8 !== null;
  }

  private scratch(n: number): void {
    if (this.perm1.length >= n) return;
    const cap = Math.max(n, 2 * this.perm1.length);
    this.sc1 = newBatch(cap);
    this.sc1.ttl = new Uint32Array(cap);
    this.sc2 = newBatch(cap);
    this.sc2.ttl = new Uint32Array(cap);
    this.perm1 = new Int32Array(cap);
    this.perm2 = new Int32Array(cap);
    this.out1s = new Uint8Array(cap);
    this.out2 = new Uint8Array(cap);
    this.out2s = new Uint8Array(cap);
    this.routeCodes = new Uint8Array(cap);
    this.client = new Int32Array(cap);
    this.dest = new Int32Array(cap);
  }

  /**
   * GET-only positions [from, to) in three passes: the near caches replay their clients' requests
   * (grouped by client, in order), the L1 misses are grouped by owner node (in order) and replayed
   * there, and one pass in position order does what needs the order across caches (latency draws,
   * versions, heat). Every cache sees exactly the requests, in the order, that `range` gives it.
   */
  rangeBatched(b: RequestBatch, from: number, to: number, pos: number): void {
    const n = to - from;
    this.scratch(n);
    const key = b.key;
    const sizes = b.size;
    const time = b.time;
    const hasTime = time.length >= to;
    const ttlCol = b.ttl;
    const bytes = this.bytes;
    const l1 = this.l1;
    const caches = this.caches;
    const out2 = this.out2;
    const dest = this.dest;
    let byteRequests = 0;
    if (bytes) for (let i = from; i < to; i++) byteRequests += sizes[i];
    else byteRequests = n;
    // 1–2. the near tier (here, or as another thread ran it): dest[x] = -1 for an L1 hit, the
    // node, or N for no live owner; then the L1 misses grouped by node, in order
    const N = this.nodes.length;
    if (this.nstart.length < N + 2) {
      this.nstart = new Int32Array(N + 2);
      this.nfill = new Int32Array(N + 2);
    }
    const nstart = this.nstart;
    nstart.fill(0);
    const l1Hits = this.nearOut !== null ? this.fromNear(pos, n) : this.nearTier(b, from, to, pos);
    const routed = n - l1Hits;
    for (let d = 0; d <= N; d++) nstart[d + 1] += nstart[d];
    const fill2 = this.nfill;
    fill2.set(nstart);
    const sc2 = this.sc2;
    const perm2 = this.perm2;
    const k2 = sc2.key;
    if (ttlCol || bytes)
      for (let x = 0; x < n; x++) {
        const d = dest[x];
        if (d < 0) continue;
        const i = from + x;
        const j = fill2[d]++;
        perm2[j] = x;
        k2[j] = key[i];
        sc2.size[j] = sizes[i];
        if (ttlCol) {
          sc2.time[j] = hasTime ? time[i] : 0;
          sc2.ttl![j] = ttlCol[i];
        }
      }
    else
      for (let x = 0; x < n; x++) {
        const d = dest[x];
        if (d < 0) continue;
        const j = fill2[d]++;
        perm2[j] = x;
        k2[j] = key[from + x];
      }
    sc2.length = routed;
    const ttlSaved2 = sc2.ttl;
    if (!ttlCol) sc2.ttl = undefined;
    const perPosition = this.sampler !== null || this.version !== null;
    let l2Requests = 0;
    let l2Hits = 0;
    let byteMisses = 0;
    const o2s = this.out2s;
    for (let d = 0; d < N; d++) {
      const a = nstart[d];
      const z = nstart[d + 1];
      if (a === z) continue;
      const v = caches[d]!.counters.values;
      const req0 = v.requests;
      const miss0 = v.misses;
      const bm0 = v.byteMisses;
      caches[d]!.replay(sc2, a, z, bytes, false, perPosition ? o2s : null);
      l2Requests += v.requests - req0;
      l2Hits += v.requests - req0 - (v.misses - miss0);
      byteMisses += v.byteMisses - bm0;
    }
    sc2.ttl = ttlSaved2;
    // no live owner: a backend fetch each
    for (let j = nstart[N]; j < nstart[N + 1]; j++) byteMisses += bytes ? sc2.size[j] : 1;
    const fetches = routed - l2Hits;
    this.l1Requests += this.spec.l1 !== null ? n : 0;
    this.l1Hits += l1Hits;
    this.l2Requests += l2Requests;
    this.l2Hits += l2Hits;
    this.backendFetches += fetches;
    this.backendBytes += byteMisses;
    this.requests += n;
    this.hits += l1Hits + l2Hits;
    this.byteRequests += byteRequests;
    this.byteMisses += byteMisses;
    if (this.hot !== null) for (let i = from; i < to; i++) this.heat(key[i], bytes ? sizes[i] : 1);
    if (!perPosition) return;
    if (this.version === null) {
      this.latencyBatched(n, l1Hits, routed);
      return;
    }
    // 3. position order: latency draws, versions of the L1 copies
    if (this.sampler !== null) for (let j = 0; j < routed; j++) out2[perm2[j]] = j < nstart[N] ? o2s[j] : 0;
    const lat = this.sampler;
    const phist = this.phaseLatency;
    const version = this.version;
    const l1ver = this.l1ver;
    const client = this.client;
    for (let x = 0; x < n; x++) {
      const k = key[from + x];
      const c = l1 !== null ? client[x] : 0;
      if (dest[x] < 0) {
        if (version !== null && l1ver![c][k] !== version[k]) this.staleReads++;
        if (lat !== null) {
          phist!.record(lat.l1Hit());
        }
        continue;
      }
      if (version !== null) l1ver![c][k] = version[k];
      if (lat !== null) {
        let us: number;
        if (dest[x] === N) us = lat.failover() + lat.backend();
        else {
          us = lat.network() + lat.service();
          if (out2[x] !== OUT_HIT) us += lat.backend();
        }
        phist!.record(us);
      }
    }
  }

  /**
   * Step 3 of `rangeBatched` when only latencies need the order across caches: the L1 hits' draws
   * (one each, whatever their positions), then the routed requests' outcomes put back in position
   * order (ROUTE_*) and drawn in blocks (LatencySampler.recordRouted). The same draws, from the
   * same streams in the same order, as the request-by-request loop below it.
   */
  private latencyBatched(n: number, l1Hits: number, routed: number): void {
    const lat = this.sampler!;
    const hist = this.phaseLatency!;
    if (l1Hits > 0) lat.recordL1Hits(l1Hits, hist);
    if (routed === 0) return;
    const byPos = this.out2;
    const perm2 = this.perm2;
    const o2s = this.out2s;
    const owned = this.nstart[this.nodes.length];
    byPos.fill(0, 0, n);
    for (let j = 0; j < owned; j++) byPos[perm2[j]] = o2s[j] === OUT_HIT ? ROUTE_HIT : ROUTE_MISS;
    for (let j = owned; j < routed; j++) byPos[perm2[j]] = ROUTE_NO_OWNER;
    // the routed positions' codes, in position order (an L1 hit's 0 is overwritten by the next)
    const codes = this.routeCodes;
    let m = 0;
    for (let x = 0; x < n; x++) {
      const c = byPos[x];
      codes[m] = c;
      m += -c >>> 31;
    }
    lat.recordRouted(codes, m, hist);
  }

  /**
   * The near tier of positions [from, to) (`pos`: the position of `from`): the near caches replay
   * their clients' requests (a counting sort of the positions by client, then one replay per
   * client), and the L1 misses are routed to their live owner. Writes `dest` (x → -1 for an L1 hit,
   * the node, or N for no live owner) and the count per node into `nstart` (zeroed by the caller);
   * returns the L1 hits.
   */
  nearTier(b: RequestBatch, from: number, to: number, pos: number, out: Uint8Array | null = null): number {
    const n = to - from;
    const key = b.key;
    const sizes = b.size;
    const time = b.time;
    const hasTime = time.length >= to;
    const ttlCol = b.ttl;
    const bytes = this.bytes;
    const C = this.C;
    const l1 = this.l1;
    const owners = this.blue.primary8!;
    const live = this.live;
    const dest = this.dest;
    const N = this.nodes.length;
    const nstart = this.nstart;
    // 1. near caches: a counting sort of the positions by client, then one replay per client
    if (l1 !== null) {
      const client = this.client;
      if (this.cstart.length < C + 1) {
        this.cstart = new Int32Array(C + 1);
        this.cfill = new Int32Array(C + 1);
      }
      const start = this.cstart;
      start.fill(0);
      // mix32(…) % C; a mask when C is a power of two (the same value, without a division)
      const mask = (C & (C - 1)) === 0 ? C - 1 : -1;
      if (mask >= 0)
        for (let x = 0; x < n; x++) {
          const c = mix32((pos + x + CLIENT_SALT) >>> 0) & mask;
          client[x] = c;
          start[c + 1]++;
        }
      else
        for (let x = 0; x < n; x++) {
          const c = mix32((pos + x + CLIENT_SALT) >>> 0) % C;
          client[x] = c;
          start[c + 1]++;
        }
      for (let c = 0; c < C; c++) start[c + 1] += start[c];
      const fill = this.cfill;
      fill.set(start);
      const sc = this.sc1;
      const perm = this.perm1;
      const l1Ttl = this.l1Ttl;
      let anyTtl = l1Ttl > 0;
      if (!anyTtl && !ttlCol) {
        // the common case: no TTL anywhere, so no clock and no TTL column either (and no sizes
        // when objects count 1)
        const sk = sc.key;
        const ss = sc.size;
        if (bytes)
          for (let x = 0; x < n; x++) {
            const i = from + x;
            const j = fill[client[x]]++;
            perm[j] = x;
            sk[j] = key[i];
            ss[j] = sizes[i];
          }
        else
          for (let x = 0; x < n; x++) {
            const j = fill[client[x]]++;
            perm[j] = x;
            sk[j] = key[from + x];
          }
      } else {
        for (let x = 0; x < n; x++) {
          const i = from + x;
          const j = fill[client[x]]++;
          perm[j] = x;
          sc.key[j] = key[i];
          sc.size[j] = sizes[i];
          sc.time[j] = hasTime ? time[i] : 0;
          const t = ttlCol ? ttlCol[i] : 0;
          if (t !== 0) anyTtl = true;
          sc.ttl![j] = l1Ttl > 0 && (t === 0 || l1Ttl < t) ? l1Ttl : t;
        }
      }
      sc.length = n;
      const ttlSaved = sc.ttl;
      if (!anyTtl) sc.ttl = undefined;
      const o1s = this.out1s;
      for (let c = 0; c < C; c++) l1[c].replay(sc, start[c], start[c + 1], bytes, false, o1s);
      sc.ttl = ttlSaved;
    }
    // 2. the L1 misses routed to their live owner (a dead owner's keys go to the backend)
    let l1Hits = 0;
    if (l1 !== null) {
      // in the L1 scratch's order (each position once): no need to map the outcomes back first
      const perm = this.perm1;
      const o1s = this.out1s;
      const sk = this.sc1.key;
      for (let j = 0; j < n; j++) {
        const x = perm[j];
        if (o1s[j] === OUT_HIT) {
          dest[x] = -1;
          if (out !== null) out[pos + x] = NEAR_HIT;
          l1Hits++;
          continue;
        }
        const o = owners[sk[j]];
        const d = live[o] === 1 ? o : N;
        dest[x] = d;
        if (out !== null) out[pos + x] = d;
        nstart[d + 1]++;
      }
    } else {
      for (let x = 0; x < n; x++) {
        const o = owners[key[from + x]];
        const d = live[o] === 1 ? o : N; // N: no live owner
        dest[x] = d;
        if (out !== null) out[pos + x] = d;
        nstart[d + 1]++;
      }
    }
    return l1Hits;
  }

  /**
   * The near tier as another thread ran it (a split streamed run, cluster/stream.ts): per position,
   * NEAR_HIT for an L1 hit, else the node. Fills `dest` and `nstart` as `nearTier` does.
   */
  private fromNear(pos: number, n: number): number {
    const near = this.nearOut!;
    const dest = this.dest;
    const count = this.nearCount;
    count.fill(0);
    // without a branch per position (an L1 hit or not is a coin flip to the CPU): NEAR_HIT (255)
    // becomes -1, a node index stays, and every code is counted
    for (let x = 0; x < n; x++) {
      const d = near[pos + x];
      dest[x] = d | -((d + 1) >> 8);
      count[d]++;
    }
    const nstart = this.nstart;
    for (let d = 0; d <= this.nodes.length; d++) nstart[d + 1] += count[d];
    return count[NEAR_HIT];
  }
  private readonly nearCount = new Int32Array(256);

  /** The near tier's outcome of positions [from, to) into `out` (NEAR_HIT or the node), for `fromNear`. */
  nearInto(b: RequestBatch, from: number, to: number, pos: number, out: Uint8Array): void {
    const n = to - from;
    this.scratch(n);
    const N = this.nodes.length;
    if (this.nstart.length < N + 2) {
      this.nstart = new Int32Array(N + 2);
      this.nfill = new Int32Array(N + 2);
    }
    this.nstart.fill(0);
    this.nearTier(b, from, to, pos, out);
  }

  // --- the hot loop ---

  /** Replays positions [from, to) of a batch; `pos` is the trace position of `from`. */
  range(b: RequestBatch, from: number, to: number, pos: number, ops: boolean): void {
    const key = b.key;
    const sizes = b.size;
    const time = b.time;
    const hasTime = time.length >= to;
    const opCol = b.op;
    const ttlCol = b.ttl;
    const bytes = this.bytes;
    const R = this.R;
    const C = this.C;
    const owners = this.blue.owners;
    const live = this.live;
    const caches = this.caches;
    const l1 = this.l1;
    const l1Ttl = this.l1Ttl;
    const version = this.version;
    const l1ver = this.l1ver;
    const hot = this.hot;
    const shadow = this.green !== null;
    const lat = this.sampler;
    const phist = this.phaseLatency;
    let requests = 0;
    let hits = 0;
    let byteRequests = 0;
    let byteMisses = 0;
    for (let i = from; i < to; i++) {
      const k = key[i];
      const size = bytes ? sizes[i] : 1;
      const op = ops ? opCol[i] : GET;
      const now = hasTime ? time[i] : 0;
      const ttl = ttlCol ? ttlCol[i] : 0;
      const c = C > 1 ? mix32((pos + (i - from) + CLIENT_SALT) >>> 0) % C : 0;
      if (hot !== null) this.heat(k, size);
      if (shadow) this.mirror(k, size, op, now, ttl);
      if (op === DELETE) {
        this.erase(k, c);
        continue;
      }
      requests++;
      byteRequests += size;
      if (l1 !== null && op === GET) {
        this.l1Requests++;
        if (l1[c].lookup(k, size, now)) {
          this.l1Hits++;
          hits++;
          if (version !== null && l1ver![c][k] !== version[k]) this.staleReads++;
          if (lat !== null) {
            phist!.record(lat.l1Hit());
          }
          continue;
        }
      }
      // the first live owner
      const base = k * R;
      let j = 0;
      let o = -1;
      for (; j < R; j++) {
        const w = owners[base + j];
        if (w >= 0 && live[w] === 1) {
          o = w;
          break;
        }
      }
      let hit = false;
      if (o >= 0) {
        if (j > 0) this.failovers++;
        this.l2Requests++;
        const node = caches[o]!;
        hit = node.lookup(k, size, now);
        if (hit) this.l2Hits++;
        if (!hit || op === SET) {
          node.store(k, size, ttl, now);
          for (let r = j + 1; r < R; r++) {
            const w = owners[base + r];
            if (w >= 0 && live[w] === 1) caches[w]!.store(k, size, ttl, now);
          }
        }
      }
      if (hit) hits++;
      else {
        byteMisses += size;
        if (op === GET) {
          this.backendFetches++;
          this.backendBytes += size;
        }
      }
      if (lat !== null) {
        // a timeout per dead owner tried, a round trip to the serving node, the backend on a miss
        let us = 0;
        for (let r = 0; r < j; r++) us += lat.failover();
        if (o >= 0) us += lat.network() + lat.service();
        if (!hit) us += lat.backend();
        phist!.record(us);
      }
      if (l1 !== null) {
        if (op === SET && version !== null) {
          version[k]++;
          if (this.broadcast) this.invalidate(k, c);
        }
        const t = l1Ttl > 0 && (ttl === 0 || l1Ttl < ttl) ? l1Ttl : ttl;
        l1[c].store(k, size, t, now);
        if (version !== null) l1ver![c][k] = version[k];
      }
    }
    this.requests += requests;
    this.hits += hits;
    this.byteRequests += byteRequests;
    this.byteMisses += byteMisses;
  }

  /** A DELETE from client c: gone from every owner and from c's L1 (and every L1 with broadcast). */
  private erase(k: number, c: number): void {
    const R = this.R;
    const owners = this.blue.owners;
    for (let j = 0; j < R; j++) {
      const w = owners[k * R + j];
      if (w >= 0 && this.live[w] === 1) this.caches[w]!.remove(k);
    }
    if (this.l1 !== null) {
      this.l1[c].remove(k);
      if (this.version !== null) this.version[k]++;
      if (this.broadcast) this.invalidate(k, c);
    }
  }

  /** Broadcast: every other client's L1 holding k drops it (one message each). */
  private invalidate(k: number, c: number): void {
    const l1 = this.l1!;
    for (let d = 0; d < l1.length; d++) if (d !== c && l1[d].remove(k)) this.invalidations++;
  }

  /** Recent request counts for copy-hot, halved every HOT_AGE positions. */
  private heat(k: number, size: number): void {
    const hot = this.hot!;
    if (hot[k] < 0xffffffff) hot[k]++;
    this.hotSize![k] = size;
    if (++this.hotTick === HOT_AGE) {
      this.hotTick = 0;
      for (let i = 0; i < hot.length; i++) hot[i] >>>= 1;
    }
  }

  /** Shadow traffic: the request as the green cluster would see it (its nodes count it; clients do not). */
  private mirror(k: number, size: number, op: number, now: number, ttl: number): void {
    const g = this.green!;
    const R = this.R;
    if (op === DELETE) {
      for (let j = 0; j < R; j++) {
        const w = g.owners[k * R + j];
        if (w >= 0 && this.live[w] === 1) this.caches[w]!.remove(k);
      }
      return;
    }
    let j = 0;
    for (; j < R; j++) {
      const w = g.owners[k * R + j];
      if (w >= 0 && this.live[w] === 1) break;
    }
    if (j === R) return;
    const node = this.caches[g.owners[k * R + j]]!;
    const hit = node.lookup(k, size, now);
    if (!hit || op === SET) {
      node.store(k, size, ttl, now);
      for (let r = j + 1; r < R; r++) {
        const w = g.owners[k * R + r];
        if (w >= 0 && this.live[w] === 1) this.caches[w]!.store(k, size, ttl, now);
      }
    }
  }

  // --- events ---

  /** Applies an event; returns the keys whose primary changed. */
  async apply(e: ClusterEvent): Promise<number> {
    const find = (name: string) => {
      const i = this.blue.members.find((m) => this.nodes[m].name === name);
      if (i === undefined)
        throw new InputError(`cluster event '${e.label}': no node '${name}' in the cluster at that point`);
      return i;
    };
    switch (e.kind) {
      case "down": {
        const i = find(e.node);
        if (this.caches[i] === null)
          throw new InputError(`cluster event '${e.label}': node '${e.node}' is already down`);
        this.stop(i);
        return 0;
      }
      case "up": {
        const i = find(e.node);
        if (this.caches[i] !== null) throw new InputError(`cluster event '${e.label}': node '${e.node}' is already up`);
        this.start(i);
        return 0;
      }
      case "add": {
        if (this.nodes.some((n) => n.name === e.node.name))
          throw new InputError(`cluster event '${e.label}': node '${e.node.name}' exists already`);
        const i = this.addNode(e.node, this.nodes[this.blue.members[0]].factory);
        this.start(i);
        this.blue.members.push(i);
        this.blue.placement.add(e.node.name, e.node.weight);
        return this.retopology();
      }
      case "remove": {
        const i = find(e.node);
        if (this.blue.members.length === 1)
          throw new InputError(`cluster event '${e.label}': cannot remove the last node`);
        this.stop(i);
        this.blue.members = this.blue.members.filter((m) => m !== i);
        this.blue.placement.remove(e.node);
        return this.retopology();
      }
      case "cutover":
        return this.cutover(e);
    }
  }

  private retopology(): number {
    const old = this.blue.owners;
    this.blue.owners = new Int32Array(old.length);
    if (this.blue.primary8 !== null) this.blue.primary8 = new Uint8Array(this.blue.primary8.length);
    this.computeOwners(this.blue);
    return this.remapped(old, this.blue.owners);
  }

  private async cutover(e: Extract<ClusterEvent, { kind: "cutover" }>): Promise<number> {
    const f = await factory(e.eviction);
    const members = e.nodes.map((n) => {
      if (this.nodes.some((x) => x.name === n.name))
        throw new InputError(`cluster event '${e.label}': node '${n.name}' exists already`);
      return this.addNode(n, f);
    });
    for (const m of members) this.start(m);
    const green = await this.tier(e.placement, members);
    if (e.warm.kind === "shadow") {
      this.green = green;
      this.greenUntil = e.warm.until;
      return 0;
    }
    if (e.warm.kind === "copy-hot") this.copyHot(green, e.warm);
    return this.switchTo(green);
  }

  /** Traffic moves to `green`; blue's nodes leave. Returns the keys whose primary changed. */
  switchTo(green: Tier): number {
    const remapped = this.remapped(this.blue.owners, green.owners);
    // green's nodes count client traffic from here on: what they saw as shadow copies is not
    if (this.green === green) for (const m of green.members) this.caches[m]?.counters.reset();
    for (const m of this.blue.members) this.stop(m);
    this.blue = green;
    this.green = null;
    this.greenUntil = -1;
    return remapped;
  }

  /** Copies blue's K most requested (recently) resident keys into green, the hottest stored last. */
  private copyHot(green: Tier, w: Extract<WarmSpec, { kind: "copy-hot" }>): void {
    const hot = this.hot!;
    const size = this.hotSize!;
    const R = this.R;
    const keys: number[] = [];
    for (let k = 0; k < this.ids; k++) if (hot[k] > 0 && this.residentInBlue(k)) keys.push(k);
    keys.sort((a, b) => hot[b] - hot[a] || a - b);
    const n = Math.min(w.keys, keys.length);
    for (let x = n - 1; x >= 0; x--) {
      const k = keys[x];
      for (let j = 0; j < R; j++) {
        const o = green.owners[k * R + j];
        if (o >= 0 && this.live[o] === 1) this.caches[o]!.store(k, this.bytes ? size[k] : 1);
      }
    }
  }

  private residentInBlue(k: number): boolean {
    const R = this.R;
    for (let j = 0; j < R; j++) {
      const o = this.blue.owners[k * R + j];
      if (o < 0 || this.live[o] === 0) continue;
      const c = this.caches[o]!;
      const id = c.localId(k);
      // blue is discarded right after: a find without promotion may touch its state harmlessly
      return id >= 0 && c.policy.find(id, false);
    }
    return false;
  }

  /** The warm-up ended: every counter restarts. */
  resetCounts(): void {
    this.requests = this.hits = this.byteRequests = this.byteMisses = 0;
    this.l1Requests = this.l1Hits = this.l2Requests = this.l2Hits = 0;
    this.backendFetches = this.backendBytes = this.staleReads = this.invalidations = this.failovers = 0;
    if (this.sampler !== null) this.phaseLatency = new LatencyHistogram();
    for (const n of this.nodes) {
      n.acc.fill(0);
      n.cache?.counters.reset();
    }
  }

  /** Per node: requests, misses, byteRequests, evictions, bypasses, expirations over its incarnations. */
  nodeCounts(n: SimNode): number[] {
    const v = n.cache?.counters.values;
    return [
      n.acc[0] + (v?.requests ?? 0),
      n.acc[1] + (v?.misses ?? 0),
      n.acc[2] + (v?.byteRequests ?? 0),
      n.acc[3] + (v?.evictions ?? 0),
      n.acc[4] + (v?.bypasses ?? 0),
      n.acc[5] + (v?.expirations ?? 0),
    ];
  }
}

export async function runClusterJob(job: Job, input: RunInput): Promise<JobResult> {
  const spec = job.cluster!;
  const start = performance.now();
  const growing = input.growing;
  if (growing && (input.ops || spec.events.length > 0))
    throw new Error("a streamed cluster run takes GETs only and no events (cluster/stream.ts)");
  const near = input.near ?? null;
  const sim = await ClusterSim.create(job, input.ids, input.ops, growing?.seen(), near !== null ? "far" : undefined);
  sim.nearOut = near;
  const events = spec.events;
  let ei = 0;
  const phases = new PhaseTracker(spec.phaseWindow);
  const phaseLatency: (LatencyHistogram | null)[] = [sim.phaseLatency];
  const openPhase = (label: string, remapped: number) => {
    phases.open(done, label, remapped, sim.requests, sim.hits);
    if (sim.sampler !== null) sim.phaseLatency = new LatencyHistogram();
    phaseLatency.push(sim.phaseLatency);
  };
  // the miss-ratio series, exactly as drive() cuts it
  const budget = job.window === "auto" ? AUTO_POINTS : MAX_POINTS;
  let window = job.window === "auto" ? AUTO_WINDOW : job.window;
  let winReq: number[] = [];
  let winMiss: number[] = [];
  let lastReq = 0;
  let lastMiss = 0;
  let warm = job.warmup <= 0;
  let nextWindow = window > 0 ? job.warmup + window : Number.POSITIVE_INFINITY;
  let done = 0;
  input.progress?.(0);
  const due = async () => {
    while (ei < events.length && events[ei].at <= done) {
      const e = events[ei++];
      const remapped = await sim.apply(e);
      const shadowing = e.kind === "cutover" && e.warm.kind === "shadow";
      if (!shadowing) openPhase(e.label, remapped);
    }
    if (sim.green !== null && sim.greenUntil <= done) {
      const label = events.find((e) => e.kind === "cutover")!.label;
      openPhase(label, sim.switchTo(sim.green));
    }
  };
  for (const b of input.batches) {
    if (growing && near === null) sim.grow(growing.seen());
    const ops = input.ops && hasNonGet(b);
    let i = 0;
    while (i < b.length) {
      await due();
      let stop = b.length - i;
      if (!warm) stop = Math.min(stop, job.warmup - done);
      else if (nextWindow !== Number.POSITIVE_INFINITY) stop = Math.min(stop, nextWindow - done);
      stop = Math.min(stop, phases.nextWindow - done);
      if (ei < events.length) stop = Math.min(stop, events[ei].at - done);
      if (sim.green !== null) stop = Math.min(stop, sim.greenUntil - done);
      const end = i + Math.max(1, stop);
      if (sim.batchable(ops)) sim.rangeBatched(b, i, end, done);
      else if (near !== null) throw new Error("a split cluster run takes the batched path only (cluster/stream.ts)");
      else sim.range(b, i, end, done, ops);
      done += end - i;
      i = end;
      if (!warm && done === job.warmup) {
        warm = true;
        sim.resetCounts();
        phases.resetCounts();
        phaseLatency[phaseLatency.length - 1] = sim.phaseLatency;
      } else if (done === nextWindow) {
        winReq.push(sim.requests - lastReq);
        winMiss.push(sim.requests - sim.hits - lastMiss);
        lastReq = sim.requests;
        lastMiss = sim.requests - sim.hits;
        if (winReq.length === 2 * budget) {
          [winReq, winMiss] = [pairs(winReq), pairs(winMiss)];
          window *= 2;
        }
        nextWindow = job.warmup + winReq.length * window + window;
      }
      if (done === phases.nextWindow) {
        if (warm) phases.windowEnd(done, sim.requests, sim.hits);
        else phases.nextWindow += phases.window;
      }
    }
    input.progress?.(done);
  }
  if (job.warmup > 0 && done <= job.warmup)
    throw new InputError(`the warm-up (${job.warmup} requests) is not shorter than the workload (${done} requests)`);
  // a shadow that had not switched by the end: what green counted was never client traffic
  if (sim.green !== null) for (const m of sim.green.members) sim.caches[m]?.counters.reset();
  phases.close(sim.requests, sim.hits);
  const misses = sim.requests - sim.hits;
  if (window > 0 && sim.requests > lastReq) {
    winReq.push(sim.requests - lastReq);
    winMiss.push(misses - lastMiss);
  }
  const series = winReq.map((r, k) => (r === 0 ? 0 : winMiss[k] / r));
  if (sim.requests === 0)
    throw new InputError(
      job.warmup > 0
        ? `the workload has no requests after the warm-up (${job.warmup} positions; DELETEs are not requests)`
        : "the workload has no requests (only blank lines, a header or DELETEs)",
    );
  const elapsedMs = performance.now() - start;
  const per = sim.nodes.map((n) => ({ n, c: sim.nodeCounts(n) }));
  const l2Total = per.reduce((s, x) => s + x.c[0], 0);
  let evictions = 0;
  let bypasses = 0;
  let expirations = 0;
  for (const x of per) {
    evictions += x.c[3];
    bypasses += x.c[4];
    expirations += x.c[5];
  }
  const main = sim.nodes[0].factory;
  const l1 = spec.l1;
  return {
    eviction: main.label,
    policy: main.spec.name,
    params: main.params,
    admission: null,
    capacity: job.capacity,
    capacityText: job.capacityText,
    unit: job.unit,
    requests: sim.requests,
    hits: sim.hits,
    misses,
    hitRatio: ratio(sim.hits, sim.requests),
    missRatio: ratio(misses, sim.requests),
    byteRequests: sim.byteRequests,
    byteMisses: sim.byteMisses,
    byteMissRatio: ratio(sim.byteMisses, sim.byteRequests),
    evictions,
    bypasses,
    expirations,
    series: { window, missRatio: series.map(round6) },
    timing: { elapsedMs: Math.round(elapsedMs), requestsPerSec: Math.round((sim.requests / elapsedMs) * 1000) },
    cluster: {
      nodes: spec.nodes.length,
      placement: spec.placementLabel,
      replication: spec.replication,
      clients: spec.clients,
      l1:
        l1 === null
          ? null
          : {
              policy: sim.l1Label,
              capacity: l1.capacity,
              capacityText: l1.capacityText,
              ttlS: l1.ttlS,
              invalidation: l1.invalidation,
            },
      events: events.map((e) => e.label),
    },
    nodes: per.map(({ n, c }) => ({
      name: n.name,
      requests: c[0],
      hits: c[0] - c[1],
      misses: c[1],
      byteRequests: c[2],
      evictions: c[3],
      loadShare: ratio(c[0], l2Total),
    })),
    tiers: {
      l1: { requests: sim.l1Requests, hits: sim.l1Hits, hitRatio: ratio(sim.l1Hits, sim.l1Requests) },
      l2: { requests: sim.l2Requests, hits: sim.l2Hits, hitRatio: ratio(sim.l2Hits, sim.l2Requests) },
      backend: { fetches: sim.backendFetches, bytes: sim.backendBytes },
      staleReads: sim.staleReads,
      invalidations: { messages: sim.invalidations, bytes: sim.invalidations * INVALIDATION_MESSAGE_BYTES },
      failovers: sim.failovers,
    },
    phases: phases.rows.map((p, i) => ({
      ...p,
      hitRatioBefore: p.hitRatioBefore === null ? null : round6(p.hitRatioBefore),
      lowestHitRatio: p.lowestHitRatio === null ? null : round6(p.lowestHitRatio),
      ...(phaseLatency[i] ? { latency: phaseLatency[i]!.summary() } : {}),
    })),
    ...(sim.sampler !== null ? { latency: mergeAll(phaseLatency).summary() } : {}),
  };
}

function mergeAll(list: (LatencyHistogram | null)[]): LatencyHistogram {
  const all = new LatencyHistogram();
  for (const h of list) if (h !== null) all.merge(h);
  return all;
}

function hasNonGet(b: RequestBatch): boolean {
  const op = b.op;
  for (let i = 0; i < b.length; i++) if (op[i] !== GET) return true;
  return false;
}

function pairs(a: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < a.length; k += 2) out.push(a[k] + (a[k + 1] ?? 0));
  return out;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
