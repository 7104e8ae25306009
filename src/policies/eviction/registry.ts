// name → Spec for every built-in eviction policy. Adding a policy: one file, one line here.
import { arc } from "./arc.js";
import { belady } from "./belady.js";
import { beladySize } from "./belady-size.js";
import { clock } from "./clock.js";
import { fifo } from "./fifo.js";
import { gdsf } from "./gdsf.js";
import { lfu } from "./lfu.js";
import { lhd } from "./lhd.js";
import { lirs } from "./lirs.js";
import { lru } from "./lru.js";
import { random } from "./random.js";
import { s3fifo } from "./s3fifo.js";
import { sieve } from "./sieve.js";
import { slru } from "./slru.js";
import { twoq } from "./twoq.js";
import type { EvictionSpec } from "./types.js";
import { wtinylfu } from "./wtinylfu.js";

export const evictionPolicies = {
  lru,
  fifo,
  clock,
  random,
  sieve,
  lfu,
  belady,
  beladySize,
  twoq,
  slru,
  arc,
  lirs,
  s3fifo,
  wtinylfu,
  gdsf,
  lhd,
} satisfies Record<string, EvictionSpec>;
