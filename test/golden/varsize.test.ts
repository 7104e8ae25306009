// Golden tests on the variable-size trace (zipf0.9-lognormal: lognormal sizes from 1 byte to 1 MiB,
// so a single object can be a quarter of the smaller cache). The CloudPhysics sample has nearly
// uniform block sizes and cannot show what a policy does with an object large relative to a queue,
// a segment or a window; this trace can. libCacheSim's reference prints ratios to 4 decimals and no
// raw counts, so a policy that matches it exactly is held to PRINTED (±0.00005); the others to the
// issue's 0.005 and, besides, to a bound just above what their headers document.
import { arc } from "../../src/policies/eviction/arc.js";
import { belady } from "../../src/policies/eviction/belady.js";
import { beladySize } from "../../src/policies/eviction/belady-size.js";
import { clock } from "../../src/policies/eviction/clock.js";
import { fifo } from "../../src/policies/eviction/fifo.js";
import { gdsf } from "../../src/policies/eviction/gdsf.js";
import { lfu } from "../../src/policies/eviction/lfu.js";
import { lhd } from "../../src/policies/eviction/lhd.js";
import { lirs } from "../../src/policies/eviction/lirs.js";
import { lru } from "../../src/policies/eviction/lru.js";
import { s3fifo } from "../../src/policies/eviction/s3fifo.js";
import { sieve } from "../../src/policies/eviction/sieve.js";
import { slru } from "../../src/policies/eviction/slru.js";
import { twoq } from "../../src/policies/eviction/twoq.js";
import type { EvictionSpec } from "../../src/policies/eviction/types.js";
import { wtinylfu } from "../../src/policies/eviction/wtinylfu.js";
import { type GoldenCheck, goldenSuite, PRINTED, TOLERANCE, VARSIZE_TRACE } from "./reference.js";

const cases: [EvictionSpec, GoldenCheck][] = [
  // fully specified: identical counts, so the printed ratios agree to the last digit
  [lru, { bound: PRINTED }],
  [fifo, { bound: PRINTED }],
  [clock, { bound: PRINTED }],
  [sieve, { bound: PRINTED }],
  [lfu, { bound: PRINTED }],
  [gdsf, { bound: PRINTED }],
  [belady, { bound: PRINTED }],
  // samples 128 residents per eviction; libCacheSim's draws cannot be replayed (see belady-size.ts):
  // at seed 42 the largest difference is 0.0042 (miss ratio at 4,309,764 bytes), so only the 0.005
  [beladySize, {}],
  // size rules from libCacheSim (see each header): nothing larger than the small queue (S3-FIFO),
  // than a segment (SLRU), in-hit evictions through overfull (SLRU), the incoming size for ARC's
  // case IV through admits; with them these match libCacheSim's printed ratios
  [s3fifo, { bound: PRINTED }],
  [slru, { bound: PRINTED }],
  [arc, { bound: PRINTED }],
  // LHD samples with libCacheSim's generator from libCacheSim's seed 0 (see lhd.ts)
  [lhd, { bound: PRINTED, seed: 0 }],
  // 2Q: its byte miss ratio at 4,309,764 bytes is 0.70026 against a printed 0.7002
  [twoq, { bound: 0.0001 }],
  // LIRS refuses objects larger than its 1 % HIR share (LIRS_can_insert): within 0.0011
  [lirs, { bound: 0.0015 }],
  // W-TinyLFU with libCacheSim's aging, refusing objects larger than the window: within 0.0008
  [wtinylfu, { bound: 0.001, params: { libcachesimAging: 1 } }],
];

for (const [spec, check] of cases) {
  goldenSuite(`golden: ${spec.name} on the variable-size trace against libCacheSim`, spec, {
    trace: VARSIZE_TRACE,
    bothUnits: true,
    counts: ["requests"],
    tolerance: TOLERANCE,
    ...check,
  });
}
