// name → Spec for every built-in prefetcher. Adding one: one file, one line here.
import { none } from "./none.js";
import type { PrefetchSpec } from "./types.js";

export const prefetchers = {
  none,
} satisfies Record<string, PrefetchSpec>;
