import { twoq } from "../../src/policies/eviction/twoq.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our 2Q follows libCacheSim's `twoq` and reproduces its counts exactly on every reference row (the
// deferred Am eviction described in twoq.ts never changes a miss here), so the test asserts both: the
// tolerance and the exact counts.
goldenSuite("golden: twoq on oracleGeneral against libCacheSim", twoq, { tolerance: TOLERANCE, exact: true });
