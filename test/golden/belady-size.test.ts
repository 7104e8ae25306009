import { beladySize } from "../../src/policies/eviction/belady-size.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Within a tolerance only: libCacheSim samples victims from its hash table, we cannot replay its
// draws. Each row runs with the default (128 samples per eviction, libCacheSim's n-sample) and with
// the exact scan. At this run's seed (42) the miss ratio differs by +0.000175 and −0.002213 (sampled)
// and −0.002152 and −0.002003 (exact), the byte miss ratio by at most 0.002341 (exact, 202,976,972
// bytes); over seeds 1…20 the sampled 202,976,972-byte row spans −0.0026 … −0.0021. Besides the
// issue's 0.005, the rows are held to 0.003, which Belady (0.026 away) and every other policy miss.
goldenSuite("golden: beladySize on oracleGeneral against libCacheSim (within tolerance)", beladySize, {
  checks: [128, 0].map((samples) => ({
    name: `, samples=${samples}`,
    params: { samples },
    counts: ["requests", "byteRequests"] as const,
    tolerance: TOLERANCE,
    bound: 0.003,
  })),
});
