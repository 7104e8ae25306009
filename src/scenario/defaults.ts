// Every default a run falls back on when neither the scenario file nor a flag says otherwise, in one
// place, each with what it is and why. The scenario schema, the loader, the file `cachelab init`
// writes, the init questions and the commands' --help texts all read these constants: change a
// default here and every one of them follows.
//
// Not here: the defaults of the synthetic workload's own fields (Zipf alpha 1 when a file omits it,
// hotspot 20 %/80 %, 4 KiB objects, 10,000 requests/s, Poisson arrivals). They belong to the
// workload and live with its schema in src/workload/generators/schema.ts.
import type { Unit } from "../core/unit.js";

// ---------------------------------------------------------------------------------------------
// A run (scenario file fields and the flags of `cachelab simulate`)

/**
 * Seed of synthetic workloads and of random policies. Any fixed value makes a run repeatable byte
 * for byte; 42 only because some value has to be first.
 */
export const DEFAULT_SEED = 42;

/**
 * What capacity counts: objects, because that is how most eviction papers and libCacheSim's
 * reference numbers compare policies (every object costs one slot, sizes do not matter).
 */
export const DEFAULT_UNIT: Unit = "objects";

/**
 * Cache sizes: 1 % and 10 % of the working set (the distinct objects the workload touches, or their
 * bytes). A share fits any workload without knowing its size first; 1 % is a small cache where
 * policies differ most, 10 % a comfortable one.
 */
export const DEFAULT_CAPACITY: readonly string[] = ["1%", "10%"];

/**
 * The eviction policies compared when none are named (by `simulate --trace` and in the file `init`
 * writes): the classic baselines LRU and FIFO, CLOCK (what most systems really run), and the
 * scan- and one-hit-wonder-resistant ones SIEVE, S3-FIFO, ARC, 2Q and W-TinyLFU. Eight policies at
 * two sizes is sixteen pairs: quick on a laptop, and enough to see which family suits a workload.
 */
/**
 * Prefetching is off unless a run names prefetchers (`--prefetch` or `cache.prefetch`): rows then
 * gain a `prefetch` section and each prefetcher is a dimension of the comparison, `none` the
 * baseline (docs/prefetch.md).
 */
export const DEFAULT_PREFETCH: readonly string[] = [];

export const DEFAULT_EVICTION: readonly string[] = [
  "lru",
  "fifo",
  "clock",
  "sieve",
  "s3fifo",
  "arc",
  "twoq",
  "wtinylfu",
];

/**
 * Requests replayed before counting starts: none, so hit and miss counts compare one to one with
 * other simulators (libCacheSim counts from the first request). Give a count or a share like 10 %.
 */
export const DEFAULT_WARMUP = 0;

/**
 * Window of the miss-ratio series, in requests. `auto` starts at 1,024 requests and doubles the
 * window whenever the series would pass 256 points, so any length of workload gets 128–256 points
 * (src/sim/drive.ts does the doubling).
 */
export const DEFAULT_WINDOW = "auto" as const;

/** The `auto` window in words, for help texts. */
export const AUTO_WINDOW_TEXT = "auto starts at 1,024 requests and doubles to keep 128–256 points";

// ---------------------------------------------------------------------------------------------
// A synthetic workload when nothing describes one: what `init` offers and `trace generate` makes
// without a scenario file.

/** Distinct objects: 100,000, enough that 1 % (1,000 objects) is still a meaningful cache. */
export const DEFAULT_OBJECTS = 100_000;

/** Requests: 1,000,000, ten per object on average, so the popular objects repeat many times. */
export const DEFAULT_REQUESTS = 1_000_000;

/** Key popularity: Zipf, the shape of web, CDN and key-value traffic. */
export const DEFAULT_KEYS = "zipf" as const;

/** Zipf skew `init` writes: 0.9, in the middle of the 0.6–1.2 measured on web and CDN traces. */
export const DEFAULT_ALPHA = 0.9;

/** Hotspot: 20 % of the objects are hot and draw 80 % of the requests (the 80/20 rule). */
export const DEFAULT_HOT_FRACTION = 0.2;
export const DEFAULT_HOT_REQUEST_FRACTION = 0.8;

/** Scan mix: 10 % of the requests are sequential scans, enough to hurt LRU visibly. */
export const DEFAULT_SCAN_FRACTION = 0.1;

/** Objects per scan: a tenth of the objects, so one scan flushes a cache of up to 10 %. */
export function defaultScanLength(objects: number): number {
  return Math.max(1, Math.round(objects / 10));
}

/** Object size: 4 KiB, a memory page and a common block and value size. */
export const DEFAULT_OBJECT_SIZE = "4KiB";

/** Spread of lognormal sizes: sigma 1, most sizes within 0.37×–2.7× of the median. */
export const DEFAULT_SIGMA = 1;

/** Name of a scenario `init` writes when neither --name nor --out names it. */
export const DEFAULT_SCENARIO_NAME = "my-scenario";

/**
 * Bytes of one broadcast invalidation message: a RESP3 push `>2 $10 invalidate *1 $N key` is about
 * 30 bytes plus the key; keys are not kept by the simulator, so a typical 16-byte key is assumed.
 */
export const INVALIDATION_MESSAGE_BYTES = 48;
