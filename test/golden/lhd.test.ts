import { lhd } from "../../src/policies/eviction/lhd.js";
import { goldenSuite, TOLERANCE } from "./reference.js";

goldenSuite("golden: lhd on oracleGeneral", lhd, {
  bothUnits: true,
  checks: [
    // libCacheSim's generator starts at 0 in each simulation thread: seed 0 draws the same numbers,
    // so LHD's random sampling picks the same victims and the counts agree exactly
    { name: ": seed 0 reproduces libCacheSim's counts exactly", seed: 0, exact: true },
    // any other seed samples other victims; the miss ratio must still be within the tolerance
    { name: `: seed 42 is within ${TOLERANCE}`, seed: 42, counts: ["requests"], tolerance: TOLERANCE },
  ],
});
