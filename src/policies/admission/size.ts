// Size threshold admission: never cache objects larger than `maxSize`.
//
// The simplest size-aware admission policy, the static baseline of the AdaptSize paper (Berger,
// Sitaraman and Harchol-Balter, "AdaptSize: Orchestrating the Hot Object Memory Cache in a Content
// Delivery Network", USENIX NSDI 2017, section 2, after Abrams et al.'s size thresholds for Web
// proxies, 1995): one large object can push out many small ones that together would have earned
// more hits, so objects above a threshold bypass the cache. A missed object is admitted iff its
// size (in the run's unit) is at most maxSize, whether or not an eviction is needed; the victim is
// not consulted. In `objects` unit every size is 1, so any maxSize ≥ 1 admits everything.
//
// Parameters: maxSize (largest admitted size, in the run's unit; default 1 MiB = 1048576).
import type { AdmissionPolicy, AdmissionSpec } from "./types.js";

export class SizeThreshold implements AdmissionPolicy {
  constructor(readonly maxSize: number) {}
  admit(_id: number, size: number, _victim: number): boolean {
    return size <= this.maxSize;
  }
}

export const size = {
  name: "size",
  aliases: ["size-threshold"],
  summary: "Admit an object only if its size is at most maxSize.",
  cite: "Berger, Sitaraman, Harchol-Balter, AdaptSize: Orchestrating the Hot Object Memory Cache in a CDN, NSDI 2017",
  defaults: { maxSize: 1048576 },
  params: {
    maxSize: { description: "Largest admitted size, in the run's unit (bytes or objects)", min: 0, max: 2 ** 53 },
  },
  create: (p, _ctx) => new SizeThreshold(p.maxSize),
} satisfies AdmissionSpec;
