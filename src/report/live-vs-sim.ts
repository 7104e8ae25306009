// A live run beside the simulation of the same scenario: when a report holds a `bench` result and a
// `simulate` result of the same scenario (`name`), each bench row is paired with the simulate row of
// the same configuration as the scenario wrote it (eviction label, admission, capacity as written:
// `lru` at `1%`; the live row's unit is bytes, the node memory the capacity became, so the unit is not
// compared) and shown as: the hit ratio the simulation predicts for the whole scenario, the one it
// predicts for exactly the requests the live run replayed (the bench's `--compare-sim`, when it ran:
// the same requests, per node, with the nodes' memory), the measured one, and latency (the
// simulation's when it models latency, a cluster run; the live run's measured percentiles) and
// throughput. `cachelab demo` writes such a report; `cachelab report sim.json bench.json` gives the
// same. Data only: markdown.ts and html/page.ts draw it.
import type { Loaded, Table } from "./markdown.js";
import type { Result } from "./schema.js";

interface RowLike {
  eviction: string;
  admission?: string | null;
  capacityText?: string;
  capacity: number;
  requests: number;
  hitRatio: number;
  latency?: { p50Ms: number; p99Ms: number } | null;
  timing?: { requestsPerSec: number };
}

export interface LivePair {
  /** e.g. "lru at 1%". */
  config: string;
  simulatePath: string;
  benchPath: string;
  /** The simulation of the whole scenario. */
  simulated: { requests: number; hitRatio: number; p99Ms: number | null };
  /** The simulation of exactly the live run's requests (bench --compare-sim); null when it did not run. */
  sameRequests: { requests: number; hitRatio: number } | null;
  measured: {
    requests: number;
    hitRatio: number;
    errors: number;
    p50Ms: number;
    p99Ms: number;
    throughputPerS: number;
  };
}

const same = (a: RowLike, b: RowLike) =>
  a.eviction === b.eviction &&
  (a.admission ?? null) === (b.admission ?? null) &&
  String(a.capacityText ?? a.capacity) === String(b.capacityText ?? b.capacity);

/** Every bench row with a simulate row of the same scenario and configuration, in input order. */
export function liveVsSim(inputs: readonly Loaded[]): LivePair[] {
  const out: LivePair[] = [];
  for (const b of inputs) {
    if (b.result.kind !== "bench") continue;
    const bench = b.result as Result & { results: RowLike[]; bench: Record<string, unknown> };
    const cmp = bench.bench.compareSim as {
      predicted: { requests: number; hitRatio: number };
    } | null;
    for (const live of bench.results) {
      for (const s of inputs) {
        if (s.result.kind !== "simulate" || s.result.name !== bench.name) continue;
        const sim = (s.result.results as unknown as RowLike[]).find((r) => same(r, live));
        if (!sim) continue;
        const l = live.latency as NonNullable<RowLike["latency"]>;
        out.push({
          config: `${live.eviction}${live.admission ? ` + ${live.admission}` : ""} at ${live.capacityText ?? live.capacity}`,
          simulatePath: s.path,
          benchPath: b.path,
          simulated: { requests: sim.requests, hitRatio: sim.hitRatio, p99Ms: sim.latency?.p99Ms ?? null },
          sameRequests:
            cmp && bench.results.length === 1
              ? { requests: cmp.predicted.requests, hitRatio: cmp.predicted.hitRatio }
              : null,
          measured: {
            requests: live.requests,
            hitRatio: live.hitRatio,
            errors: (live as RowLike & { errors?: number }).errors ?? 0,
            p50Ms: l.p50Ms,
            p99Ms: l.p99Ms,
            throughputPerS: Number(bench.bench.throughputPerS ?? live.timing?.requestsPerSec ?? 0),
          },
        });
        break;
      }
    }
  }
  return out;
}

const n = (x: number) => x.toLocaleString("en-US");
const ratio = (x: number) => x.toFixed(4);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : n(Math.round(x)));

/** The pairs as one table (Markdown-escaped cells, as every report table). */
export function liveVsSimTable(pairs: readonly LivePair[]): Table {
  return {
    head: [
      "configuration",
      "simulated hit ratio (whole scenario)",
      "simulated, the live run's requests",
      "measured hit ratio",
      "measured − simulated (same requests)",
      "simulated p99 ms",
      "measured p50 / p99 ms",
      "measured requests/s",
      "errors",
    ],
    body: pairs.map((p) => [
      p.config,
      `${ratio(p.simulated.hitRatio)} (${n(p.simulated.requests)} requests)`,
      p.sameRequests ? `${ratio(p.sameRequests.hitRatio)} (${n(p.sameRequests.requests)} requests)` : "—",
      `**${ratio(p.measured.hitRatio)}** (${n(p.measured.requests)} requests)`,
      p.sameRequests ? `${((p.measured.hitRatio - p.sameRequests.hitRatio) * 100).toFixed(2)} points` : "—",
      p.simulated.p99Ms === null ? "— (not modelled)" : ms(p.simulated.p99Ms),
      `${ms(p.measured.p50Ms)} / ${ms(p.measured.p99Ms)}`,
      n(Math.round(p.measured.throughputPerS)),
      n(p.measured.errors),
    ]),
    right: [false, true, true, true, true, true, true, true, true],
  };
}

export const LIVE_VS_SIM_TITLE = "Live run beside the simulation (same scenario and configuration)";

/** One sentence under the table: why the whole-scenario and the live numbers differ. */
export const LIVE_VS_SIM_NOTE =
  "The live run replays the scenario's first requests for its duration, from a cold cache, over real sockets: its hit ratio is compared with the simulation of exactly those requests (bench --compare-sim); the whole-scenario figure is the simulation of every request.";
