// What `cluster top` shows, from each node's Prometheus /metrics (src/cluster/node/http.ts): a scrape
// is parsed into a sample of counters, and two samples a second apart give the rates — ops/s, the hit
// ratio over that second (over all time when the second had no GET), p99 latency from the difference
// of the two latency histograms (the upper bound of the bucket the 99th percentile falls in, as
// Prometheus's histogram_quantile would report at its resolution), memory, evictions — per node and
// for the whole cluster (sums; the hit ratio of all hits over all lookups; the worst p99).
//
// Metric names read (prom-client, the node's http.ts): cachelab_node_commands_total,
// cachelab_node_keyspace_hits_total, cachelab_node_keyspace_misses_total,
// cachelab_node_evicted_keys_total, cachelab_node_memory_used_bytes, cachelab_node_memory_max_bytes,
// cachelab_node_keys, cachelab_node_connections, cachelab_node_command_duration_seconds_bucket.
import type { NodeState } from "./state.js";

export interface NodeSample {
  /** ms since the epoch, when scraped. */
  at: number;
  commands: number;
  hits: number;
  misses: number;
  evictions: number;
  memory: number;
  maxMemory: number;
  keys: number;
  connections: number;
  /** Latency histogram: upper bounds (seconds, ascending, +Inf last) and cumulative counts. */
  le: number[];
  buckets: number[];
}

export interface NodeRow {
  name: string;
  /** "up", or why there is no sample ("down: …"). */
  status: string;
  opsPerSec: number | null;
  /** Hits / (hits + misses) over the interval (all time if no lookups in it); null before any GET. */
  hitRatio: number | null;
  p99Ms: number | null;
  memory: number | null;
  maxMemory: number | null;
  keys: number | null;
  evictions: number | null;
  evictionsPerSec: number | null;
}

export interface ClusterTop {
  at: number;
  nodes: NodeRow[];
  totals: NodeRow;
}

/** The samples of a Prometheus text exposition: `name{labels} value` lines, comments skipped. */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const sp = line.lastIndexOf(" ");
    if (sp < 0) continue;
    const v = Number(line.slice(sp + 1));
    if (!Number.isNaN(v)) out.set(line.slice(0, sp), v);
  }
  return out;
}

export function toSample(m: Map<string, number>, at: number): NodeSample {
  const g = (name: string) => m.get(name) ?? 0;
  const bucket = /^cachelab_node_command_duration_seconds_bucket\{le="([^"]+)"\}$/;
  const pairs: [number, number][] = [];
  for (const [k, v] of m) {
    const b = bucket.exec(k);
    if (b) pairs.push([b[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(b[1]), v]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    at,
    commands: g("cachelab_node_commands_total"),
    hits: g("cachelab_node_keyspace_hits_total"),
    misses: g("cachelab_node_keyspace_misses_total"),
    evictions: g("cachelab_node_evicted_keys_total"),
    memory: g("cachelab_node_memory_used_bytes"),
    maxMemory: g("cachelab_node_memory_max_bytes"),
    keys: g("cachelab_node_keys"),
    connections: g("cachelab_node_connections"),
    le: pairs.map((p) => p[0]),
    buckets: pairs.map((p) => p[1]),
  };
}

/** The q-quantile (0…1) of the observations between two cumulative histograms, in seconds; null if none. */
export function histogramQuantile(le: number[], before: number[] | null, after: number[], q: number): number | null {
  const d = after.map((c, i) => c - (before?.[i] ?? 0));
  const total = d.length > 0 ? d[d.length - 1] : 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < d.length; i++) if (d[i] >= rank) return le[i];
  return le[le.length - 1];
}

function rate(a: number, b: number, dt: number): number {
  return dt > 0 ? Math.max(0, b - a) / dt : 0;
}

/** One node's row from its previous and current sample (no previous: totals only, rates null). */
export function nodeRow(name: string, prev: NodeSample | null, cur: NodeSample | null, why = ""): NodeRow {
  if (!cur)
    return {
      name,
      status: `down${why ? `: ${why}` : ""}`,
      opsPerSec: null,
      hitRatio: null,
      p99Ms: null,
      memory: null,
      maxMemory: null,
      keys: null,
      evictions: null,
      evictionsPerSec: null,
    };
  const dt = prev ? (cur.at - prev.at) / 1000 : 0;
  const dh = prev ? cur.hits - prev.hits : 0;
  const dm = prev ? cur.misses - prev.misses : 0;
  const lookups = dh + dm;
  const allLookups = cur.hits + cur.misses;
  const sameBuckets = prev !== null && prev.le.length === cur.le.length;
  const p99 = histogramQuantile(cur.le, sameBuckets ? prev.buckets : null, cur.buckets, 0.99);
  return {
    name,
    status: "up",
    opsPerSec: prev ? rate(prev.commands, cur.commands, dt) : null,
    hitRatio: lookups > 0 ? dh / lookups : allLookups > 0 ? cur.hits / allLookups : null,
    p99Ms: p99 === null ? null : p99 * 1000,
    memory: cur.memory,
    maxMemory: cur.maxMemory,
    keys: cur.keys,
    evictions: cur.evictions,
    evictionsPerSec: prev ? rate(prev.evictions, cur.evictions, dt) : null,
  };
}

/** Cluster totals: sums, the hit ratio of all hits over all lookups, the worst p99. */
export function totalsRow(rows: NodeRow[], prev: (NodeSample | null)[], cur: (NodeSample | null)[]): NodeRow {
  const sum = (f: (r: NodeRow) => number | null) => {
    const xs = rows.map(f).filter((x): x is number => x !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) : null;
  };
  let dh = 0;
  let dl = 0;
  let h = 0;
  let l = 0;
  cur.forEach((c, i) => {
    if (!c) return;
    h += c.hits;
    l += c.hits + c.misses;
    const p = prev[i];
    if (p) {
      dh += c.hits - p.hits;
      dl += c.hits - p.hits + c.misses - p.misses;
    }
  });
  const p99s = rows.map((r) => r.p99Ms).filter((x): x is number => x !== null);
  const up = rows.filter((r) => r.status === "up").length;
  return {
    name: "cluster",
    status: `${up}/${rows.length} up`,
    opsPerSec: sum((r) => r.opsPerSec),
    hitRatio: dl > 0 ? dh / dl : l > 0 ? h / l : null,
    p99Ms: p99s.length ? Math.max(...p99s) : null,
    memory: sum((r) => r.memory),
    maxMemory: sum((r) => r.maxMemory),
    keys: sum((r) => r.keys),
    evictions: sum((r) => r.evictions),
    evictionsPerSec: sum((r) => r.evictionsPerSec),
  };
}

/** Scrapes one node's /metrics; null (with the reason) when it does not answer in `timeoutMs`. */
export async function scrape(
  n: Pick<NodeState, "host" | "httpPort">,
  timeoutMs = 800,
): Promise<{ sample: NodeSample | null; why: string }> {
  try {
    const res = await fetch(`http://${n.host}:${n.httpPort}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { sample: null, why: `HTTP ${res.status}` };
    return { sample: toSample(parsePrometheus(await res.text()), Date.now()), why: "" };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { sample: null, why: err.name === "TimeoutError" ? "no answer" : (err.cause?.code ?? err.message) };
  }
}

/** Scrapes every node and folds the samples into a view (keeping the samples for the next call). */
export class TopSampler {
  private prev: (NodeSample | null)[] = [];

  constructor(private nodes: readonly Pick<NodeState, "name" | "host" | "httpPort">[]) {}

  async next(): Promise<ClusterTop> {
    const got = await Promise.all(this.nodes.map((n) => scrape(n)));
    const cur = got.map((g) => g.sample);
    const rows = this.nodes.map((n, i) => nodeRow(n.name, this.prev[i] ?? null, cur[i], got[i].why));
    const top: ClusterTop = { at: Date.now(), nodes: rows, totals: totalsRow(rows, this.prev, cur) };
    this.prev = cur;
    return top;
  }
}
