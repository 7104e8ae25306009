import { sieve } from "../../src/policies/eviction/sieve.js";
import { goldenSuite } from "./reference.js";

goldenSuite("golden: sieve on oracleGeneral matches libCacheSim exactly", sieve, { exact: true });
