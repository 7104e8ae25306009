import { wtinylfu } from "../../src/policies/eviction/wtinylfu.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// libCacheSim has wtinylfu rows only from 489 objects up (its 1% window truncates to nothing below
// 100 objects); every row it has is checked. Exact counts are not expected: the sketch hashes dense
// ids, libCacheSim hashes the trace's 64-bit ids (see the header of wtinylfu.ts, which documents
// −0.0008 … +0.0026 over seeds 1…20). At this run's seed (42) the miss ratio differs by +0.000158,
// −0.001546, +0.000123 and +0.002327, the byte miss ratio by at most 0.001546; besides the issue's
// 0.005 the rows are held to 0.003, which no other policy (nor W-TinyLFU with 4-bit counters) meets.
goldenSuite("golden: wtinylfu on oracleGeneral is within 0.005 of libCacheSim", wtinylfu, {
  bothUnits: true,
  counts: ["requests", "byteRequests"],
  tolerance: TOLERANCE,
  bound: 0.003,
});
