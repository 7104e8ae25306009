#!/usr/bin/env node
// node bench/cluster-near-modes.js [--requests 4000000] [--rounds 4]
//
// Why a sparse near cache runs in slot mode (docs/cluster.md, SPARSE_L1 in src/sim/cluster/run.ts):
// four 1,000-object LRU near caches over Zipf(1.0) requests on 2^20 key ids, each cache replaying a
// quarter of the requests, once in turns of 12,500 requests (as the cluster's batched path replays
// them, so each cache's state goes cold between turns) and once one cache after the other; dense
// per-id arrays against slot mode. Prints the best of --rounds per case (run `npm run build` first).
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { markdownTable, root } from "./lib.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "4000000" }, rounds: { type: "string", default: "4" } },
});
const dist = `${root}dist/src/`;
const { CacheNode } = await import(`${dist}engine/node.js`);
const { SlotMap } = await import(`${dist}engine/slots.js`);
const { evictionSpec } = await import(`${dist}sim/job.js`);
const { createStrategy, resolveParams } = await import(`${dist}policies/resolve.js`);
const { newBatch } = await import(`${dist}workload/types.js`);

const ids = 1 << 20;
const C = 4;
const capacity = 1000;
const turn = 12_500;
const n = Math.floor(Number(values.requests) / C) * C;
const q = n / C;

// Zipf(1.0) by inverse CDF over ids shuffled (a fixed LCG: the same requests every run)
let state = 12345;
const rnd = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 4294967296;
};
const cdf = new Float64Array(ids);
let total = 0;
for (let i = 0; i < ids; i++) cdf[i] = total += 1 / (i + 1);
const order = new Uint32Array(ids).map((_, i) => i);
for (let i = ids - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const b = newBatch(n);
for (let x = 0; x < n; x++) {
  const u = rnd() * total;
  let lo = 0;
  let hi = ids - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (cdf[m] < u) lo = m + 1;
    else hi = m;
  }
  b.key[x] = order[lo];
  b.size[x] = 1;
}
b.length = n;

const ref = { name: "lru", params: {} };
const spec = await evictionSpec(ref);
const params = resolveParams(spec, {}, "eviction policy");
function make(slot) {
  if (!slot) return new CacheNode(createStrategy(spec, params, { capacity, ids, seed: 1 }, ref, "e"), { capacity });
  const expected = 2 * capacity;
  const keys = new SlotMap(expected);
  const policy = createStrategy(spec, params, { capacity, ids: expected, seed: 1, keys }, ref, "e");
  return new CacheNode(policy, { capacity, slots: keys, expectedKeys: expected });
}

const out = new Uint8Array(n);
const best = new Map();
for (let r = 0; r < Number(values.rounds); r++) {
  for (const interleaved of [true, false]) {
    for (const slot of [false, true]) {
      const caches = Array.from({ length: C }, () => make(slot));
      const t0 = performance.now();
      if (interleaved) {
        for (let p = 0; p < q; p += turn)
          for (let c = 0; c < C; c++) caches[c].replay(b, c * q + p, c * q + Math.min(q, p + turn), false, false, out);
      } else for (let c = 0; c < C; c++) caches[c].replay(b, c * q, (c + 1) * q, false, false, out);
      const ms = performance.now() - t0;
      const misses = caches.reduce((s, x) => s + x.counters.values.misses, 0);
      const k = `${interleaved ? "in turns" : "one after the other"}|${slot ? "slot" : "dense"}`;
      const prev = best.get(k);
      if (prev && prev.misses !== misses) throw new Error(`${k}: misses differ between rounds`);
      if (!prev || ms < prev.ms) best.set(k, { ms, misses });
    }
  }
}
const rows = [...best].map(([k, v]) => {
  const [replay, mode] = k.split("|");
  return { replay, mode, "best ms": v.ms.toFixed(0), "M req/s": (n / v.ms / 1000).toFixed(2), misses: v.misses };
});
console.log(
  `${n.toLocaleString("en-US")} requests, ${C} LRU near caches of ${capacity} objects, ${ids.toLocaleString("en-US")} ids; best of ${values.rounds}; load average ${loadavg()[0].toFixed(2)}\n`,
);
console.log(markdownTable(rows));
