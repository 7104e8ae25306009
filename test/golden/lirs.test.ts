import { lirs } from "../../src/policies/eviction/lirs.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our LIRS defers the evictions libCacheSim performs inside hits and keeps S pruned where libCacheSim
// does not (see lirs.ts): measured miss-ratio differences are at most 0.000035 in absolute value
// (48 objects: +2 misses; 489 and 4897 objects: exact; bytes: −4 and −1 misses), byte miss ratios at
// most 0.000018. Besides the 0.005, the rows are held to 0.0001, which LIRS with hirRatio 0.02
// instead of 0.01 (within 0.005 on every row) does not meet.
goldenSuite("golden: lirs on oracleGeneral against libCacheSim", lirs, { tolerance: TOLERANCE, bound: 0.0001 });
