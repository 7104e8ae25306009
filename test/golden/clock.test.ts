import { clock } from "../../src/policies/eviction/clock.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our clock follows libCacheSim's implementation detail for detail and in fact reproduces its counts
// exactly on every reference row, so the test asserts both: the tolerance and the exact counts.
goldenSuite("golden: clock on oracleGeneral against libCacheSim", clock, { tolerance: TOLERANCE, exact: true });
