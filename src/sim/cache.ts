// One cache: an eviction policy (and optional admission filter) behind the request loop that owns
// every counter, as libCacheSim's cache_get_base does. Semantics, chosen to match libCacheSim so
// miss counts compare exactly:
// - a GET that finds the object is a hit; a hit never changes the stored size;
// - on a miss the object is inserted unless it is larger than the whole cache or the admission
//   filter refuses it; victims are evicted until it fits, then it is inserted;
// - in `objects` unit every object has size 1 (capacity counts objects, byte counters count 1 per
//   request, as libCacheSim's --ignore-obj-size does).
import type { AdmissionPolicy } from "../policies/admission/types.js";
import type { EvictionPolicy } from "../policies/eviction/types.js";

export type Unit = "objects" | "bytes";

export interface Counters {
  requests: number;
  misses: number;
  byteRequests: number;
  byteMisses: number;
  evictions: number;
}

export function newCounters(): Counters {
  return { requests: 0, misses: 0, byteRequests: 0, byteMisses: 0, evictions: 0 };
}

export class Cache {
  readonly counters: Counters = newCounters();
  constructor(
    readonly policy: EvictionPolicy,
    readonly capacity: number,
    readonly admission?: AdmissionPolicy,
  ) {}

  /** One GET of `id` (size already in the run's unit). Returns whether it hit. */
  get(id: number, size: number): boolean {
    const c = this.counters;
    c.requests++;
    c.byteRequests += size;
    const adm = this.admission;
    if (adm?.record) adm.record(id);
    const policy = this.policy;
    if (policy.find(id, true)) return true;
    c.misses++;
    c.byteMisses += size;
    const capacity = this.capacity;
    if (size > capacity) return false;
    if (adm && !adm.admit(id, size, policy.usedBytes + size > capacity ? policy.victim() : -1)) return false;
    while (policy.usedBytes + size > capacity) {
      policy.evict();
      c.evictions++;
    }
    policy.insert(id, size);
    return false;
  }

  /** A DELETE: the object leaves the cache; counts as a request, not as a miss. */
  delete(id: number): void {
    this.policy.remove(id);
  }
}
