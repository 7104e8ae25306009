import { beladySize } from "../../src/policies/eviction/belady-size.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Within the tolerance only: libCacheSim samples victims from its hash table, we cannot replay its
// draws. Each row runs with the default (128 samples per eviction, libCacheSim's n-sample) and with
// the exact scan.
goldenSuite("golden: beladySize on oracleGeneral against libCacheSim (within tolerance)", beladySize, {
  checks: [128, 0].map((samples) => ({
    name: `, samples=${samples}`,
    params: { samples },
    counts: ["requests", "byteRequests"] as const,
    tolerance: TOLERANCE,
  })),
});
