import { belady } from "../../src/policies/eviction/belady.js";
import { goldenSuite } from "./reference.js";

// run() fills ctx.nextAccess because the spec is marked oracle.
goldenSuite("golden: belady on oracleGeneral matches libCacheSim exactly", belady, { exact: true });
