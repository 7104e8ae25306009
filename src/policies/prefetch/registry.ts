// name → Spec for every built-in prefetcher. Adding one: one file, one line here.
import { context } from "./context.js";
import { markov } from "./markov.js";
import { mithril } from "./mithril.js";
import { none } from "./none.js";
import { obl } from "./obl.js";
import { pg } from "./pg.js";
import type { PrefetchSpec } from "./types.js";

export const prefetchers = {
  none,
  obl,
  pg,
  mithril,
  markov,
  context,
} satisfies Record<string, PrefetchSpec>;
