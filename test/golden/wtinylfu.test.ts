import { wtinylfu } from "../../src/policies/eviction/wtinylfu.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// libCacheSim has wtinylfu rows only from 489 objects up (its 1% window truncates to nothing below
// 100 objects); every row it has is checked. Exact counts are not expected: the sketch hashes dense
// ids, libCacheSim hashes the trace's 64-bit ids (see the header of wtinylfu.ts).
goldenSuite("golden: wtinylfu on oracleGeneral is within 0.005 of libCacheSim", wtinylfu, {
  bothUnits: true,
  counts: ["requests", "byteRequests"],
  tolerance: TOLERANCE,
});
