// A stream with a listener: the same batch source, with a function called on every batch as it
// passes (and once when a pass starts). Every other property of the source — getters such as
// `objects`, and what a reader adds (`interner`, `notes`) — is the source's own. This is how a
// progress report, a clock span, a working-set tally or a reuse-distance tally ride along one
// read of a trace instead of each wrapping the stream in a hand-written copy. `extra` adds
// properties (a `summary()`, a `span()`) to the view without touching the source itself.
import type { RequestBatch } from "./types.js";

export function tapped<T extends Iterable<RequestBatch>, E extends object = object>(
  source: T,
  onBatch: (b: RequestBatch) => void,
  onStart?: () => void,
  extra?: E,
): T & E {
  return new Proxy(source, {
    get(target, prop) {
      if (extra !== undefined && Object.hasOwn(extra, prop)) return (extra as Record<PropertyKey, unknown>)[prop];
      if (prop === Symbol.iterator) {
        return function* () {
          onStart?.();
          for (const b of target) {
            onBatch(b);
            yield b;
          }
        };
      }
      return Reflect.get(target, prop, target);
    },
  }) as T & E;
}
