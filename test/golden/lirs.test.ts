import { lirs } from "../../src/policies/eviction/lirs.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our LIRS defers the evictions libCacheSim performs inside hits and keeps S pruned where libCacheSim
// does not (see lirs.ts); measured miss-ratio differences are at most 0.00004 in absolute value
// (48 objects: +2 misses; 489 and 4897 objects: exact; bytes: -4 and -1 misses).
goldenSuite("golden: lirs on oracleGeneral against libCacheSim", lirs, { tolerance: TOLERANCE });
