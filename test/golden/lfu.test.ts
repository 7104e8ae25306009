import { lfu } from "../../src/policies/eviction/lfu.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our lfu follows libCacheSim's implementation detail for detail and in fact reproduces its counts
// exactly on every reference row, so the test asserts both: the tolerance and the exact counts.
goldenSuite("golden: lfu on oracleGeneral against libCacheSim", lfu, { tolerance: TOLERANCE, exact: true });
