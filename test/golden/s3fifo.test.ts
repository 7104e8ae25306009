import { s3fifo } from "../../src/policies/eviction/s3fifo.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// Our S3-FIFO follows libCacheSim's `s3fifo` (move-to-main threshold 2, ghost 0.9) and reproduces
// its counts exactly on every reference row, so the test asserts both: the tolerance and the exact
// counts.
goldenSuite("golden: s3fifo on oracleGeneral against libCacheSim", s3fifo, { tolerance: TOLERANCE, exact: true });
