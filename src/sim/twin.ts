// The twin run that makes a prefetcher's coverage honest. Coverage = demand misses avoided / the
// misses the same cache would have had without prefetching. Rather than trust the prefetcher's own
// bookkeeping, the job replays every batch through a second node — same eviction policy, same
// capacity, no prefetcher — in the same pass, and compares miss counts at the end. It costs one
// more replay per job (the twin takes the engine's fast loop, so usually less than the prefetching
// node itself) and the twin policy's memory; reading the workload is shared.
import type { CacheNode } from "../engine/node.js";
import { GET, type RequestBatch } from "../workload/types.js";

/**
 * Passes `batches` through unchanged after replaying each one through `twin`, with the same
 * warm-up (the twin's counters are reset after `warmup` positions, as drive() does for the node).
 */
export function* withTwin(
  batches: Iterable<RequestBatch>,
  twin: CacheNode,
  o: { bytes: boolean; ops: boolean; warmup: number },
): Generator<RequestBatch> {
  let done = 0;
  let warm = o.warmup <= 0;
  for (const b of batches) {
    const ops = o.ops && hasNonGet(b);
    let i = 0;
    while (i < b.length) {
      const end = warm ? b.length : Math.min(b.length, i + (o.warmup - done));
      twin.replay(b, i, end, o.bytes, ops);
      done += end - i;
      i = end;
      if (!warm && done === o.warmup) {
        warm = true;
        twin.counters.reset();
      }
    }
    yield b;
  }
}

function hasNonGet(b: RequestBatch): boolean {
  const op = b.op;
  for (let i = 0; i < b.length; i++) if (op[i] !== GET) return true;
  return false;
}
