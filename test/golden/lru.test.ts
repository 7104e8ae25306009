import { lru } from "../../src/policies/eviction/lru.js";
import { goldenSuite } from "./reference.js";

goldenSuite("golden: lru on oracleGeneral matches libCacheSim exactly", lru, { exact: true });
