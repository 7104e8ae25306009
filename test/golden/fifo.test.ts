import { fifo } from "../../src/policies/eviction/fifo.js";
import { goldenSuite } from "./reference.js";

goldenSuite("golden: fifo on oracleGeneral matches libCacheSim exactly", fifo, { exact: true });
