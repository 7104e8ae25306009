import { gdsf } from "../../src/policies/eviction/gdsf.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

// GDSF is deterministic (ties broken by last request time, as libCacheSim's ordered set does), so
// the counts match libCacheSim exactly, which is stronger than the 0.005 tolerance required of it.
goldenSuite("golden: gdsf on oracleGeneral matches libCacheSim exactly", gdsf, {
  bothUnits: true,
  tolerance: TOLERANCE,
  byteRatio: false,
  exact: true,
});
